# Shared by the test scripts: counting checks and printing one line each.
# A suite sources this, calls ok/fail (or the check_* helpers) and ends
# with `finish`, which prints "N passed, N failed" and sets the exit code.
PASSED=0
FAILED=0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BIN="$ROOT/build/bin"
PY=/usr/bin/python3   # Debian's python: it sees python3-openpyxl

ok()   { PASSED=$((PASSED + 1)); echo "ok - $*"; }
fail() { FAILED=$((FAILED + 1)); echo "not ok - $*"; }

# check_eq NAME EXPECTED ACTUAL
check_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected [$2], got [$3]"; fi
}

# check_contains NAME FILE TEXT
check_contains() {
    if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1: [$3] not in $2"; fi
}

finish() {
    echo "$PASSED passed, $FAILED failed"
    [ "$FAILED" -eq 0 ]
}

# A temporary folder for this suite, removed at exit.
T=$(mktemp -d "${TMPDIR:-/tmp}/taawun-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
