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

# The email says a one-sex headline as that part, as the reports do
# (the headline's "only"): Tétouan's women-only 640, and the region's,
# itself a sum of some provinces, still marked partial.
printf '%s\n' '{"format": "taawun-recipients/1", "contacts": [
  {"name": "Tetouan", "address": "tet@example.org", "language": "fr", "territories": ["MA-TET"]},
  {"name": "Tetouan", "address": "tet-ar@example.org", "language": "ar", "territories": ["MA-TET"]},
  {"name": "Tanger", "address": "tta@example.org", "language": "fr", "territories": ["MA-01"]}]}' > "$T/recipients.json"
MAIL_FROM=reports@example.org "$BIN/taawun-mail" --output "$T/out" --slices "$T/work/cube" --mail-dir "$T/mail" \
    --dry-run --recipients "$T/recipients.json" > "$T/mail.log" 2>&1
check_eq "taawun-mail --dry-run on the made-up slices: exit 0" 0 $?
body() {
    $PY -c 'import email, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print("".join(p.get_payload(decode=True).decode() for p in m.walk() if p.get_content_type() == "text/plain"))' "$1" > "$1.txt"
}
for m in 01-tet@example.org 02-tet-ar@example.org 03-tta@example.org; do body "$T/mail/$m.eml"; done
check_contains "email (fr): Tétouan's women-only headline reads 'femmes : 640'" "$T/mail/01-tet@example.org.eml.txt" "Bénéficiaires : femmes : 640 - 2018"
check_contains "email (ar): the same in Arabic, 'إناث: 640'" "$T/mail/02-tet-ar@example.org.eml.txt" "المستفيدون: إناث: 640 - 2018"
check_contains "email (fr): the region's women-only sum of some provinces stays partial" "$T/mail/03-tta@example.org.eml.txt" "Bénéficiaires : femmes : 640 (partiel) - 2018"
finish
