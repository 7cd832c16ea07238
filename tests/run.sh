#!/usr/bin/env bash
# Runs every test suite, one after the other, and prints a summary line per
# suite and a last line "N passed, N failed" over all of them.
# usage: tests/run.sh [SUITE...]     (default: all; see SUITES below)
# A suite cannot vanish from the summary: an entry whose script is missing,
# a tests/*/run.sh that no entry runs, or an unknown SUITE asked for is a
# "not ok" line and fails the run.
set -u
cd "$(dirname "$0")/.."
mkdir -p tests/out
# Reports say when they were built (the clock, or SOURCE_DATE_EPOCH): the
# suites compare outputs byte for byte, so they build at one fixed time
# unless a suite says otherwise.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

# name:command — each command prints "ok - …"/"not ok - …" lines and ends
# with "N passed, N failed".
SUITES=(
    "packages:tests/packages/run.sh"
    "layout:tests/layout/run.sh"
    "install:tests/install/run.sh"
    "deb:tests/deb/run.sh"
    "unit:tests/unit/run.sh"
    "seeds:/usr/bin/python3 tests/check_seed_figures.py"
    "articles:tests/articles/run.sh"
    "ingest:tests/ingest/run.sh"
    "catalog:tests/catalog/run.sh"
    "injection:tests/injection/run.sh"
    "aggregate:/usr/bin/python3 tests/aggregate/test_aggregate.py"
    "golden:/usr/bin/python3 tests/aggregate/golden.py"
    "madeup:tests/madeup/run.sh"
    "charts:tests/charts/run.sh"
    "xlsx:tests/xlsx/run.sh"
    "pdf:tests/pdf/run.sh"
    "mail:tests/mail/run.sh"
    "pipeline:tests/pipeline/run.sh"
    "runs:tests/runs/run.sh"
    "r1:tests/r1/run.sh"
    "repro:tests/repro/run.sh"
    "faults:tests/faults/run.sh"
    "diskfull:tests/diskfull/run.sh"
    "limits:tests/limits/run.sh"
    "sanitizers:tests/sanitize/run.sh"
    "valgrind:tests/valgrind/run.sh"
    "fuzz:tests/fuzz/run.sh"
    "propose:tests/propose/run.sh"
)

want=" $* "
total_pass=0
total_fail=0
summary=()
# not_ok NAME MESSAGE: a failure of the run itself, counted in the summary
not_ok() {
    echo "not ok - $2"
    total_fail=$((total_fail + 1))
    summary+=("$(printf '%-11s %5d passed, %3d failed  (%s)' "$1" 0 1 "$2")")
}
known=" "
scripts=" "
for entry in "${SUITES[@]}"; do
    known+="${entry%%:*} "
    cmd=${entry#*:}
    scripts+="${cmd##* } "
done
for name in "$@"; do
    [[ "$known" == *" $name "* ]] || not_ok "$name" "no suite named $name in tests/run.sh"
done
for script in tests/*/run.sh; do
    [ -e "$script" ] || continue
    d=${script#tests/}
    [[ "$scripts" == *" $script "* ]] || not_ok "${d%/run.sh}" "$script is run by no suite of tests/run.sh (SUITES)"
done
# collect NAME RC SECONDS: counts a suite's log (tests/out/NAME.log)
collect() {
    local name=$1 rc=$2 secs=$3 log="tests/out/$1.log" last p f
    grep -E '^not ok' "$log" | head -40
    last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
    p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
    f=$(echo "$last" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1   # the suite died before it could count
        echo "not ok - suite $name exited with status $rc (see $log)"
        tail -20 "$log"
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    summary+=("$(printf '%-11s %5d passed, %3d failed  (%ds)' "$name" "$p" "$f" "$secs")")
}
# run_suite NAME CMD: runs it into tests/out/NAME.log, then NAME.rc holds
# "RC SECONDS"
run_suite() {
    local start rc
    start=$(date +%s)
    $2 > "tests/out/$1.log" 2>&1
    rc=$?
    echo "$rc $(( $(date +%s) - start ))" > "tests/out/$1.rc"
}

# When every suite runs, those that build into folders of their own and
# share nothing with the others (build/fuzz, build/asan) run one after the
# other in the background, beside the rest: most suites are one process at
# a time, and the machine's second core would wait.  Their lines come last.
BACKGROUND=" sanitizers fuzz "
bg_pid=
if [ $# -eq 0 ]; then
    bg=()
    for entry in "${SUITES[@]}"; do
        name=${entry%%:*}
        cmd=${entry#*:}
        [[ "$BACKGROUND" == *" $name "* ]] && [ -f "${cmd##* }" ] || continue
        rm -f "tests/out/$name.rc"
        bg+=("$entry")
    done
    ( for entry in "${bg[@]}"; do run_suite "${entry%%:*}" "${entry#*:}"; done ) &
    bg_pid=$!
fi
for entry in "${SUITES[@]}"; do
    name=${entry%%:*}
    cmd=${entry#*:}
    script=${cmd##* }
    [ $# -eq 0 ] || [[ "$want" == *" $name "* ]] || continue
    if [ ! -f "$script" ]; then
        echo "=== $name"
        not_ok "$name" "suite $name: $script is missing (renamed or removed? update SUITES)"
        continue
    fi
    [ -n "$bg_pid" ] && [[ "$BACKGROUND" == *" $name "* ]] && continue
    echo "=== $name"
    run_suite "$name" "$cmd"
    read -r rc secs < "tests/out/$name.rc"
    collect "$name" "$rc" "$secs"
done
if [ -n "$bg_pid" ]; then
    wait "$bg_pid"
    for entry in "${SUITES[@]}"; do
        name=${entry%%:*}
        cmd=${entry#*:}
        [[ "$BACKGROUND" == *" $name "* ]] && [ -f "${cmd##* }" ] || continue
        echo "=== $name (in the background)"
        if [ -f "tests/out/$name.rc" ]; then
            read -r rc secs < "tests/out/$name.rc"
            collect "$name" "$rc" "$secs"
        else
            not_ok "$name" "suite $name: the background run left no status"
        fi
    done
fi
echo "=== summary"
printf '%s\n' "${summary[@]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
