#!/usr/bin/env bash
# PDF reports of the seeds, read back as a reader would (tests/pdf/check_pdf.py),
# their structure tree as a screen reader would (tests/pdf/check_tags.py),
# plus reproducibility: the same input and SOURCE_DATE_EPOCH give the same
# bytes, a different SOURCE_DATE_EPOCH changes only the dates.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s)
"${M[@]}" reports RENDER_EXTS=pdf OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "make reports (pdf): exit 0" 0 $?
$PY tests/pdf/check_pdf.py "$T/out" | tee "$T/check.log" | grep -v '^[0-9]* passed'
PASSED=$((PASSED + $(grep -c '^ok' "$T/check.log")))
FAILED=$((FAILED + $(grep -c '^not ok' "$T/check.log")))
# tagged PDFs: language, structure tree, figures' alternative texts
$PY tests/pdf/check_tags.py "$T/out" | tee "$T/tags.log" | grep -v '^[0-9]* passed'
PASSED=$((PASSED + $(grep -c '^ok' "$T/tags.log")))
FAILED=$((FAILED + $(grep -c '^not ok' "$T/tags.log")))

P=$BIN/taawun-pdf
SOURCE_DATE_EPOCH=1700000000 $P --slice "$T/work/cube/MA-06.json" --lang ar --output "$T/a.pdf"
SOURCE_DATE_EPOCH=1700000000 $P --slice "$T/work/cube/MA-06.json" --lang ar --output "$T/b.pdf"
cmp -s "$T/a.pdf" "$T/b.pdf" && ok "same input, same bytes" || fail "two runs differ"
SOURCE_DATE_EPOCH=1800000000 $P --slice "$T/work/cube/MA-06.json" --lang ar --output "$T/c.pdf"
cmp -s "$T/a.pdf" "$T/c.pdf" && fail "SOURCE_DATE_EPOCH ignored" || ok "another SOURCE_DATE_EPOCH, other bytes"
# only dates differ: the page text with dates blanked is the same
pdftotext "$T/a.pdf" - | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2}-[0-9]{4}/DATE/g' > "$T/a.txt"
pdftotext "$T/c.pdf" - | sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{2}-[0-9]{2}-[0-9]{4}/DATE/g' > "$T/c.txt"
cmp -s "$T/a.txt" "$T/c.txt" && ok "another SOURCE_DATE_EPOCH changes only dates" || fail "more than dates changed"
check_eq "creation date from SOURCE_DATE_EPOCH" "CreationDate:    Tue Nov 14 22:13:20 2023 UTC" "$(pdfinfo "$T/a.pdf" | grep CreationDate)"
# Dates that are true: "generated" is the build's date (the clock without
# SOURCE_DATE_EPOCH), "data as of" the newest source's (Azilal's article of
# 2019-02-27), never one for the other; no source date, no "data as of".
today=$(date -u +%F)
env -u SOURCE_DATE_EPOCH $P --slice "$T/work/cube/MA-AZI.json" --lang fr --output "$T/now.pdf"
pdftotext "$T/now.pdf" "$T/now.txt"
check_contains "without SOURCE_DATE_EPOCH: generated today ($today), data as of 2019-02-27" "$T/now.txt" \
    "Généré le $today · Données au 2019-02-27 · Version des données"
SOURCE_DATE_EPOCH=1700000000 $P --slice "$T/work/cube/MA-06.json" --lang fr --output "$T/undated.pdf"
pdftotext "$T/undated.pdf" "$T/undated.txt"
check_contains "an undated source: generated 2023-11-14, no 'data as of'" "$T/undated.txt" "Généré le 2023-11-14 · Version des données"

# Synthetic data is marked on every page.
echo '{"geo": "MA-AZI", "facility": "MA-AZI/S1", "period": "2023", "programme": "kindergarten", "indicator": "beneficiaries", "value": 40, "source": "synthetic"}' > "$T/syn.ndjson"
"${M[@]}" reports INPUT="$T/syn.ndjson" RENDER_EXTS=pdf OUTPUT="$T/syn" WORK="$T/synwork" > "$T/log" 2>&1
pages=$(pdfinfo "$T/syn/MA-AZI-fr.pdf" | awk '/^Pages:/ { print $2 }')
marks=0
for p in $(seq "$pages"); do
    pdftotext -f "$p" -l "$p" "$T/syn/MA-AZI-fr.pdf" - | grep -q "Données synthétiques" && marks=$((marks + 1))
done
check_eq "synthetic data: marked on each of the $pages pages" "$pages" "$marks"

# Issue 13, made-up figures (clearly named so): a rounded lead and its exact
# restatement by another source; an older national figure beside newer
# partial sums; a region's trend whose last point is a partial sum.
mkdir -p "$T/i13"
cat > "$T/i13/made_up_lead.json" <<'EOF'
{"format": "entraide-facts/1", "source": {"id": "made_up_lead", "title": "Made-up article: the rounded lead", "publisher": "Made-up Press", "published": "2023-05", "lang": "fr"},
 "facts": [{"geo": "MA-01", "period": "2022", "programme": "ramadan_operation", "indicator": "families", "value": 10000, "qualifier": "at_least", "quote": "plus de 10 000 familles"}]}
EOF
cat > "$T/i13/made_up_body.json" <<'EOF'
{"format": "entraide-facts/1", "source": {"id": "made_up_body", "title": "Made-up article: the exact restatement", "publisher": "Made-up Daily", "published": "2023-06", "lang": "fr"},
 "facts": [{"geo": "MA-01", "period": "2022", "programme": "ramadan_operation", "indicator": "families", "value": 10548, "quote": "10 548 familles"}]}
EOF
cat > "$T/i13/made_up_years.json" <<'EOF'
{"format": "entraide-facts/1", "source": {"id": "made_up_years", "title": "Made-up figures: an older national figure beside newer partial sums", "publisher": "Made-up Agency", "published": "2022-01", "lang": "fr"},
 "facts": [
  {"geo": "MA", "period": "2019", "programme": "all", "indicator": "centres", "value": 4000, "quote": "4000 centres"},
  {"geo": "MA", "period": "2019", "programme": "kindergarten", "indicator": "centres", "value": 1500, "quote": "1500 jardins"},
  {"geo": "MA-01", "period": "2021", "programme": "all", "indicator": "centres", "value": 300, "quote": "300 centres"},
  {"geo": "MA-01", "period": "2019", "programme": "all", "indicator": "beneficiaries", "value": 5000, "quote": "5000 bénéficiaires"},
  {"geo": "MA-01", "period": "2020", "programme": "all", "indicator": "beneficiaries", "value": 5200, "quote": "5200 bénéficiaires"},
  {"geo": "MA-TNG", "period": "2021", "programme": "all", "indicator": "beneficiaries", "value": 900, "quote": "900 bénéficiaires"},
  {"geo": "MA-TNG", "period": "2021", "programme": "kindergarten", "indicator": "centres", "value": 20, "quote": "20 jardins"}]}
EOF
"${M[@]}" reports INPUT="$T/i13" OUTPUT="$T/i13out" WORK="$T/i13work" > "$T/log" 2>&1
check_eq "issue 13 made-up figures: make reports exit 0" 0 $?
flat() { pdftotext -layout "$1" - | sed -E 's/[[:space:]]+/ /g; s/^ //'; }
flat "$T/i13out/MA-01-fr.pdf" > "$T/i13/ma01.txt"
flat "$T/i13out/MA-fr.pdf" > "$T/i13/ma.txt"
check_contains "a rounded lead and its exact restatement: the exact figure, with a footnote" "$T/i13/ma01.txt" \
    "Opération Ramadan de soutien alimentaire 2022 10 548 [1]"
check_contains "... the footnote: also reported, the rounded value, its publisher and date" "$T/i13/ma01.txt" \
    "[1] aussi déclaré : plus de 10 000 (Made-up Press, 2023-05)"
check_contains "national programmes: the total is the 2019 complete figure, the newer partial sum with its coverage and period" \
    "$T/i13/ma.txt" "Total 2019 4 000 ≥ 900 (1/12, 2021)"
check_contains "national programmes: kindergartens, their latest complete figure and its period in the row" \
    "$T/i13/ma.txt" "Jardins d'enfants 2019 1 500"
check_contains "national breakdown by region: the region's latest figures, another period named" \
    "$T/i13/ma.txt" "Tanger-Tétouan-Al Hoceima 2021 300 5 200 (2020)"
check_contains "a region's breakdown by province: period and coverage (1/15 programmes)" \
    "$T/i13/ma01.txt" "Tanger-Assilah 2021 ≥ 20 (1/15) 900"
flat "$T/i13out/MA-ar.pdf" > "$T/i13/ma_ar.txt"
check_eq "national breakdown by region in Arabic: the region's row with 300 (2021) and 5,200 (2020)" 1 \
    "$(grep 'طنجة' "$T/i13/ma_ar.txt" | grep '5,200' | grep '2020' | grep '300' | grep -c '2021')"
$PY - "$T/i13out" > "$T/i13/xlsx.log" 2>&1 <<'PY'
import re, sys, zipfile
import openpyxl
out = sys.argv[1]
def rows(book, sheet):
    wb = openpyxl.load_workbook("%s/%s" % (out, book), read_only=True)
    return [r for r in wb[sheet].iter_rows(values_only=True) if any(v is not None for v in r)]
r = [x for x in rows("MA-fr.xlsx", "Par territoire") if x[0] == "Tanger-Tétouan-Al Hoceima"]
print("territory row:", r[0][:5] if r else None)
r = [x for x in rows("MA-ar.xlsx", "حسب المجال الترابي") if x[0] == "طنجة-تطوان-الحسيمة"]
print("territory row ar:", r[0][1:4] if r else None)
r = [x for x in rows("MA-01-fr.xlsx", "Tous les chiffres") if 10548 in x]
print("also reported:", [v for v in r[0] if isinstance(v, str) and "Made-up" in v] if r else None)
z = zipfile.ZipFile("%s/MA-01-fr.xlsx" % out)
for n in sorted(z.namelist()):
    if n.startswith("xl/charts/") and b"<c:lineChart>" in z.read(n):
        x = z.read(n).decode()
        for ser in re.findall(r"<c:ser>.*?</c:ser>", x):
            line = "none" if re.search(r"</c:tx><c:spPr><a:ln><a:noFill/>", ser) else "drawn"
            pts = re.findall(r'<c:pt idx="(\d)"><c:v>(\d+)</c:v>', ser.split("<c:val>")[1])
            print("series:", line, pts)
PY
check_contains "workbook, national breakdown by region: period, figures, the other period in the notes" "$T/i13/xlsx.log" \
    "territory row: ('Tanger-Tétouan-Al Hoceima', '2021', 300, 5200, 'Bénéficiaires: 2020')"
check_contains "workbook, national breakdown by region in Arabic" "$T/i13/xlsx.log" "territory row ar: ('2021', 300, 5200)"
check_contains "workbook, every figure: the value also reported, with its publisher and date" "$T/i13/xlsx.log" \
    "also reported: ['plus de 10\xa0000 (Made-up Press, 2023-05)']"
check_contains "workbook line chart: the complete figures joined (2019, 2020)" "$T/i13/xlsx.log" \
    "series: drawn [('0', '5000'), ('1', '5200')]"
check_contains "workbook line chart: the partial sum (2021) a point of its own, joined to nothing" "$T/i13/xlsx.log" \
    "series: none [('2', '900')]"

# Errors: a slice that is not one, an unknown language.
echo '{}' > "$T/bad.json"
$P --slice "$T/bad.json" --lang fr --output "$T/bad.pdf" 2> "$T/err"
check_eq "not a slice: exit 1" 1 $?
check_contains "not a slice: message" "$T/err" "not a cube slice (expected format taawun-cube/1; rerun aggregate)"
$P --slice "$T/work/cube/MA.json" --lang en --output "$T/x.pdf" 2> "$T/err"
check_eq "unknown language: exit 2" 2 $?
"$P" --help | grep -q '^usage: taawun-pdf' && ok "taawun-pdf --help" || fail "taawun-pdf --help"
finish
