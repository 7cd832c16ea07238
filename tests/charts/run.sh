#!/usr/bin/env bash
# Chart library (render/): unit tests, reference images, no ink outside the
# chart box, RTL mirroring, and a sample PDF checked with poppler-utils.
# Builds with cc directly into tests/out/charts/.
#
# usage: tests/charts/run.sh            compare with tests/charts/ref/*.png
#        tests/charts/run.sh --update   regenerate the references
# Prints "ok - …"/"not ok - …" per case, then "N passed, N failed".
set -u
cd "$(dirname "$0")/../.."
OUT=tests/out/charts
REF=tests/charts/ref
mkdir -p "$OUT" "$REF"

CFLAGS="-std=c11 -Wall -Wextra -Werror -O2"
SRC="render/text.c render/numfmt.c render/ticks.c render/palette.c render/chart_frame.c render/chart_bars.c render/chart_line.c
     render/chart_doughnut.c render/table_draw.c render/chart_png.c
     lib/atomic.c lib/util.c"
SRC="$SRC lib/strmap.c"   # render/text.c keeps its measures in a strmap
BIN=$OUT/test_charts
# shellcheck disable=SC2086,SC2046
if ! cc $CFLAGS -D_GNU_SOURCE -Irender -I. tests/charts/test_charts.c $SRC $(pkg-config --cflags --libs pangocairo libpng) -lm -pthread \
        -o "$BIN" 2> "$OUT/build.log"; then
    cat "$OUT/build.log"
    echo "not ok - build"
    echo "0 passed, 1 failed"
    exit 1
fi

update=()
[ "${1:-}" = "--update" ] && update=(--update)
"$BIN" "${update[@]}" "$REF" "$OUT" > "$OUT/results.txt" 2>&1
rc=$?
grep -E '^(not )?ok - ' "$OUT/results.txt"
passed=$(grep -c '^ok - ' "$OUT/results.txt")
failed=$(grep -c '^not ok - ' "$OUT/results.txt")
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then
    tail -5 "$OUT/results.txt"
    echo "not ok - test_charts exited with status $rc"
    failed=$((failed + 1))
fi

ok()   { passed=$((passed + 1)); echo "ok - $*"; }
fail() { failed=$((failed + 1)); echo "not ok - $*"; }

# The sample PDF: fonts embedded (subsets), Arabic text extractable in
# logical order.
pdf=$OUT/sample.pdf
if [ ! -s "$pdf" ]; then
    fail "sample.pdf exists"
else
    fonts=$(pdffonts "$pdf" 2>&1)
    echo "$fonts" > "$OUT/pdffonts.txt"
    # Rows after the two header lines; column "emb" is the 5th from the end.
    not_emb=$(echo "$fonts" | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)
    n_fonts=$(echo "$fonts" | awk 'NR > 2' | wc -l)
    if [ "$n_fonts" -gt 0 ] && [ "$not_emb" -eq 0 ]; then ok "pdffonts: all $n_fonts fonts embedded"
    else fail "pdffonts: fonts not embedded (see $OUT/pdffonts.txt)"; fi
    for f in NotoSans-Regular NotoSansArabic-Regular NotoSans-Bold NotoSansArabic-Bold; do
        if grep -q "+$f " "$OUT/pdffonts.txt"; then ok "pdffonts: $f"; else fail "pdffonts: $f missing"; fi
    done
    pdftotext "$pdf" "$OUT/sample.txt" 2> /dev/null
    # No-break spaces (U+00A0, U+202F) compared as plain spaces.
    sed 's/\xe2\x80\xaf/ /g; s/\xc2\xa0/ /g' "$OUT/sample.txt" > "$OUT/sample-spaces.txt"
    for s in "مراكز التربية والتكوين" "نوع المؤسسة" "دور الطالبة" "Jardins d'enfants" \
             "Centres d'éducation et de formation" "14 108" "7,284"; do
        if grep -qF -- "$s" "$OUT/sample-spaces.txt"; then ok "pdftotext in logical order: $s"
        else fail "pdftotext: [$s] not in $OUT/sample.txt"; fi
    done
    # Lam-alef ligatures (one glyph for two letters) extract as their letters
    # in logical order: poppler (22.12) spreads a glyph's letters over it
    # from left to right, then reverses right-to-left runs, so text.c gives
    # the glyph its letters in the glyph's visual order (alef, then lam).
    for s in "رياض الأطفال" "المركبات الاجتماعية"; do
        if grep -qF -- "$s" "$OUT/sample-spaces.txt"; then ok "pdftotext in logical order, lam-alef too: $s"
        else fail "pdftotext: [$s] not in $OUT/sample.txt"; fi
    done
    # Every ActualText of a lam-alef ligature written by cairo is in glyph
    # order (alef first), none in the order poppler would swap.
    if /usr/bin/python3 - "$pdf" <<'PY'
import re, sys, zlib
data = open(sys.argv[1], "rb").read()
texts = []
for m in re.finditer(rb"stream\r?\n", data):
    end = data.find(b"endstream", m.end())
    try:
        s = zlib.decompress(data[m.end():end])
    except zlib.error:
        continue
    for h in re.findall(rb"/ActualText\s*<feff([0-9a-fA-F]+)>", s):
        texts.append(bytes.fromhex(h.decode()).decode("utf-16-be"))
glyph_order = [t for t in texts if len(t) == 2 and t[0] in "\u0627\u0623\u0625\u0622" and t[1] == "\u0644"]
swapped = [t for t in texts if len(t) == 2 and t[0] == "\u0644" and t[1] in "\u0627\u0623\u0625\u0622"]
sys.exit(0 if glyph_order and not swapped else 1)
PY
    then ok "pdf: lam-alef ligatures carry their letters in glyph order (ActualText)"
    else fail "pdf: lam-alef ligature text not in glyph order"; fi
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
