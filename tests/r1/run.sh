#!/usr/bin/env bash
# Job R1 (bench/peer/JOB-R1.md) as a template set: make reports
# TEMPLATES=templates/r1 on the peer's synthetic 100k facts gives the same
# 26 files, sheets, cell values, chart types and ranges as the peer
# (tests/r1/check_r1.py), and PDFs of 3 A4 landscape pages.  Also: nothing
# rebuilt the second time, switching template sets on one WORK folder,
# and taawun-plan's errors.  The facts and the peer's outputs are cached
# in tests/out/r1/ (git-ignored), keyed by the scripts and the input.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s)
PLAN=$BIN/taawun-plan
C=tests/out/r1
mkdir -p "$C"
N=100000

# ---- the input and the peer's outputs (cached) ------------------------------
key=$(cat bench/peer/gen_facts.py bench/peer/territories.py | sha256sum | cut -c1-16)
FACTS=$C/facts-$N-seed1-$key.ndjson
if [ ! -s "$FACTS" ]; then
    rm -f "$C"/facts-*.ndjson
    $PY bench/peer/gen_facts.py --seed 1 --facts $N --out "$FACTS.tmp" > "$T/gen.log" 2>&1 && mv "$FACTS.tmp" "$FACTS"
fi
check_eq "gen_facts.py --seed 1 --facts $N: 100020 lines" 100020 "$(wc -l < "$FACTS" 2>/dev/null)"
key=$(cat "$FACTS" bench/peer/peer.py bench/peer/territories.py | sha256sum | cut -c1-16)
PEER=$C/peer-$key
if [ ! -e "$PEER.done" ]; then
    rm -rf "$C"/peer-*
    if $PY bench/peer/peer.py "$FACTS" "$PEER" --csv > "$T/peer.log" 2>&1; then
        touch "$PEER.done"
    else
        tail -5 "$T/peer.log"
    fi
fi
[ -e "$PEER.done" ] && ok "the peer's outputs for this input ($PEER)" || fail "peer.py failed"

# ---- R1 through make, compared with the peer --------------------------------
t0=$(date +%s.%N)
"${M[@]}" -j2 reports INPUT="$FACTS" TEMPLATES=templates/r1 OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
rc=$?
t1=$(date +%s.%N)
check_eq "make -j2 reports TEMPLATES=templates/r1: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || tail -5 "$T/log"
echo "# make -j2 reports TEMPLATES=templates/r1 on $N facts (ingest included): $(echo "$t1 - $t0" | bc) s"
check_eq "R1's cube: ISO 3166-2 parents, national and region slices only" "--hierarchy iso --levels national,region" \
    "$(cat "$T/work/aggregate.opts" 2>/dev/null)"
check_eq "R1's cube: 13 slices" 13 "$(ls "$T/work/cube" | wc -l)"
check_contains "make says what it made" "$T/log" "reports: 13 scopes x 1 languages in $T/out/"

$PY tests/r1/check_r1.py "$PEER" "$T/out" > "$T/check.log" 2>&1
rc=$?
grep -E '^(ok|not ok) - ' "$T/check.log"
PASSED=$((PASSED + $(grep -c '^ok - ' "$T/check.log")))
FAILED=$((FAILED + $(grep -c '^not ok - ' "$T/check.log")))
if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/check.log"; then
    fail "check_r1.py died ($rc)"
    tail -20 "$T/check.log"
fi

# Nothing changed: nothing is rebuilt, the cube is not rewritten.
before=$(ls -l --time-style=+%s.%N "$T/out" "$T/work" "$T/work/cube" | md5sum)
"${M[@]}" -j2 reports INPUT="$FACTS" TEMPLATES=templates/r1 OUTPUT="$T/out" WORK="$T/work" > "$T/log2" 2>&1
check_eq "second make reports: exit 0" 0 $?
check_eq "second make reports: nothing rewritten (outputs, cube, plan)" "$before" \
    "$(ls -l --time-style=+%s.%N "$T/out" "$T/work" "$T/work/cube" | md5sum)"

# ---- two template sets on one WORK folder (the seeds: small) ---------------
"${M[@]}" reports TEMPLATES=templates/r1 OUTPUT="$T/s1" WORK="$T/sw" > "$T/log3" 2>&1
check_eq "seeds, R1: exit 0" 0 $?
check_eq "seeds, R1: national and the regions with data, no language suffix" \
    "MA-05.pdf MA-05.xlsx MA-06.pdf MA-06.xlsx MA-11.pdf MA-11.xlsx national.pdf national.xlsx" "$(ls "$T/s1" | paste -sd' ')"
"${M[@]}" reports RENDER_EXTS=xlsx OUTPUT="$T/s2" WORK="$T/sw" > "$T/log4" 2>&1
check_eq "seeds, then the default set on the same WORK: exit 0" 0 $?
check_eq "default set: official hierarchy and every level again" "--hierarchy official --levels national,region,province" \
    "$(cat "$T/sw/aggregate.opts")"
check_eq "default set: its own names and languages" \
    "MA-05-ar.xlsx MA-05-fr.xlsx MA-06-ar.xlsx MA-06-fr.xlsx MA-11-ar.xlsx MA-11-fr.xlsx MA-AZI-ar.xlsx MA-AZI-fr.xlsx MA-LAA-ar.xlsx MA-LAA-fr.xlsx MA-ar.xlsx MA-fr.xlsx" \
    "$(ls "$T/s2" | paste -sd' ')"
check_contains "default set: MA-06 has Nouaceur back (official parent)" "$T/sw/cube/MA-06.json" '"code": "MA-NOU"'
touch -d '2001-01-01' "$T"/s1/*
"${M[@]}" reports TEMPLATES=templates/r1 OUTPUT="$T/s1" WORK="$T/sw" > "$T/log5" 2>&1
check_eq "R1 again on the same WORK: exit 0" 0 $?
check_eq "R1 again: ISO hierarchy again" "--hierarchy iso --levels national,region" "$(cat "$T/sw/aggregate.opts")"
check_eq "R1 again: every file rendered again (the template set changed)" "" "$(find "$T/s1" -type f ! -newermt '2001-01-02')"
"${M[@]}" reports TEMPLATES=templates/r1 LANGS=ar OUTPUT="$T/s3" WORK="$T/sw" > "$T/log6" 2>&1
[ $? -ne 0 ] && ok "R1 with LANGS=ar: make fails" || fail "R1 with LANGS=ar: make succeeded"
check_contains "R1 with LANGS=ar: says why" "$T/log6" "languages: none of the languages asked for (ar) is one of the template set's (fr)"

# ---- taawun-plan: options and errors ----------------------------------------
"$PLAN" --help > "$T/help" 2>&1
check_eq "taawun-plan --help: exit 0" 0 $?
check_contains "taawun-plan --help: usage" "$T/help" "usage: taawun-plan [options]"
"$PLAN" --bogus > /dev/null 2>&1
check_eq "taawun-plan with a bad option: exit 2" 2 $?
"$PLAN" -q --templates templates/r1 --work "$T/sw" --langs "ar fr" > /dev/null 2> "$T/err"
check_eq "LANGS with a language the set lacks: exit 0" 0 $?
check_contains "LANGS with a language the set lacks: a note" "$T/err" "no 'ar' in the template set's languages: not rendered"
check_eq "plan.mk: one rule per file" 8 "$(grep -c '^\$(OUTPUT)/.*: \$(WORK)/cube/' "$T/sw/plan.mk")"
check_eq "plan.mk: named by the set, in OUTPUT" '$(OUTPUT)/national.pdf: $(WORK)/cube/MA.json $(PLAN_DEPS) $(BIN)/taawun-pdf' \
    "$(grep '^\$(OUTPUT)/national.pdf' "$T/sw/plan.mk")"
# a template set whose names would leave OUTPUT, or collide
bad_set() {   # bad_set NAME SED-EXPRESSION: a copy of templates/r1 with one change
    rm -rf "$T/$1"
    cp -r templates/r1 "$T/$1"
    sed -i "$2" "$T/$1/reports.json"
}
bad_set up 's|"file": "{scope}"|"file": "../{scope}"|'
"$PLAN" -q --templates "$T/up" --work "$T/sw" 2> "$T/err"
check_eq "file name '../{scope}': exit 1" 1 $?
line=$(grep -n '"file": "../{scope}"' "$T/up/reports.json" | cut -d: -f1)
col=$(( $(sed -n "${line}p" "$T/up/reports.json" | sed 's/"\.\..*//' | wc -c) ))
check_contains "file name '../{scope}': message with its place" "$T/err" \
    "$T/up/reports.json:$line:$col: file: '../{scope}' does not make a plain file name"
bad_set slash 's|"file": "national"|"file": "x/national"|'
"$PLAN" -q --templates "$T/slash" --work "$T/sw" 2> "$T/err"
check_eq "file name with a '/': exit 1" 1 $?
check_contains "file name with a '/': refused" "$T/err" "file: 'x/national' does not make a plain file name"
bad_set noscope 's|"file": "{scope}"|"file": "region"|'
"$PLAN" -q --templates "$T/noscope" --work "$T/sw" 2> "$T/err"
check_eq "region file name without {scope}: exit 1" 1 $?
check_contains "region file name without {scope}: why" "$T/err" \
    "file: 'region' has no {scope}, but a region report is made for each region"
"$PLAN" -q --templates templates --work "$T/sw" --langs "ar fr" > /dev/null 2>&1
check_eq "the default set with both languages: exit 0" 0 $?
bad_set nolang 's|"languages": \[|"languages": ["ar", |'
"$PLAN" -q --templates "$T/nolang" --work "$T/sw" 2> "$T/err"
check_eq "two languages, names without {lang}: exit 1" 1 $?
check_contains "two languages, names without {lang}: why" "$T/err" "has no {lang}, but 2 languages are asked for"
bad_set placeholder 's|"file": "{scope}"|"file": "{region}"|'
"$PLAN" -q --templates "$T/placeholder" --work "$T/sw" 2> "$T/err"
check_eq "unknown placeholder: exit 1" 1 $?
check_contains "unknown placeholder: why" "$T/err" "file: '{region}': unknown placeholder (expected {scope}, {level} or {lang})"
bad_set hier 's|"hierarchy": "iso"|"hierarchy": "hcp"|'
"$PLAN" --templates "$T/hier" --write-aggregate-options "$T/h" 2> "$T/err"
check_eq "unknown hierarchy: exit 1" 1 $?
check_contains "unknown hierarchy: why" "$T/err" "hierarchy: 'hcp' is not a hierarchy (expected official or iso)"
mkdir -p "$T/badscopes"
printf 'code\tlevel\tparent\n../x\tregion\tMA\n' > "$T/badscopes/scopes.tsv"
"$PLAN" -q --templates templates/r1 --work "$T/badscopes" 2> "$T/err"
check_eq "a scope code that is a path: exit 1" 1 $?
check_contains "a scope code that is a path: refused" "$T/err" "scope code '../x' is not a plain code"
check_eq "nothing written for a bad plan" "scopes.tsv" "$(ls "$T/badscopes" | paste -sd' ')"
finish
