#!/usr/bin/env bash
# Reproducible builds.  Two full `make reports` of the seed input into two
# different OUTPUT and WORK folders (one serial, one -j2, the same
# SOURCE_DATE_EPOCH: reports carry their build's date) give byte-identical files: every workbook, PDF,
# chart PNG and work file (facts, sources, slices, quality, scope list).
# Two builds with different SOURCE_DATE_EPOCH differ only in dates
# (tests/repro/compare.py says what each kind of file may change and checks
# it), and a build with one figure changed is caught by the same comparison,
# so that a comparison that cannot fail would show here.  Ingest and
# aggregate give the same bytes and messages with 1, 2 or 3 threads.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s)
E1=1700000000   # 2023-11-14T22:13:20Z
E2=1800000000   # 2027-01-15T08:00:00Z

files() { (cd "$1" && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

SOURCE_DATE_EPOCH=$E1 "${M[@]}" reports OUTPUT="$T/a" WORK="$T/w-a" > "$T/a.log" 2>&1
check_eq "make reports into a: exit 0" 0 $?
SOURCE_DATE_EPOCH=$E1 "${M[@]}" -j2 reports OUTPUT="$T/b" WORK="$T/w-b" > "$T/b.log" 2>&1
check_eq "make -j2 reports into b: exit 0" 0 $?

# ---- same input, two builds: the same bytes ---------------------------------------
check_eq "a and b: the same output files" "$(files "$T/a")" "$(files "$T/b")"
check_eq "a and b: the same work files" "$(files "$T/w-a")" "$(files "$T/w-b")"
count() { files "$T/a" | grep -c "$1"; }
check_eq "outputs compared: 12 workbooks, 12 PDFs" "12 12" "$(count '\.xlsx$') $(count '\.pdf$')"
[ "$(count '^charts/.*\.png$')" -gt 0 ] && ok "outputs compared: $(count '\.png$') charts" || fail "no chart PNG to compare"
check_eq "work files compared: facts, sources, quality, scopes, plan, 6 slices, input manifest, sums" \
    "aggregate.opts catalog.sum cube/MA-05.json cube/MA-06.json cube/MA-11.json cube/MA-AZI.json cube/MA-LAA.json cube/MA.json facts.tsv inputs.args inputs.manifest plan.mk plan.stamp quality.json scopes.mk scopes.tsv sources.json templates.sum" \
    "$(files "$T/w-a" | paste -sd' ')"
same=0
for f in $(files "$T/a"); do
    if cmp -s "$T/a/$f" "$T/b/$f"; then same=$((same + 1)); else fail "a and b differ: $f"; fi
done
check_eq "a and b: every output byte-identical" "$(files "$T/a" | wc -l)" "$same"
same=0
for f in $(files "$T/w-a"); do
    if cmp -s "$T/w-a/$f" "$T/w-b/$f"; then same=$((same + 1)); else fail "a and b differ: work/$f"; fi
done
check_eq "a and b: every work file byte-identical" "$(files "$T/w-a" | wc -l)" "$same"

# ---- another SOURCE_DATE_EPOCH: only dates change -----------------------------------
SOURCE_DATE_EPOCH=$E1 "${M[@]}" reports OUTPUT="$T/c" WORK="$T/w-c" > "$T/c.log" 2>&1
check_eq "SOURCE_DATE_EPOCH=$E1 make reports: exit 0" 0 $?
SOURCE_DATE_EPOCH=$E2 "${M[@]}" reports OUTPUT="$T/d" WORK="$T/w-d" > "$T/d.log" 2>&1
check_eq "SOURCE_DATE_EPOCH=$E2 make reports: exit 0" 0 $?
check_eq "c and d: the same output files" "$(files "$T/c")" "$(files "$T/d")"
cmp -s "$T/c/MA-fr.pdf" "$T/d/MA-fr.pdf" && fail "c and d: SOURCE_DATE_EPOCH ignored (MA-fr.pdf)" ||
    ok "c and d: SOURCE_DATE_EPOCH changes the PDF bytes"
cmp -s "$T/c/MA-fr.xlsx" "$T/d/MA-fr.xlsx" && fail "c and d: SOURCE_DATE_EPOCH ignored (MA-fr.xlsx)" ||
    ok "c and d: SOURCE_DATE_EPOCH changes the workbook bytes"
# every output file: workbooks and PDFs differ only in dates, charts not at all
compare() {   # DIR1 EPOCH1 DIR2 EPOCH2 FILE...: counts compare.py's lines here
    while IFS= read -r line; do
        case $line in
        "ok - "*) ok "${line#ok - }" ;;
        "not ok - "*) fail "${line#not ok - }" ;;
        *) echo "$line" ;;
        esac
    done < <($PY tests/repro/compare.py "$@" 2>&1)
}
compare "$T/c" $E1 "$T/d" $E2 $(files "$T/c")
# the work files do not hold the date at all
same=0
for f in $(files "$T/w-c"); do
    if cmp -s "$T/w-c/$f" "$T/w-d/$f"; then same=$((same + 1)); else fail "c and d differ: work/$f"; fi
done
check_eq "c and d: every work file byte-identical" "$(files "$T/w-c" | wc -l)" "$same"

# ---- the comparison catches a change that is not a date -----------------------------
# One figure of the Azilal article changed (37 centres -> 38), built with
# E2: compared with c, Azilal's workbook and PDF must fail the check.
mkdir -p "$T/in"
cp input/*.json "$T/in/"
$PY - "$T/in/004_edb9a20724460159.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p, encoding="utf-8"))
assert d["facts"][0]["geo"] == "MA-AZI" and d["facts"][0]["value"] == 37
d["facts"][0]["value"] = 38
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False)
PY
SOURCE_DATE_EPOCH=$E2 "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/e" WORK="$T/w-e" > "$T/e.log" 2>&1
check_eq "one figure changed, SOURCE_DATE_EPOCH=$E2: exit 0" 0 $?
for f in MA-AZI-fr.xlsx MA-AZI-ar.pdf; do
    if out=$($PY tests/repro/compare.py "$T/c" $E1 "$T/e" $E2 "$f"); then
        fail "a changed figure passes as a date change: $out"
    else
        ok "a changed figure is caught in $f: ${out#not ok - }"
    fi
done
# ---- the number of threads changes no byte and no message --------------------------
# ingest and aggregate parse in worker threads (TAAWUN_THREADS, default the
# cores) and put the results back in input order.  A synthetic stream of
# several 1 MiB batches, once valid and once with two bad lines far apart.
$PY scripts/gen_synthetic.py --facts 40000 --seed 7 --catalog input/catalog --out "$T/syn.ndjson" > /dev/null
check_eq "synthetic stream spans several 1 MiB batches" 1 "$(($(stat -c %s "$T/syn.ndjson") > 4 * 1048576))"
awk 'NR == 9000 { sub(/"value": *[0-9]+/, "\"value\": \"many\"") } NR == 31000 { $0 = "{not json" } { print }' \
    "$T/syn.ndjson" > "$T/bad.ndjson"
for n in 1 2 3; do
    TAAWUN_THREADS=$n build/bin/taawun-ingest -q -o "$T/t$n/facts.tsv" -s "$T/t$n/sources.json" "$T/syn.ndjson"
    check_eq "ingest, $n thread(s): exit 0" 0 $?
    TAAWUN_THREADS=$n build/bin/taawun-aggregate -q -f "$T/t$n/facts.tsv" -s "$T/t$n/sources.json" -o "$T/t$n/work"
    check_eq "aggregate, $n thread(s): exit 0" 0 $?
    TAAWUN_THREADS=$n build/bin/taawun-ingest -q -o "$T/t$n/bad.tsv" -s "$T/t$n/bad.json" "$T/bad.ndjson" 2> "$T/t$n/bad.err"
    echo $? > "$T/t$n/bad.rc"
done
check_eq "bad stream: exit 1" 1 "$(cat "$T/t1/bad.rc")"
grep -q "bad.ndjson:9000:.*value" "$T/t1/bad.err" && ok "bad stream: line 9000's value reported" ||
    fail "bad stream: line 9000 not reported: $(head -3 "$T/t1/bad.err")"
grep -q "bad.ndjson:31000:" "$T/t1/bad.err" && ok "bad stream: line 31000 reported" ||
    fail "bad stream: line 31000 not reported: $(head -3 "$T/t1/bad.err")"
[ ! -e "$T/t1/bad.tsv" ] && ok "bad stream: no facts written" || fail "bad stream: facts written"
for n in 2 3; do
    if diff -r -x 'bad.*' "$T/t1" "$T/t$n" > /dev/null; then ok "1 and $n threads: byte-identical facts, sources, slices, quality"
    else fail "1 and $n threads differ: $(diff -rq -x 'bad.*' "$T/t1" "$T/t$n" | head -3)"; fi
    check_eq "1 and $n threads: the same messages and exit for the bad stream" \
        "$(cat "$T/t1/bad.rc" "$T/t1/bad.err")" "$(cat "$T/t$n/bad.rc" "$T/t$n/bad.err")"
done

# ---- no path of the machine in the outputs --------------------------------------
# INPUT given as input, ./input and an absolute path: the same facts,
# sources, slices, workbooks and PDFs, byte for byte, and none holds the
# checkout's absolute path (a fact's "file" is its name inside INPUT).
for k in 1 2 3; do
    in=$(case $k in 1) echo input ;; 2) echo ./input ;; 3) echo "$ROOT/input" ;; esac)
    d="$T/paths$k"
    mkdir -p "$d/out"
    "$BIN/taawun-ingest" -q -o "$d/facts.tsv" -s "$d/sources.json" "$in" \
        && "$BIN/taawun-aggregate" -q -f "$d/facts.tsv" -s "$d/sources.json" -o "$d" \
        || fail "INPUT=$in: ingest and aggregate"
    for r in xlsx pdf; do
        SOURCE_DATE_EPOCH=$E1 FONTCONFIG_FILE="$ROOT/render/fonts.conf" "$BIN/taawun-$r" --slice "$d/cube/MA-06.json" \
            --lang fr --output "$d/out/MA-06-fr.$r" || fail "INPUT=$in: taawun-$r"
    done
done
for k in 2 3; do
    if diff -r "$T/paths1" "$T/paths$k" > /dev/null; then ok "INPUT=input and INPUT #$k: byte-identical facts, slices, workbook, PDF"
    else fail "INPUT=input and INPUT #$k differ: $(diff -rq "$T/paths1" "$T/paths$k" | head -3)"; fi
done
check_eq "a fact's file is its name inside INPUT" "000_a02a9928ffe59c10.json" "$(awk -F'\t' 'NR == 2 { print $2 }' "$T/paths3/facts.tsv")"
mkdir -p "$T/paths3/unzipped"
(cd "$T/paths3/unzipped" && $PY -m zipfile -e ../out/MA-06-fr.xlsx .)
check_eq "no absolute path of the checkout in facts, sources, slices, workbook (unzipped) or PDF" "" \
    "$(grep -rlaF "$ROOT" "$T/paths3" | sed "s|^$T/||")"
finish
