#!/usr/bin/env bash
# The fuzzers in `make test`: builds the libFuzzer harnesses (fuzz/, with
# clang, AddressSanitizer and UBSan), replays every saved crash input
# (fuzz/regressions/*/), then fuzzes each harness for FUZZ_SECONDS
# (default 8 here, one at a time: make test runs this suite in the background, beside the others, and stays under 10 minutes).  The long run is
#   make fuzz FUZZ_SECONDS=1800 FUZZ_JOBS=2
# (fuzz/README.md).  A crash found here is saved under fuzz/regressions/.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
if make --no-print-directory -s fuzz-build > "$T/build.log" 2>&1; then
    ok "fuzz harnesses built (clang -fsanitize=fuzzer,address,undefined)"
else
    fail "fuzz harnesses built"
    tail -20 "$T/build.log"
fi
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) fail "${line#not ok - }" ;;
    *" passed, "*" failed") ;;
    *) echo "$line" ;;
    esac
done < <(fuzz/run.sh -s "${FUZZ_SECONDS:-8}" -j "${FUZZ_JOBS:-1}" -o tests/out/fuzz 2>&1)
finish
