#!/usr/bin/env bash
# The whole pipeline end to end through make, as a user runs it: every stage,
# every scope and language, parallel and incremental builds, byte-identical
# outputs, and bad input leaving the previous reports in place.
set -u
shopt -s nullglob
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s)

"${M[@]}" reports OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "make reports: exit 0" 0 $?
check_eq "make reports: scopes" "SCOPES := MA MA-05 MA-06 MA-11 MA-AZI MA-LAA" "$(tail -1 "$T/work/scopes.mk")"
exts=$("${M[@]}" print-RENDER_EXTS)
for s in MA MA-05 MA-06 MA-11 MA-AZI MA-LAA; do
    for l in ar fr; do
        for e in $exts; do
            [ -s "$T/out/$s-$l.$e" ] && ok "report $s-$l.$e written" || fail "report $s-$l.$e missing"
        done
    done
done
check_eq "no temporary file left in the output" "" "$(find "$T/out" -name '.*tmp*')"
# the renderers see only the project's fonts (render/fonts.conf): every
# font embedded is a Noto font, whatever else the machine has installed
fonts=$(for f in "$T"/out/*.pdf; do pdffonts "$f" | tail -n +3 | awk '{ sub(/^[A-Z]+\+/, "", $1); print $1 }'; done | sort -u)
check_eq "PDFs embed only Noto fonts" "" "$(echo "$fonts" | grep -v '^NotoSans')"
echo "$fonts" | grep -qx 'NotoSansArabic-Bold' && ok "PDFs embed NotoSansArabic-Bold" || fail "no NotoSansArabic-Bold: $fonts"

# Same input, second build from scratch: byte-identical outputs.
"${M[@]}" -j2 reports OUTPUT="$T/out2" WORK="$T/work2" > "$T/log2" 2>&1
check_eq "make -j2 reports: exit 0" 0 $?
for f in $(find "$T/out" "$T/work/cube" -type f | sort); do
    g=${f/$T\/out\//$T/out2/}
    g=${g/$T\/work\//$T/work2/}
    cmp -s "$f" "$g" && ok "byte-identical rebuild: $(basename "$f")" || fail "rebuild differs: $(basename "$f")"
done

# Nothing changed: nothing is rebuilt.
before=$(ls -l --time-style=+%s.%N "$T/out" "$T/work/cube" | md5sum)
"${M[@]}" reports OUTPUT="$T/out" WORK="$T/work" > "$T/log3" 2>&1
after=$(ls -l --time-style=+%s.%N "$T/out" "$T/work/cube" | md5sum)
check_eq "second make reports: nothing rewritten" "$before" "$after"

# Bad input: clear error, non-zero exit, previous reports kept.
mkdir -p "$T/badin"
cp input/*.json "$T/badin/"
cp tests/ingest/bad/negative.json "$T/badin/zz.json"
"${M[@]}" reports INPUT="$T/badin" OUTPUT="$T/out" WORK="$T/work" > "$T/log4" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "bad input: make reports fails ($rc)" || fail "bad input: make reports succeeded"
check_contains "bad input: the message names file, line, column and field" "$T/log4" "$T/badin/zz.json:2:88: value: is negative: -3988 (expected a value >= 0)"
after=$(ls -l --time-style=+%s.%N "$T/out" "$T/work/cube" | md5sum)
check_eq "bad input: previous reports and cube untouched" "$before" "$after"
# make install puts the programs, catalogues and templates under DESTDIR/PREFIX.
"${M[@]}" install DESTDIR="$T/inst" PREFIX=/opt/taawun > "$T/log5" 2>&1
check_eq "make install: exit 0" 0 $?
for f in bin/taawun lib/taawun/taawun-ingest lib/taawun/taawun-aggregate share/taawun/catalog/programmes.json share/taawun/templates/reports.json; do
    [ -e "$T/inst/opt/taawun/$f" ] && ok "installed $f" || fail "not installed: $f"
done
check_eq "installed ingest runs" "taawun-ingest 0.1.0" "$("$T/inst/opt/taawun/lib/taawun/taawun-ingest" --version)"
finish
