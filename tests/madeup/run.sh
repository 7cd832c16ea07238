#!/usr/bin/env bash
# Reports built from the MADE-UP inputs of this folder (madeup_*.json: no
# real figure), read back as a reader sees them (tests/madeup/check_madeup.py,
# pdftotext and openpyxl): every centre-level part kept (issue 13 item 4),
# disagreements that name their numbers (and sources that conflict), a
# one-sex or one-area figure shown as that, a one-month campaign under its
# month (issue 13 item 5).
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
SOURCE_DATE_EPOCH=1700000000 make --no-print-directory -s reports INPUT=tests/madeup OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "make reports on the made-up inputs: exit 0" 0 $?
$PY tests/madeup/check_madeup.py "$T/out" "$T/work" | tee "$T/check.log" | grep -v '^[0-9]* passed'
PASSED=$((PASSED + $(grep -c '^ok' "$T/check.log")))
FAILED=$((FAILED + $(grep -c '^not ok' "$T/check.log")))
finish
