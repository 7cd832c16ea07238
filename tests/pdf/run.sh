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

# Errors: a slice that is not one, an unknown language.
echo '{}' > "$T/bad.json"
$P --slice "$T/bad.json" --lang fr --output "$T/bad.pdf" 2> "$T/err"
check_eq "not a slice: exit 1" 1 $?
check_contains "not a slice: message" "$T/err" "not a cube slice (expected format taawun-cube/1; rerun aggregate)"
$P --slice "$T/work/cube/MA.json" --lang en --output "$T/x.pdf" 2> "$T/err"
check_eq "unknown language: exit 2" 2 $?
"$P" --help | grep -q '^usage: taawun-pdf' && ok "taawun-pdf --help" || fail "taawun-pdf --help"
finish
