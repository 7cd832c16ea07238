#!/usr/bin/env bash
# Runs the libFuzzer harnesses built by `make fuzz-build` (build/fuzz/):
# replays every saved crash input (fuzz/regressions/NAME/*), then fuzzes
# each harness for SECONDS from its seed corpus (fuzz/seeds.py writes it to
# build/fuzz/corpus-NAME/, where libFuzzer keeps what it finds) with its
# dictionary (fuzz/NAME.dict).  A crash, leak, timeout or out-of-memory
# input found is copied to fuzz/regressions/NAME/ (commit it once fixed: it
# is replayed from then on).  Prints "ok - …"/"not ok - …" per check and
# "N passed, N failed" (tests/lib.sh).  Logs and libFuzzer's artifacts go
# to OUTDIR (default build/fuzz/logs), so that runs at the same time (make
# test and a long run) keep theirs apart; they share the corpora.
#
# usage: fuzz/run.sh [-s SECONDS] [-j JOBS] [-o OUTDIR] NAME...   (SECONDS 0: replay only)
set -u
. "$(dirname "$0")/../tests/lib.sh"
cd "$ROOT"
SECONDS_EACH=60
JOBS=1
OUT=build/fuzz/logs
while getopts s:j:o: opt; do
    case $opt in
    s) SECONDS_EACH=$OPTARG ;;
    j) JOBS=$OPTARG ;;
    o) OUT=$OPTARG ;;
    *) echo "usage: fuzz/run.sh [-s SECONDS] [-j JOBS] [-o OUTDIR] NAME..." >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- $(ls fuzz/fuzz_*.c | sed 's|fuzz/fuzz_\(.*\)\.c|\1|')
FB=build/fuzz
mkdir -p "$OUT"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# libFuzzer: a single input that takes 10 s or 2 GiB is a finding too
LIMITS=(-timeout=10 -rss_limit_mb=2048)

for name in "$@"; do
    [ -x "$FB/fuzz_$name" ] || { fail "fuzz_$name: not built (make fuzz-build)"; }
done
/usr/bin/python3 fuzz/seeds.py "$FB" "$@" || fail "seed corpora"

# 1. the regressions: every input that once crashed runs clean now
for name in "$@"; do
    [ -x "$FB/fuzz_$name" ] || continue
    mkdir -p "fuzz/regressions/$name"
    files=(fuzz/regressions/"$name"/*)
    [ -e "${files[0]}" ] || { ok "fuzz_$name: no saved regression inputs"; continue; }
    if "$FB/fuzz_$name" "${LIMITS[@]}" "${files[@]}" > "$OUT/replay-$name.log" 2>&1; then
        ok "fuzz_$name: ${#files[@]} regression inputs replayed clean"
    else
        fail "fuzz_$name: a regression input fails again (see $OUT/replay-$name.log)"
        grep -aE 'ERROR|runtime error|Running:|SUMMARY' "$OUT/replay-$name.log" | tail -8
    fi
done

[ "$SECONDS_EACH" -gt 0 ] || { finish; exit; }

# 2. fuzzing, JOBS harnesses at a time
fuzz_one() {
    local name=$1 art="$OUT/artifacts-$name/"
    rm -rf "$art"
    mkdir -p "$art"
    "$FB/fuzz_$name" "${LIMITS[@]}" -max_total_time="$SECONDS_EACH" -print_final_stats=1 \
        -dict="fuzz/$name.dict" -artifact_prefix="$art" \
        "$FB/corpus-$name" "fuzz/regressions/$name" > "$OUT/fuzz-$name.log" 2>&1
    echo $? > "$OUT/fuzz-$name.rc"
}
running=0
for name in "$@"; do
    [ -x "$FB/fuzz_$name" ] || continue
    fuzz_one "$name" &
    running=$((running + 1))
    if [ "$running" -ge "$JOBS" ]; then
        wait -n
        running=$((running - 1))
    fi
done
wait

for name in "$@"; do
    [ -x "$FB/fuzz_$name" ] || continue
    log="$OUT/fuzz-$name.log"
    rc=$(cat "$OUT/fuzz-$name.rc" 2>/dev/null || echo 1)
    done_line=$(grep -aE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
    corpus=$(ls "$FB/corpus-$name" | wc -l)
    found=("$OUT/artifacts-$name"/*)
    if [ "$rc" -eq 0 ] && [ -n "$done_line" ] && [ ! -e "${found[0]}" ]; then
        runs=$(echo "$done_line" | sed 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/')
        secs=$(echo "$done_line" | sed 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/')
        ok "fuzz_$name: $runs executions in $secs s ran clean (corpus: $corpus inputs)"
    else
        saved=""
        for f in "${found[@]}"; do
            [ -e "$f" ] || continue
            cp "$f" "fuzz/regressions/$name/"
            saved="$saved fuzz/regressions/$name/$(basename "$f")"
        done
        fail "fuzz_$name: status $rc, input saved as:${saved:- (none)} (log: $log)"
        grep -aE -A6 '^==[0-9]+==ERROR|runtime error|^SUMMARY|fuzz: ' "$log" | head -30
    fi
done
finish
