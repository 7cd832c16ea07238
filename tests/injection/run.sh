#!/usr/bin/env bash
# Injection checks for ingest and aggregate: text that could rewrite a
# terminal, reorder report text or escape the output folder.
#   - control characters and bidi embeddings/overrides/isolates in data
#     strings are refused with their position (tests/ingest/bad/ has the
#     exact messages: control_chars, bidi_controls, stream_controls,
#     nul_in_string, path_traversal);
#   - messages never print such characters raw, whatever they quote;
#   - path-like facility and item strings are data, never file names: the
#     only files written are named by catalogue codes;
#   - a catalogue territory code that is not a plain code is refused;
#   - labels and programme names that look like formulas (=, +, -, @) are
#     text in the workbooks (quotes and titles: tests/xlsx).
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
ING="$BIN/taawun-ingest"
AGG="$BIN/taawun-aggregate"

# Every bad input's messages are plain one-line text: no control byte but
# the line feed, no bidi control.
raw=0
for f in tests/ingest/bad/*.json tests/ingest/bad/*.ndjson; do
    "$ING" -q -o "$T/x/facts.tsv" -s "$T/x/sources.json" "$f" 2> "$T/stderr"
    if LC_ALL=C grep -qP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' "$T/stderr"; then
        raw=1
        fail "messages for $f hold a raw control or bidi character"
    fi
done
[ $raw -eq 0 ] && ok "messages for every bad input are plain text"

# A file name with an escape sequence and a bidi override in it is printed escaped.
name=$'evil\x1b[2J\xe2\x80\xae.json'
printf '{"format": "entraide-facts/1", "source": {"id": "t"}, "facts": [\n  {"geo": "MA-XYZ", "period": "2019", "programme": "all", "indicator": "centres", "value": 1}\n]}\n' > "$T/$name"
"$ING" -q -o "$T/x/facts.tsv" -s "$T/x/sources.json" "$T/$name" 2> "$T/stderr"
check_eq "a file name with ESC and U+202E is printed escaped" \
    "$T/evil\\u001B[2J\\u202E.json:2:11: geo: unknown territory code 'MA-XYZ' (expected MA, MA-01..MA-12 or a province code such as MA-AZI)" \
    "$(head -1 "$T/stderr")"

# Path-like strings where free text is allowed: they stay data.
mkdir -p "$T/in"
$PY - "$T/in/paths.json" <<'PY'
import json, sys
fact = {"geo": "MA-AZI", "period": "2019", "programme": "kindergarten", "indicator": "centres", "value": 1}
facts = [dict(fact, quote="line one\nline two\ttab", note="\u200fmark\u200e"),
         dict(fact, facility="../../../../tmp/escape-facility", value=1),
         dict(fact, facility="/etc/passwd", value=2),
         dict(fact, indicator="items", programme="disability_support", item="../../escape-item", value=3),
         dict(fact, geo="MA-05", geo_as_reported="../MA-05", value=4)]
json.dump({"format": "entraide-facts/1", "source": {"id": "paths", "title": "../../escape-title", "file": "../../../etc/shadow"},
           "facts": facts}, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$ING" -q -o "$T/w/facts.tsv" -s "$T/w/sources.json" "$T/in" 2> "$T/stderr"
check_eq "path-like facility, item, title: ingest accepts them as text" 0 $?
check_eq "a quote with a tab and a line break stays on one canonical line" 6 "$(wc -l < "$T/w/facts.tsv")"
grep -qF 'line one\nline two\ttab' "$T/w/facts.tsv" && ok "tab and line break escaped in the canonical facts" \
    || fail "tab and line break not escaped in the canonical facts"
grep -qF $'\u200fmark\u200e' "$T/w/facts.tsv" && ok "bidi marks (U+200E, U+200F) are kept" || fail "bidi marks lost"
"$AGG" -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/w" 2> "$T/stderr"
check_eq "path-like strings: aggregate exit 0" 0 $?
# every file written is named by a catalogue territory code
codes=$(cut -d, -f1 input/catalog/morocco-territories.csv | tail -n +2 | sort)
written=$(ls "$T/w/cube" | sed 's/\.json$//' | sort)
check_eq "cube/ holds only catalogue codes" "" "$(comm -13 <(echo "$codes") <(echo "$written"))"
check_eq "WORK holds only cube/, facts.tsv, quality.json, scopes.mk, scopes.tsv, sources.json" \
    "cube facts.tsv quality.json scopes.mk scopes.tsv sources.json" "$(ls "$T/w" | paste -sd' ')"
scopes=$(sed -n 's/^SCOPES :=//p' "$T/w/scopes.mk" | tr ' ' '\n' | sed '/^$/d' | sort)
check_eq "scopes.mk lists catalogue codes only" "" "$(comm -13 <(echo "$codes") <(echo "$scopes"))"
check_eq "nothing written where the strings point" "" \
    "$(find /tmp "$T" -maxdepth 3 -name 'escape-*' 2>/dev/null)"
$PY - "$T/w/cube/MA-AZI.json" <<'PY' && ok "the quote reaches the slice as it was given" || fail "the quote changed on its way to the slice"
import json, sys
cells = json.load(open(sys.argv[1], encoding="utf-8"))["cells"]
quotes = {r["quote"] for c in cells for r in c["reported"]}
sys.exit(0 if "line one\nline two\ttab" in quotes else 1)
PY

# The catalogue: territory codes name files and make targets, so they must be plain.
for bad in '../x' 'MA-$(shell id)' 'MA 01' '-MA'; do
    rm -rf "$T/cat"
    cp -r input/catalog "$T/cat"
    printf '"%s",province,X,X,MA-05,province,,X,MA-05,,0,,\n' "$bad" >> "$T/cat/morocco-territories.csv"
    "$ING" -q -c "$T/cat" -o "$T/x/facts.tsv" -s "$T/x/sources.json" input 2> "$T/stderr"
    rc=$?
    check_eq "catalogue code '$bad' refused (exit 1)" 1 "$rc"
    check_contains "catalogue code '$bad' refused: message" "$T/stderr" \
        "code: territory code '$bad' is not a plain code (expected letters, digits, '-' and '_': codes name output files and make targets)"
done

# Labels that look like formulas (template labels and catalogue names
# starting with =, +, - or @) are text in the workbooks, and the PDF shows
# them as they are.
rm -rf "$T/cat" "$T/tpl" "$T/lw"
cp -r input/catalog "$T/cat"
cp -r templates "$T/tpl"
$PY - "$T/tpl/labels.json" "$T/cat/programmes.json" <<'PY'
import json, sys
lab, prog = sys.argv[1], sys.argv[2]
d = json.load(open(lab, encoding="utf-8"))
for lang in ("ar", "fr"):
    for i, k in enumerate(sorted(k for k, v in d[lang].items() if isinstance(v, str))):
        d[lang][k] = "=+-@"[i % 4] + d[lang][k]
json.dump(d, open(lab, "w", encoding="utf-8"), ensure_ascii=False)
p = json.load(open(prog, encoding="utf-8"))
for i, x in enumerate(p["programmes"]):
    x["fr"] = ("=HYPERLINK(\"http://x\",\"%s\")" if i % 2 else "@%s") % x["fr"]
    x["ar"] = "+" + x["ar"]
json.dump(p, open(prog, "w", encoding="utf-8"), ensure_ascii=False)
PY
"$ING" -q -o "$T/lw/facts.tsv" -s "$T/lw/sources.json" input && "$AGG" -q -f "$T/lw/facts.tsv" -s "$T/lw/sources.json" -o "$T/lw"
check_eq "formula-like labels: ingest and aggregate" 0 $?
for lang in ar fr; do
    "$BIN/taawun-xlsx" --slice "$T/lw/cube/MA-05.json" --lang $lang --templates "$T/tpl" --catalog "$T/cat" \
        --output "$T/lw/MA-05-$lang.xlsx" 2> "$T/stderr"
    check_eq "formula-like labels: workbook $lang written" 0 $?
    "$BIN/taawun-pdf" --slice "$T/lw/cube/MA-05.json" --lang $lang --templates "$T/tpl" --catalog "$T/cat" \
        --output "$T/lw/MA-05-$lang.pdf" 2> "$T/stderr"
    check_eq "formula-like labels: PDF $lang written" 0 $?
done
while IFS= read -r line; do
    case $line in "ok - "*) ok "${line#ok - }" ;; *) fail "${line#not ok - }" ;; esac
done < <($PY - "$T/lw" "$T/cat/programmes.json" 2>&1 <<'PY'
import json, re, subprocess, sys, zipfile
import openpyxl
d = sys.argv[1]
names = {lang: {x[lang] for x in json.load(open(sys.argv[2], encoding="utf-8"))["programmes"]} for lang in ("ar", "fr")}
for lang in ("ar", "fr"):
    path = "%s/MA-05-%s.xlsx" % (d, lang)
    wb = openpyxl.load_workbook(path)
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@" and c.data_type == "s"]
    formulas = [c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    bad = [f for f in formulas if not re.fullmatch(r"=SUM\([A-Z]+[0-9]+(:[A-Z]+[0-9]+)?\)", f)]
    prog = [c.value for c in texts if c.value in names[lang]]
    print(("ok - " if len(texts) >= 20 and prog else "not ok - ") +
          "formula-like labels, %s: %d cells starting with = + - @ are strings (programmes among them: %d)" % (lang, len(texts), len(prog)))
    print(("ok - " if not bad else "not ok - ") +
          "formula-like labels, %s: the only formulas are the %d totals =SUM(...)%s" % (lang, len(formulas), " %r" % bad[:3] if bad else ""))
    xml = b"".join(zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist() if n.startswith("xl/worksheets/"))
    print(("ok - " if b"HYPERLINK" not in b"".join(re.findall(rb"<f>[^<]*</f>", xml)) else "not ok - ") +
          "formula-like labels, %s: no <f> holds a label" % lang)
txt = subprocess.run(["pdftotext", "%s/MA-05-fr.pdf" % d, "-"], capture_output=True, text=True).stdout
print(("ok - " if '=HYPERLINK("http://x"' in txt else "not ok - ") +
      "formula-like labels, fr: the PDF shows a programme name as written")
PY
)

finish
