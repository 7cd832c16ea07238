#!/usr/bin/env bash
# Excel workbooks (taawun-xlsx): the seeds' workbooks read back with openpyxl
# and LibreOffice (tests/xlsx/check_xlsx.py), formula-like quotes staying
# text, synthetic data marked, byte-identical rebuilds, SOURCE_DATE_EPOCH,
# atomic output and the command line's errors.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s)
X=$BIN/taawun-xlsx

"${M[@]}" reports RENDER_EXTS=xlsx OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "make reports (xlsx): exit 0" 0 $?

# What the source said beside each figure (issue 13): the sheet of every
# figure shows the period's basis when not stated, the territory a figure
# was reported for, the other values reported, and the note.
said() {   # WORKBOOK GEO PERIOD PROGRAMME INDICATOR -> "basis|for|others|note" of that row
    $PY - "$@" <<'PY'
import openpyxl, sys
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb.worksheets[2]
rows = list(ws.iter_rows(values_only=True))
head = [r for r in rows if r and "Base de la période" in r and "Note" in r][0]
i = rows.index(head)
col = {h: k for k, h in enumerate(head)}
geo, per, prog, ind = sys.argv[2:6]
for r in rows[i + 1:]:
    if r[col["Territoire"]] == geo and r[col["Période"]] == per and r[col["Programme"]] == prog and r[col["Indicateur"]] == ind:
        print("|".join(str(r[col[k]] or "") for k in ("Base de la période", "Déclaré pour", "Aussi déclaré", "Note")))
        break
PY
}
check_eq "Laâyoune: an undated article's period is marked inferred, with the note saying how" \
    "période déduite||" \
    "$(said "$T/out/MA-LAA-fr.xlsx" "Laâyoune" "2011/2012" "Maisons du citoyen" "Centres" | cut -d'|' -f1-3)"
check_contains "Laâyoune: the note is shown" <(said "$T/out/MA-LAA-fr.xlsx" "Laâyoune" "2011/2012" "Maisons du citoyen" "Centres") "2011/2012"

# A made-up document: quotes and a title that look like formulas, two
# regions and two years (a table of regions, a trend, a failed rule).
mkdir -p "$T/in"
cat > "$T/in/formula_like.json" <<'EOF'
{"format": "entraide-facts/1",
 "source": {"id": "formula_like", "title": "=SUM(1,2) looks like a formula", "published": "2021-06-30", "lang": "fr"},
 "facts": [
  {"geo": "MA-01", "period": "2021", "programme": "kindergarten", "indicator": "centres", "value": 5, "quote": "=1+1"},
  {"geo": "MA-01", "period": "2021", "programme": "kindergarten", "indicator": "beneficiaries", "value": 120, "quote": "@SUM(A1:A2)"},
  {"geo": "MA-01", "period": "2021", "programme": "all", "indicator": "beneficiaries", "value": 200, "quote": "-200 bénéficiaires"},
  {"geo": "MA-01", "period": "2020", "programme": "all", "indicator": "beneficiaries", "value": 150, "quote": "+150 bénéficiaires"},
  {"geo": "MA-02", "period": "2021", "programme": "all", "indicator": "beneficiaries", "value": 300, "quote": "300 bénéficiaires"}
 ]}
EOF
"${M[@]}" reports RENDER_EXTS=xlsx INPUT="$T/in" OUTPUT="$T/made" WORK="$T/madework" > "$T/log" 2>&1
check_eq "make reports on a made-up document: exit 0" 0 $?

# Synthetic data is said so.
echo '{"geo": "MA-AZI", "facility": "MA-AZI/S1", "period": "2023", "programme": "kindergarten", "indicator": "beneficiaries", "value": 40, "source": "synthetic"}' > "$T/syn.ndjson"
"${M[@]}" reports RENDER_EXTS=xlsx INPUT="$T/syn.ndjson" OUTPUT="$T/syn" WORK="$T/synwork" > "$T/log" 2>&1
check_eq "make reports on a synthetic stream: exit 0" 0 $?

mkdir -p "$T/lo"
timeout 600 $PY tests/xlsx/check_xlsx.py --seeds "$T/out" --made "$T/made" --synthetic "$T/syn" --lo-dir "$T/lo" > "$T/check.log" 2>&1
rc=$?
grep -E '^(ok|not ok) - ' "$T/check.log"
PASSED=$((PASSED + $(grep -c '^ok - ' "$T/check.log")))
FAILED=$((FAILED + $(grep -c '^not ok - ' "$T/check.log")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/check.log"; then
    fail "check_xlsx.py died ($rc)"
    tail -20 "$T/check.log"
fi

# Reproducible: a parallel rebuild gives the same bytes; SOURCE_DATE_EPOCH
# sets the creation time and nothing else changes the bytes.
"${M[@]}" -j2 reports RENDER_EXTS=xlsx OUTPUT="$T/out2" WORK="$T/work2" > "$T/log" 2>&1
check_eq "make -j2 reports (xlsx): exit 0" 0 $?
same=0
n=0
for f in "$T"/out/*.xlsx; do
    n=$((n + 1))
    cmp -s "$f" "$T/out2/$(basename "$f")" && same=$((same + 1))
done
check_eq "make -j2 rebuild: the $n workbooks byte-identical" "$n" "$same"
S=$T/work/cube/MA-06.json
SOURCE_DATE_EPOCH=1700000000 $X --slice "$S" --lang ar --output "$T/a.xlsx"
sleep 1
SOURCE_DATE_EPOCH=1700000000 $X --slice "$S" --lang ar --output "$T/b.xlsx"
cmp -s "$T/a.xlsx" "$T/b.xlsx" && ok "same input and SOURCE_DATE_EPOCH, same bytes" || fail "two runs differ"
SOURCE_DATE_EPOCH=1800000000 $X --slice "$S" --lang ar --output "$T/c.xlsx"
cmp -s "$T/a.xlsx" "$T/c.xlsx" && fail "SOURCE_DATE_EPOCH ignored" || ok "another SOURCE_DATE_EPOCH, other bytes"
created() { unzip -p "$1" docProps/core.xml | sed -n 's/.*<dcterms:created[^>]*>\([^<]*\)<.*/\1/p'; }
check_eq "created from SOURCE_DATE_EPOCH" "2023-11-14T22:13:20Z" "$(created "$T/a.xlsx")"
# without SOURCE_DATE_EPOCH: the build's date (the clock), and the newest
# source's date as "data as of" on the summary sheet
today=$(date -u +%F)
env -u SOURCE_DATE_EPOCH "$X" --slice "$T/work/cube/MA-AZI.json" --lang fr --output "$T/d.xlsx"
check_eq "no SOURCE_DATE_EPOCH: created today" "$today" "$(created "$T/d.xlsx" | cut -c1-10)"
check_eq "summary: generated today, data as of 2019-02-27 (Azilal's article)" "$today|2019-02-27" \
    "$($PY -c 'import openpyxl, sys
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r and r[0]}
g = rows.get("Généré le")
print("%s|%s" % (g.strftime("%Y-%m-%d") if hasattr(g, "strftime") else g, rows.get("Données au")))' "$T/d.xlsx")"
stamps=$(unzip -l "$T/a.xlsx" | awk '$2 ~ /^[0-9][0-9][0-9][0-9]-/ { print $2 }' | sort -u)
check_eq "zip entries carry a fixed date, not the clock" "1980-01-01" "$stamps"

# Errors: usage (2), bad data or template (1), I/O (3); never a partial file.
"$X" --help | grep -q '^usage: taawun-xlsx' && ok "taawun-xlsx --help" || fail "taawun-xlsx --help"
check_eq "taawun-xlsx --version" "taawun-xlsx 0.1.0" "$("$X" --version)"
"$X" --slice "$S" --lang en --output "$T/x.xlsx" 2> "$T/err"
check_eq "unknown language: exit 2" 2 $?
check_contains "unknown language: message" "$T/err" "taawun-xlsx: --lang en: unknown language (expected ar or fr)"
"$X" --slice "$S" --lang fr 2> /dev/null
check_eq "no --output: exit 2" 2 $?
echo '{}' > "$T/bad.json"
"$X" --slice "$T/bad.json" --lang fr --output "$T/x.xlsx" 2> "$T/err"
check_eq "not a slice: exit 1" 1 $?
check_contains "not a slice: message" "$T/err" "$T/bad.json: not a cube slice (expected format taawun-cube/1; rerun aggregate)"
"$X" --slice "$T/missing.json" --lang fr --output "$T/x.xlsx" 2> "$T/err"
check_eq "missing slice: exit 3" 3 $?
check_contains "missing slice: message" "$T/err" "taawun-xlsx: $T/missing.json: cannot read: No such file or directory"
mkdir -p "$T/tpl"
cp templates/labels.json "$T/tpl/"
sed 's/"fr": "Synthèse"/"fr": "Synthèse: [trop long pour un nom de feuille Excel]"/' templates/reports.json > "$T/tpl/reports.json"
"$X" --slice "$S" --lang fr --templates "$T/tpl" --output "$T/x.xlsx" 2> "$T/err"
check_eq "bad sheet name in the template: exit 1" 1 $?
check_contains "bad sheet name: message names the file and the sheet" "$T/err" "taawun-xlsx: $T/tpl/reports.json: workbook sheet 'summary': sheet name"
[ ! -e "$T/x.xlsx" ] && ok "no workbook written on errors" || fail "a workbook was written despite errors"
# A PDF block naming a table the workbook section lacks: caught when the
# templates are loaded (plan stage and both renderers), at its line and
# column, not when a slice first reaches the block.
mkdir -p "$T/tpl2"
cp templates/labels.json "$T/tpl2/"
sed '0,/"table": "trend"/s//"table": "trends"/' templates/reports.json > "$T/tpl2/reports.json"
at=$(grep -n '"table": "trends"' "$T/tpl2/reports.json" | awk -F: '{ print $1 ":" index($0, "\"trends\"") - length($1) - 1 }')
want="$T/tpl2/reports.json:$at: table: 'trends' is not a table of the workbook section (expected one of: programmes, other_programmes, territories, trend)"
"$BIN/taawun-plan" --templates "$T/tpl2" --write-aggregate-options "$T/tpl2.opts" 2> "$T/err"
check_eq "missing table in a PDF block: taawun-plan exits 1" 1 $?
check_eq "missing table in a PDF block: taawun-plan's message" "$want" "$(head -1 "$T/err")"
for r in xlsx pdf; do
    rm -f "$T/x.$r"
    "$BIN/taawun-$r" --slice "$S" --lang fr --templates "$T/tpl2" --output "$T/x.$r" 2> "$T/err"
    check_eq "missing table in a PDF block: taawun-$r exits 1" 1 $?
    check_eq "missing table in a PDF block: taawun-$r's message" "$want" "$(grep -v '^Fontconfig' "$T/err" | head -1)"
    [ ! -e "$T/x.$r" ] && ok "missing table in a PDF block: no $r written" || fail "missing table in a PDF block: $r written"
done
# A quote over Excel's 32 767 characters per cell: libxlsxwriter refused it
# and the cell was left empty, silently.  Now it is cut, ends in "[…]",
# and a warning says so.
mkdir -p "$T/long"
$PY -c '
import json, sys
doc = {"format": "entraide-facts/1", "source": {"id": "long_quote", "title": "long", "published": "2021-06-30", "lang": "ar"},
       "facts": [{"geo": "MA-01", "period": "2021", "programme": "all", "indicator": "centres", "value": 5,
                  "quote": "نص " * 15000 + "النهاية"}]}
json.dump(doc, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False)' "$T/long/long.json"
"$BIN/taawun-ingest" -q -o "$T/long/w/facts.tsv" -s "$T/long/w/sources.json" "$T/long/long.json" \
    && "$BIN/taawun-aggregate" -q -f "$T/long/w/facts.tsv" -s "$T/long/w/sources.json" -o "$T/long/w" \
    || fail "long quote: ingest and aggregate"
"$X" --slice "$T/long/w/cube/MA-01.json" --lang fr --output "$T/long/MA-01-fr.xlsx" 2> "$T/err"
check_eq "long quote: exit 0" 0 $?
check_eq "long quote: the warning" \
    "taawun-xlsx: warning: $T/long/MA-01-fr.xlsx: sheet 'Sources', cell I4: a text of 45007 characters is cut to 32767, ending in \"[…]\" (Excel holds at most 32767 characters in a cell; the PDF shows it whole)" \
    "$(cat "$T/err")"
check_eq "long quote: the cell holds 32767 characters, ending in […]" "32767 […] 10921" \
    "$($PY tests/xlsx/long_text.py "$T/long/MA-01-fr.xlsx" Sources "نص نص" 2>&1)"

# A budget with centimes: the workbook shows them as the PDF does
# (#,##0 rounded 4424000.5 MAD to 4,424,001 while the PDF wrote 4 424 000,50).
mkdir -p "$T/cents"
printf '{"format": "entraide-facts/1", "source": {"id": "cents", "title": "t", "published": "2021-06-30", "lang": "fr"},\n "facts": [{"geo": "MA-06", "period": "2021", "programme": "all", "indicator": "budget_mad", "value": 4424000.5}]}\n' > "$T/cents/cents.json"
"$BIN/taawun-ingest" -q -o "$T/cents/w/facts.tsv" -s "$T/cents/w/sources.json" "$T/cents/cents.json" \
    && "$BIN/taawun-aggregate" -q -f "$T/cents/w/facts.tsv" -s "$T/cents/w/sources.json" -o "$T/cents/w" \
    && "$X" --slice "$T/cents/w/cube/MA-06.json" --lang fr --output "$T/cents/MA-06-fr.xlsx" \
    || fail "budget with centimes: pipeline"
check_eq "budget with centimes: every cell of 4424000.5 shows two decimals" '#,##0.00 "MAD"' "$($PY -c '
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(" | ".join(sorted({c.number_format for ws in wb for row in ws.iter_rows() for c in row if c.value == 4424000.5})))' "$T/cents/MA-06-fr.xlsx")"

mkdir -p "$T/ro"
cp "$T/out/MA-06-fr.xlsx" "$T/ro/MA-06-fr.xlsx"
chmod 555 "$T/ro"
if [ "$(id -u)" -ne 0 ]; then
    "$X" --slice "$S" --lang fr --output "$T/ro/MA-06-fr.xlsx" 2> "$T/err"
    check_eq "unwritable folder: exit 3" 3 $?
    check_contains "cannot write: message" "$T/err" "cannot write"
else
    # root writes anywhere: a folder that cannot be made (a file is in the way) stands in
    "$X" --slice "$S" --lang fr --output "$T/ro/MA-06-fr.xlsx/x.xlsx" 2> "$T/err"
    check_eq "folder cannot be made: exit 3" 3 $?
    check_contains "folder cannot be made: message" "$T/err" "taawun-xlsx: $T/ro/MA-06-fr.xlsx/x.xlsx: cannot write the workbook: Not a directory"
fi
"$X" --slice "$S" --lang fr --output "$T/new/folder/MA-06-fr.xlsx" && [ -s "$T/new/folder/MA-06-fr.xlsx" ] &&
    ok "the output folder is made when missing" || fail "output folder not made"
cmp -s "$T/out/MA-06-fr.xlsx" "$T/ro/MA-06-fr.xlsx" && ok "the previous workbook is kept" || fail "previous workbook changed"
check_eq "no temporary left" "" "$(find "$T/ro" "$T/out" -name '.*tmp*')"
chmod 755 "$T/ro"
finish
