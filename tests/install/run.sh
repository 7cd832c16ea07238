#!/usr/bin/env bash
# make install gives a complete, working tool: the taawun command, its
# programs, pipeline rules, catalogue, templates, fonts, man pages and
# systemd units, under DESTDIR/PREFIX.  Installed, `taawun reports` works
# from /tmp, as another user, with a PATH holding make but no compiler;
# `taawun check` reports bad input; taawun.conf is read literally; the
# units pass systemd-analyze verify and rate <= 3.0 in `security`;
# make uninstall removes it all.
set -u
shopt -s nullglob
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s)
D=$ROOT/tests/out/install/root
rm -rf "$ROOT/tests/out/install"
mkdir -p "$D"

"${M[@]}" install DESTDIR="$D" PREFIX=/usr > "$T/install.log" 2>&1
check_eq "make install DESTDIR=tests/out/install/root PREFIX=/usr: exit 0" 0 $?
for f in usr/bin/taawun usr/lib/taawun/taawun-ingest usr/lib/taawun/taawun-aggregate usr/lib/taawun/taawun-plan \
         usr/lib/taawun/taawun-xlsx usr/lib/taawun/taawun-pdf usr/lib/taawun/taawun-mail usr/lib/taawun/nightly.sh \
         usr/share/taawun/pipeline.mk usr/share/taawun/fonts.conf \
         usr/share/taawun/catalog/programmes.json usr/share/taawun/catalog/morocco-territories.csv \
         usr/share/taawun/templates/reports.json \
         usr/share/man/man1/taawun.1 usr/share/man/man1/taawun-propose.1 usr/share/man/man5/taawun.conf.5 usr/share/man/man5/taawun-facts.5 \
         usr/lib/systemd/system/taawun-nightly.service usr/lib/systemd/system/taawun-nightly.timer \
         usr/lib/sysusers.d/taawun.conf usr/lib/tmpfiles.d/taawun.conf etc/taawun/taawun.conf \
         usr/share/doc/taawun/examples/recipients.json usr/share/doc/taawun/examples/seeds/004_edb9a20724460159.json; do
    [ -e "$D/$f" ] && ok "installed /$f" || fail "not installed: /$f"
done
check_eq "the seeds as examples" "$(ls input/*.json | wc -l)" "$(ls "$D"/usr/share/doc/taawun/examples/seeds/*.json | wc -l)"
check_contains "the unit runs the installed command" "$D/usr/lib/systemd/system/taawun-nightly.service" \
    "ExecStart=/usr/bin/taawun nightly"
check_contains "sysusers.d: user taawun" "$D/usr/lib/sysusers.d/taawun.conf" 'u taawun - "taawun report pipeline" /var/lib/taawun'
for sub in work output mail; do
    grep -q "^d /var/lib/taawun/$sub " "$D/usr/lib/tmpfiles.d/taawun.conf" && ok "tmpfiles.d: /var/lib/taawun/$sub" \
        || fail "tmpfiles.d: no /var/lib/taawun/$sub"
done

# ---- man pages ----------------------------------------------------------------
for page in taawun taawun-propose taawun.conf taawun-facts; do
    MANPATH=$D/usr/share/man MANWIDTH=80 man "$page" > "$T/man-$page.txt" 2> "$T/man-$page.err"
    check_eq "man $page: exit 0" 0 $?
    check_eq "man $page: no warning" "" "$(cat "$T/man-$page.err")"
done
check_contains "man taawun names the subcommands" "$T/man-taawun.txt" "taawun nightly"
check_contains "man taawun.conf: values literal" "$T/man-taawun.conf.txt" "never by a shell"
check_contains "man taawun-facts: the fields" "$T/man-taawun-facts.txt" "ISO 3166"
check_contains "man taawun-propose: the numbers set aside" "$T/man-taawun-propose.txt" "x_rejected"

# ---- taawun reports from /tmp, another user, no compiler -------------------------
TAAWUN=$D/usr/bin/taawun
SEEDS=$D/usr/share/doc/taawun/examples/seeds
check_eq "taawun version" "taawun 0.1.0" "$("$TAAWUN" version)"
"$D/usr/lib/taawun/taawun-ingest" --help > "$T/ingest-help.txt" 2>&1
check_contains "taawun-ingest --help names the work folder make reports uses" "$T/ingest-help.txt" \
    "(default build/work/facts.tsv, as make reports)"
# a PATH with every program of the machine but the compilers (and their
# assembler and linker)
mkdir -p "$T/path"
for p in /usr/bin/* /bin/*; do
    n=$(basename "$p")
    [[ "$n" =~ ^(cc|c\+\+|c89|c99|cpp|as|ld|ld\..*|tcc|.*gcc.*|.*g\+\+.*|clang.*|.*-cpp.*)$ ]] && continue
    [ -e "$T/path/$n" ] || ln -s "$p" "$T/path/$n"
done
chmod 711 "$T"
mkdir -m 777 "$T/out"
export TAAWUN_CONFIG=$D/etc/taawun/taawun.conf   # the shipped settings (work: /var/lib/taawun/work)
(cd /tmp && env -i PATH="$T/path" TAAWUN_CONFIG="$TAAWUN_CONFIG" SOURCE_DATE_EPOCH=1700000000 \
    "$(command -v setpriv)" --reuid=nobody --regid=nogroup --clear-groups \
    "$TAAWUN" reports --input "$SEEDS" --output "$T/out" > "$T/reports.log" 2>&1)
rc=$?
check_eq "taawun reports from /tmp as nobody, no compiler on PATH: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || tail -5 "$T/reports.log"
check_eq "no compiler on that PATH" "" "$(PATH=$T/path command -v cc gcc clang c99 ld)"
check_eq "make on that PATH" "$T/path/make" "$(PATH=$T/path command -v make)"
check_contains "taawun reports says what it made" "$T/reports.log" "reports: 6 scopes x 2 languages in $T/out/"
check_eq "24 reports" 24 "$(ls "$T"/out/*.pdf "$T"/out/*.xlsx | wc -l)"
check_eq "the work folder is OUTPUT/.work (the settings' work is at a lower level than --output)" yes \
    "$([ -s "$T/out/.work/facts.tsv" ] && echo yes)"
fonts=$(for f in "$T"/out/*.pdf; do pdffonts "$f" | tail -n +3 | awk '{ sub(/^[A-Z]+\+/, "", $1); print $1 }'; done | sort -u)
check_eq "installed PDFs embed only Noto fonts" "" "$(echo "$fonts" | grep -v '^NotoSans')"
echo "$fonts" | grep -qx 'NotoSansArabic-Bold' && ok "installed PDFs embed NotoSansArabic-Bold" || fail "no NotoSansArabic-Bold: $fonts"
pdftotext "$T/out/MA-05-fr.pdf" - 2>/dev/null | grep -q "Béni Mellal" && ok "MA-05-fr.pdf names its region" || fail "MA-05-fr.pdf text"
$PY -c "import openpyxl, sys; wb = openpyxl.load_workbook(sys.argv[1]); print(len(wb.sheetnames) > 0)" "$T/out/MA-fr.xlsx" \
    > "$T/xl" 2>&1
check_eq "MA-fr.xlsx opens in openpyxl" True "$(cat "$T/xl")"
# the same reports as a checkout build of the same input (same programs,
# rules, fonts; the data version hashes the input files with their paths)
SOURCE_DATE_EPOCH=1700000000 "${M[@]}" reports INPUT="$SEEDS" OUTPUT="$T/co" WORK="$T/cowork" > "$T/co.log" 2>&1
same=0; differ=""
for f in "$T"/co/*.pdf "$T"/co/*.xlsx; do
    if cmp -s "$f" "$T/out/$(basename "$f")"; then same=$((same + 1)); else differ="$differ $(basename "$f")"; fi
done
check_eq "installed and checkout reports byte-identical (24 files)" "24 " "$same $differ"

# exit codes as the README says: taawun-pdf exits 3 on an input/output error
PDFBIN=$D/usr/lib/taawun/taawun-pdf
PDFARGS=(--slice "$T/out/.work/cube/MA.json" --lang fr --templates "$D/usr/share/taawun/templates"
         --catalog "$D/usr/share/taawun/catalog")
mkdir -m 555 "$T/ro"
"$(command -v setpriv)" --reuid=nobody --regid=nogroup --clear-groups "$PDFBIN" "${PDFARGS[@]}" \
    --output "$T/ro/MA-fr.pdf" > "$T/ro.log" 2>&1
check_eq "taawun-pdf into a folder it cannot write: exit 3" 3 $?
printf '<fontconfig></fontconfig>\n' > "$T/nofonts.conf"
FONTCONFIG_FILE=$T/nofonts.conf "$PDFBIN" "${PDFARGS[@]}" --output "$T/nofonts/MA-fr.pdf" > "$T/nofonts.log" 2>&1
check_eq "taawun-pdf without its fonts: exit 3" 3 $?
check_contains "taawun-pdf without its fonts: says which" "$T/nofonts.log" "font 'Noto Sans"

# ---- taawun check -------------------------------------------------------------
mkdir -p "$T/bad"
cp tests/ingest/bad/negative.json "$T/bad/"
(cd /tmp && "$TAAWUN" check --input "$T/bad" > "$T/check.out" 2> "$T/check.err")
check_eq "taawun check on a bad input: exit 1" 1 $?
check_contains "taawun check: the ingest message" "$T/check.err" \
    "$T/bad/negative.json:2:88: value: is negative: -3988 (expected a value >= 0)"
(cd /tmp && "$TAAWUN" check --input "$SEEDS" > "$T/check2.out" 2>&1)
check_eq "taawun check on the seeds: exit 0" 0 $?
check_contains "taawun check: says the input is valid" "$T/check2.out" "every fact is valid"
left=("${TMPDIR:-/tmp}"/taawun-check.*)
check_eq "taawun check leaves no temporary folder" "" "${left[*]}"

# ---- taawun.conf: read literally, never by a shell ------------------------------
cat > "$T/weird.conf" <<EOF
# a comment
mail_from_name = Rapports \$(touch $T/pwned) "Entraide"  \`id\`
smtp_url=smtp://127.0.0.1:2525
EOF
"$TAAWUN" config --config "$T/weird.conf" > "$T/config.out" 2>&1
check_eq "taawun config --config: exit 0" 0 $?
check_contains "a value with spaces and \$(...) taken literally" "$T/config.out" \
    "mail_from_name	Rapports \$(touch $T/pwned) \"Entraide\"  \`id\`	(config)"
check_contains "key=value without blanks" "$T/config.out" "smtp_url	smtp://127.0.0.1:2525	(config)"
check_eq "nothing ran" "" "$(ls "$T/pwned" 2>/dev/null)"
TAAWUN_CONFIG=$T/weird.conf SMTP_URL=smtp://other:25 "$TAAWUN" config --output /tmp/o > "$T/config2.out" 2>&1
check_contains "the environment overrides the file" "$T/config2.out" "smtp_url	smtp://other:25	(environment)"
check_contains "an option overrides both" "$T/config2.out" "output	/tmp/o	(option)"
printf 'output = %s/with space $(touch %s/pwned2)\n' "$T" "$T" > "$T/space.conf"
"$TAAWUN" reports --config "$T/space.conf" --input "$SEEDS" > "$T/space.log" 2>&1
check_eq "a path with a space and \$(...) in the settings: refused, exit 1" 1 $?
check_contains "refused with file, line, column" "$T/space.log" \
    "$T/space.conf:1:10: output: \"$T/with space \$(touch $T/pwned2)\" holds a space"
check_eq "nothing ran, nothing written" "" "$(ls -d "$T/pwned2" "$T/with" 2>/dev/null)"
printf 'outptu = /tmp/x\n' > "$T/typo.conf"
"$TAAWUN" config --config "$T/typo.conf" > "$T/typo.log" 2>&1
check_eq "an unknown key: exit 1" 1 $?
check_contains "an unknown key: named with its place" "$T/typo.log" "$T/typo.conf:1:1: outptu: unknown setting"
"$TAAWUN" reports --input "$SEEDS" --output "$T/a;b" > "$T/opt.log" 2>&1
check_eq "an option path with ';': exit 2" 2 $?
check_contains "an option path with ';': refused" "$T/opt.log" "output (option): \"$T/a;b\" holds"
"$TAAWUN" config --config "$T/missing.conf" > "$T/miss.log" 2>&1
check_eq "--config of a missing file: exit 3" 3 $?
"$TAAWUN" propose > "$T/propose.log" 2>&1
rc=$?
if [ -x "$D/usr/lib/taawun/taawun-propose" ]; then
    # from /tmp: the installed catalogue and its lexicons (catalog/propose/)
    (cd /tmp && "$TAAWUN" propose --source-id 004_edb9a20724460159 --output "$T/proposed.json" \
        "$ROOT/input/sources/004_edb9a20724460159.txt" > "$T/propose.log" 2>&1)
    check_eq "taawun propose from /tmp (installed catalogue): exit 0" 0 $?
    check_contains "taawun propose: proposed facts" "$T/proposed.json" '"format":'
else
    check_eq "taawun propose without taawun-propose: exit 2" 2 "$rc"
    check_contains "taawun propose: not available" "$T/propose.log" "taawun propose: not available"
fi
"$TAAWUN" frobnicate > "$T/unk.log" 2>&1
check_eq "an unknown command: exit 2" 2 $?
unset TAAWUN_CONFIG

# ---- taawun nightly and email, installed ------------------------------------------
cat > "$T/night.conf" <<EOF
input = $SEEDS
output = $T/night/out
work = $T/night/work
recipients = $D/usr/share/doc/taawun/examples/recipients.json
mail_dir = $T/night/mail
mail_opts = --dry-run
mail_from = rapports@example.org
mail_operator = exploitation@example.org
EOF
(cd /tmp && env -i PATH=/usr/bin:/bin TAAWUN_CONFIG="$T/night.conf" "$TAAWUN" nightly > "$T/night.log" 2>&1)
check_eq "taawun nightly (settings file, dry-run mail): exit 0" 0 $?
check_contains "taawun nightly checked every report" "$T/night.log" "checked 24 of 24 reports"
check_contains "taawun nightly logs on standard output (the journal)" "$T/night.log" "nightly: done: reports built, checked and emailed"
check_eq "taawun nightly: one message per contact (dry run)" "$(grep -c '"address"' "$D/usr/share/doc/taawun/examples/recipients.json")" "$(ls "$T"/night/mail/*.eml | wc -l)"
check_eq "taawun nightly: its lock in the work folder" yes "$([ -e "$T/night/work/nightly.lock" ] && echo yes)"
# a second run while one holds the lock: status 75 (the service's SuccessExitStatus), nothing done
(cd /tmp && flock "$T/night/work/nightly.lock" env -i PATH=/usr/bin:/bin TAAWUN_CONFIG="$T/night.conf" \
    "$TAAWUN" nightly > "$T/night2.log" 2>&1)
check_eq "taawun nightly while another run holds the lock: exit 75" 75 $?
check_contains "taawun nightly busy: says so" "$T/night2.log" "another nightly run is in progress"
# the SMTP password from the systemd credential, as it is, in taawun-mail's
# environment only (a stand-in taawun-mail records what it was given)
mkdir -p "$T/cred"
printf 'pa ss $(touch %s/pwned3) w0rd\n' "$T" > "$T/cred/smtp-password"
mv "$D/usr/lib/taawun/taawun-mail" "$T/real-mail"
printf '#!/bin/sh\nprintf "%%s\\n" "$SMTP_PASSWORD" > %s/seen-password\nprintf "%%s\\n" "$*" > %s/seen-args\n' "$T" "$T" \
    > "$D/usr/lib/taawun/taawun-mail"
chmod 755 "$D/usr/lib/taawun/taawun-mail"
(cd /tmp && env -i PATH=/usr/bin:/bin TAAWUN_CONFIG="$T/night.conf" CREDENTIALS_DIRECTORY="$T/cred" \
    "$TAAWUN" email --force > "$T/email.log" 2>&1)
check_eq "taawun email: exit 0" 0 $?
check_eq "the credential's password reaches taawun-mail as it is" 'pa ss $(touch '"$T"'/pwned3) w0rd' "$(cat "$T/seen-password" 2>/dev/null)"
check_eq "the password is on no command line" "" "$(grep -F 'w0rd' "$T/seen-args" "$T/email.log")"
check_contains "taawun email --force: --force passed on" "$T/seen-args" "--force"
check_contains "taawun email: the settings' mail_opts passed on" "$T/seen-args" "--dry-run"
check_eq "nothing ran from the password" "" "$(ls "$T/pwned3" 2>/dev/null)"
mv "$T/real-mail" "$D/usr/lib/taawun/taawun-mail"

# ---- systemd units -------------------------------------------------------------
sed "s|ExecStart=/usr/bin/taawun|ExecStart=$TAAWUN|" "$D/usr/lib/systemd/system/taawun-nightly.service" \
    > "$T/taawun-nightly.service"
cp "$D/usr/lib/systemd/system/taawun-nightly.timer" "$T/"
(cd "$T" && MANPATH=$D/usr/share/man systemd-analyze verify "$T/taawun-nightly.service" "$T/taawun-nightly.timer" \
    > "$T/verify.log" 2>&1)
check_eq "systemd-analyze verify: the service and the timer" "0:" "$?:$(cat "$T/verify.log")"
systemd-analyze security --offline=yes "$T/taawun-nightly.service" > "$T/security.log" 2>&1
score=$(sed -n 's/.*Overall exposure level for taawun-nightly.service: \([0-9.]*\).*/\1/p' "$T/security.log")
echo "# systemd-analyze security: $score"
[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 3.0) }' && ok "systemd-analyze security: $score <= 3.0" \
    || fail "systemd-analyze security: [$score] (expected <= 3.0)"
for key in ProtectSystem=strict ReadWritePaths=/var/lib/taawun NoNewPrivileges=yes PrivateTmp=yes \
           LoadCredential=smtp-password:/etc/taawun/smtp-password; do
    check_contains "service: $key" "$T/taawun-nightly.service" "$key"
done
check_eq "the timer is not enabled by the installation" "" "$(find "$D" -path '*timers.target.wants*')"

# ---- make uninstall ------------------------------------------------------------
"${M[@]}" uninstall DESTDIR="$D" PREFIX=/usr > "$T/uninstall.log" 2>&1
check_eq "make uninstall: exit 0" 0 $?
check_eq "make uninstall leaves no file" "" "$(find "$D" -type f -o -type l)"
finish
