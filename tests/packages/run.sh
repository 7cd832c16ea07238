#!/usr/bin/env bash
# Every Python module the tests import and every program they (and make
# test) run comes from a Debian package of scripts/packages-*.txt, so that
# a fresh machine that installs only those lists passes make test
# (tests/packages/check_packages.py says how each is found).  Then the check
# itself must fail: a list without python3-pandas, a test importing a
# module nobody installs, a test running a program of an unlisted package.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
CHECK=tests/packages/check_packages.py
LISTS=(scripts/packages-build.txt scripts/packages-test.txt)

$PY "$CHECK" "${LISTS[@]}" > "$T/all.log" 2>&1
rc=$?
while IFS= read -r line; do
    case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) fail "${line#not ok - }" ;;
    esac
done < "$T/all.log"
check_eq "every module and program of the tests is covered by the lists (exit 0)" 0 "$rc"
[ "$rc" -eq 0 ] || tail -3 "$T/all.log"
for want in "Python module pandas (bench/peer/peer.py): python3-pandas, listed" \
            "Python module matplotlib (bench/peer/peer.py): python3-matplotlib, listed" \
            "Python module xlsxwriter (bench/peer/peer.py): python3-xlsxwriter, listed" \
            "program pdftotext" "program qpdf" "program valgrind"; do
    check_contains "the check saw: $want" "$T/all.log" "ok - $want"
done

# a list without python3-pandas: the r1 suite's import is caught
grep -vx python3-pandas scripts/packages-test.txt > "$T/test-nopandas.txt"
$PY "$CHECK" scripts/packages-build.txt "$T/test-nopandas.txt" > "$T/nopandas.log" 2>&1
check_eq "without python3-pandas in the lists: exit 1" 1 $?
check_contains "without python3-pandas: pandas named with its package" "$T/nopandas.log" \
    "not ok - Python module pandas (bench/peer/peer.py): package python3-pandas is not in scripts/packages-*.txt"

# a made-up tree: an import nobody installs, a program of an unlisted
# package (bc is in the test list: use only the build list), a heredoc
mkdir -p "$T/root/tests/x"
cat > "$T/root/tests/x/check.py" <<'PY'
import json
import no_such_module_anywhere
PY
cat > "$T/root/tests/x/run.sh" <<'SH'
#!/bin/sh
total=$(echo "1 + 2" | bc)
/usr/bin/python3 - <<'PY'
import openpyxl
PY
SH
$PY "$CHECK" --root "$T/root" scripts/packages-build.txt > "$T/fake.log" 2>&1
check_eq "made-up tests: exit 1" 1 $?
check_contains "an import nobody installs is named" "$T/fake.log" \
    "not ok - Python module no_such_module_anywhere (tests/x/check.py) is not on this machine"
check_contains "a program of an unlisted package is named" "$T/fake.log" \
    "not ok - program bc (tests/x/run.sh): package bc is not in scripts/packages-*.txt"
check_contains "an import in a heredoc is seen" "$T/fake.log" \
    "not ok - Python module openpyxl (tests/x/run.sh): package python3-openpyxl is not in scripts/packages-*.txt"

finish
