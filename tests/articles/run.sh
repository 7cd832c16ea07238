#!/usr/bin/env bash
# Real press articles (tests/propose/articles/: passages, hand-written facts,
# INDEX.csv) through ingest, aggregate and the reports with the project's
# catalogue: every article is accepted, a few exact figures of each come out
# of the cube slices as the source gave them (check_articles.py), and every
# figure is in the workbook of its territory (figures_in_workbooks.py). Also the catalogue
# entries these articles needed: a growth rate over 100 % is valid, a share
# over 100 % is not, and the seed check names the rule an entry breaks.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
ING="$BIN/taawun-ingest"
AGG="$BIN/taawun-aggregate"
ART=tests/propose/articles

"$ING" -o "$T/facts.tsv" -s "$T/sources.json" "$ART" > "$T/out" 2> "$T/err"
check_eq "articles: ingest accepts every article (exit 0)" 0 $?
check_eq "articles: ingest warns about nothing" "" "$(grep -v '^taawun-ingest: ' "$T/err")"
n_json=$(ls "$ART"/*.json | wc -l)
check_eq "articles: one source per article" "$n_json" "$($PY -c "import json,sys; print(len(json.load(open(sys.argv[1]))['sources']))" "$T/sources.json")"
n_facts=$($PY -c "import json,glob; print(sum(len(json.load(open(p))['facts']) for p in glob.glob('$ART/*.json')))")
check_eq "articles: every fact in the canonical facts ($n_facts)" "$n_facts" "$(($(wc -l < "$T/facts.tsv") - 1))"

# The held-out sets: tests/propose/heldout/, heldout2/ and heldout3/
# (docs/heldout*.md), retired into development data after they were scored
# (set dev), and the blind test set of the day, if any (set test): hand facts
# only, checked like the articles; taawun-propose is never run on them here.
for HELD in tests/propose/heldout tests/propose/heldout2 tests/propose/heldout3 tests/propose/heldout4 tests/propose/heldout5 tests/propose/heldout6; do
case $HELD in *4|*6) H="held-out ${HELD#tests/propose/heldout}"; WANT=test ;; *) H="held-out ${HELD#tests/propose/heldout} (retired)"; WANT=dev ;; esac
n_docs=$(ls "$HELD"/*.json 2>/dev/null | wc -l)
[ "$n_docs" -ge 10 ] || fail "$H: at least 10 articles in $HELD (found $n_docs)"
"$ING" -o "$T/held.tsv" -s "$T/held.json" "$HELD" > "$T/hout" 2> "$T/herr"
check_eq "$H: ingest accepts every article (exit 0)" 0 $?
check_eq "$H: ingest warns about nothing" "" "$(grep -v '^taawun-ingest: ' "$T/herr")"
n_held=$($PY -c "import json,glob; print(sum(len(json.load(open(p))['facts']) for p in glob.glob('$HELD/*.json')))")
check_eq "$H: every fact in the canonical facts ($n_held)" "$n_held" "$(($(wc -l < "$T/held.tsv") - 1))"
check_eq "$H: one source per article ($n_docs)" "$n_docs" "$($PY -c "import json,sys; print(len(json.load(open(sys.argv[1]))['sources']))" "$T/held.json")"
check_eq "$H: each quote is in its article; INDEX.csv lists each article once, set $WANT, no url of another index" "ok" "$($PY - "$HELD" "$WANT" <<'PY'
import csv, glob, json, os, sys
d = sys.argv[1]
bad = []
docs = sorted(glob.glob(os.path.join(d, "*.json")))
for p in docs:
    doc = json.load(open(p, encoding="utf-8"))
    txt = open(os.path.join(d, doc["source"]["file"]), encoding="utf-8").read()
    bad += ["%s: quote not in text: %s" % (p, f["quote"]) for f in doc["facts"] if f.get("quote", "") not in txt]
rows = list(csv.DictReader(open(os.path.join(d, "INDEX.csv"), encoding="utf-8", newline="")))
ids = [r["id"] for r in rows]
if sorted(ids) != sorted(os.path.basename(p)[:-5] for p in docs): bad.append("INDEX.csv ids != documents")
bad += ["%s: set %s" % (r["id"], r["set"]) for r in rows if r["set"] != sys.argv[2]]
others = [q for q in glob.glob(os.path.join(d, "..", "*", "INDEX.csv")) if os.path.dirname(os.path.abspath(q)) != os.path.abspath(d)]
seen = {r["url"] for q in others for r in csv.DictReader(open(q, encoding="utf-8", newline=""))}
bad += ["%s: url also in another index" % r["id"] for r in rows if r["url"] in seen]
urls = [r["url"] for r in rows]
bad += ["%s: url listed twice in its index" % r["id"] for r in rows if urls.count(r["url"]) > 1]
print("\n".join(bad) or "ok")
PY
)"
done

"$AGG" -q -f "$T/facts.tsv" -s "$T/sources.json" -o "$T/work"
check_eq "articles: aggregate exit 0" 0 $?
$PY tests/articles/check_articles.py "$ART" "$T/work/cube" > "$T/check.log" 2>&1
grep -E '^(not )?ok - ' "$T/check.log"
p=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$T/check.log"); f=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' "$T/check.log")
PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-0}))
[ -n "$p" ] || fail "articles: check_articles.py died (see its output)"

# End to end: the reports of the articles; every figure is a number in the
# workbook of its territory, in each language.
make -s -j2 reports INPUT="$ART" OUTPUT="$T/reports" WORK="$T/rwork" > "$T/make.log" 2>&1
check_eq "articles: make reports exit 0" 0 $?
n_scopes=$(ls "$T/rwork/cube" | wc -l)
check_eq "articles: a PDF and a workbook per scope and language ($n_scopes scopes)" $((n_scopes * 4)) \
    "$(ls "$T/reports" | grep -cE '^MA(-[A-Z0-9]+)?-(ar|fr)\.(pdf|xlsx)$')"
$PY tests/articles/figures_in_workbooks.py "$ART" "$T/reports" ar fr > "$T/wb.log" 2>&1
grep -E '^(not )?ok - ' "$T/wb.log"
p=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$T/wb.log"); f=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' "$T/wb.log")
PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-0}))
[ -n "$p" ] || fail "articles: figures_in_workbooks.py died (see its output)"

# Issue 13's "done when" on the real articles and on the seeds: every
# figure in the PDF body of its territory's report, headlines with their
# periods on the cover, tables by programme with the period in each row and
# the latest complete total, no page or sheet of only "no data".
done_when() {   # NAME INPUT OUTPUT CUBE
    $PY tests/articles/report_done.py "$@" > "$T/done.log" 2>&1
    grep -E '^(not )?ok - ' "$T/done.log"
    local p f
    p=$(sed -n 's/^\([0-9]*\) passed.*/\1/p' "$T/done.log"); f=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' "$T/done.log")
    PASSED=$((PASSED + ${p:-0})); FAILED=$((FAILED + ${f:-0}))
    [ -n "$p" ] || fail "$1: report_done.py died (see its output)"
}
done_when articles "$ART" "$T/reports" "$T/rwork/cube"
make -s -j2 reports OUTPUT="$T/seeds" WORK="$T/swork" > "$T/make.log" 2>&1
check_eq "seeds: make reports exit 0" 0 $?
done_when seeds input "$T/seeds" "$T/swork/cube"

# Found by article p13 (Azilal): a doughnut whose only label is short ("دار
# الطالب") could not be laid out, and the Arabic PDF was not written.
# Made-up figure, one programme.
mkdir -p "$T/short"
printf '%s\n' '{"format": "entraide-facts/1", "source": {"id": "made_up_short_label"}, "facts": [{"geo": "MA-AZI", "period": "2012", "programme": "student_house", "indicator": "centres", "value": 36}]}' > "$T/short/m.json"
"$ING" -q -o "$T/short/f.tsv" -s "$T/short/s.json" "$T/short/m.json" && "$AGG" -q -f "$T/short/f.tsv" -s "$T/short/s.json" -o "$T/short/w"
FONTCONFIG_FILE="$ROOT/render/fonts.conf" "$BIN/taawun-pdf" --slice "$T/short/w/cube/MA-AZI.json" --lang ar --templates templates \
    --catalog input/catalog --output "$T/short/ar.pdf" 2> "$T/err"
check_eq "articles: a doughnut with one short Arabic label is drawn (made up: student_house only)" "0:" "$?:$(cat "$T/err")"

# A growth rate may exceed 100 %; a share may not (made-up facts).
printf '%s\n' '{"geo": "MA-IFR", "period": "2023-03", "programme": "ramadan_operation", "indicator": "growth_pct", "value": 150, "source": "made_up"}' > "$T/growth.ndjson"
"$ING" -q -o "$T/g/facts.tsv" -s "$T/g/sources.json" "$T/growth.ndjson" 2> "$T/err"
check_eq "catalogue: a growth of 150 % is valid (growth_pct has no maximum)" "0:" "$?:$(cat "$T/err")"
printf '%s\n' '{"geo": "MA-IFR", "period": "2023-03", "programme": "ramadan_operation", "indicator": "rural_share_pct", "value": 150, "source": "made_up"}' > "$T/share.ndjson"
"$ING" -q -o "$T/g/facts.tsv" -s "$T/g/sources.json" "$T/share.ndjson" 2> "$T/err"
check_eq "catalogue: a rural share of 150 % is refused" 1 $?
check_contains "catalogue: the share's message" "$T/err" "$T/share.ndjson:1:115: value: is 150, over the maximum of rural_share_pct (expected at most 100)"

# The seed check says which rule a catalogue entry breaks.
$PY - > "$T/rules" 2>&1 <<'PY'
import sys
sys.argv = ["check_seed_figures.py"]
sys.path.insert(0, "tests")
import check_seed_figures as c
inds = {"beneficiaries": {}}
def broken(entry):
    return [r.split(":")[0] for r, ok in c.indicator_rules(entry, inds) if not ok]
base = {"ar": "نسبة", "fr": "Taux", "note": "made up"}
print("summed share:", broken(dict(base, code="made_up_pct", unit="percent", over_territory="sum", over_time="none", max=None)))
print("growth:", broken(dict(base, code="made_up_growth", unit="percent", over_territory="none", over_time="none", max=None)))
print("flow as stock:", broken(dict(base, code="beneficiaries", unit="people", over_territory="sum", over_time="last", max=None)))
print("no labels:", broken({"code": "made_up_count", "unit": "count", "over_territory": "sum", "over_time": "sum", "max": None, "note": "x"}))
PY
check_contains "seed check: a summed percent without maximum breaks 'percent max' and 'percent not summed'" "$T/rules" "summed share: [\"rule 'percent max'\", \"rule 'percent not summed'\"]"
check_contains "seed check: a growth rate without maximum breaks no rule" "$T/rules" "growth: []"
check_contains "seed check: a flow summed as a stock breaks 'flow'" "$T/rules" "flow as stock: [\"rule 'flow'\"]"
check_contains "seed check: an entry without labels breaks 'labels'" "$T/rules" "no labels: [\"rule 'labels'\"]"

finish
