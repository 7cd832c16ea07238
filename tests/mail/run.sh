#!/usr/bin/env bash
# Emailing the reports (taawun-mail) and the nightly run, against a real
# SMTP server on 127.0.0.1 (tests/mail/smtp_sink.py, Debian's aiosmtpd):
# what the server receives is read back as a mail client would
# (tests/mail/check.py).  No network beyond 127.0.0.1.
set -u
shopt -s nullglob
. "$(dirname "$0")/../lib.sh"
cd "$ROOT" || exit 1
MAIL=$BIN/taawun-mail
CHK=(/usr/bin/python3 tests/mail/check.py)
SECRET='pw-Zq7!never-in-logs'
export MAIL_FROM=reports@example.org SMTP_USER=taawun SMTP_PASSWORD="$SECRET"
unset SMTP_URL MAIL_OPERATOR NETRC SMTP_ALLOW_PLAIN MAIL_DEBUG

for p in taawun-mail taawun-ingest taawun-aggregate; do
    [ -x "$BIN/$p" ] || make --no-print-directory -s "$BIN/$p" > "$T/build.log" 2>&1 || { fail "build $p"; tail "$T/build.log"; }
done

# Runs check.py and counts its lines.
pycheck() {
    "${CHK[@]}" "$@" > "$T/chk.log" 2>&1
    local rc=$?
    grep -E '^(not )?ok' "$T/chk.log"
    PASSED=$((PASSED + $(grep -c '^ok' "$T/chk.log")))
    FAILED=$((FAILED + $(grep -c '^not ok' "$T/chk.log")))
    if [ "$rc" -ne 0 ] && ! grep -q '^not ok' "$T/chk.log"; then fail "check.py $1 crashed"; tail "$T/chk.log"; fi
}

# start_sink NAME [smtp_sink options]: a server storing into $T/NAME; sets PORT, SINK, URL.
start_sink() {
    local name=$1
    shift
    rm -rf "${T:?}/$name" "$T/$name.port"
    /usr/bin/python3 tests/mail/smtp_sink.py --dir "$T/$name" --port-file "$T/$name.port" --timeout 50 "$@" \
        > "$T/$name.sink.log" 2>&1 &
    SINK=$!
    SINKS="${SINKS:-} $SINK"
    for _ in $(seq 100); do [ -s "$T/$name.port" ] && break; sleep 0.05; done
    PORT=$(cat "$T/$name.port" 2>/dev/null)
    URL="smtp://127.0.0.1:$PORT"
}
stop_sink() { kill "$SINK" 2>/dev/null; wait "$SINK" 2>/dev/null; }
cleanup() {
    for p in ${SINKS:-}; do kill "$p" 2>/dev/null; done
    for m in ${MOUNTS:-}; do umount "$m" 2>/dev/null; done
    rm -rf "$T"
}
trap cleanup EXIT
count() { "${CHK[@]}" count "$1"; }

# mail NAME [options]: taawun-mail on the seed slices and the stand-in reports,
# into mail folder $T/NAME-mail; output in $T/NAME.out and .err; status in RC.
mail() {
    local name=$1
    shift
    SMTP_URL=${URL:-} "$MAIL" --output "$T/out" --slices "$T/work/cube" --mail-dir "$T/$name-mail" \
        --retry-delay 0.1 "$@" > "$T/$name.out" 2> "$T/$name.err"
    RC=$?
}

# ---- set-up: the seed slices and stand-in reports ---------------------------
"$BIN/taawun-ingest" -q -o "$T/work/facts.tsv" -s "$T/work/sources.json" input &&
    "$BIN/taawun-aggregate" -q -f "$T/work/facts.tsv" -s "$T/work/sources.json" -o "$T/work"
check_eq "seed slices" "MA MA-05 MA-06 MA-11 MA-AZI MA-LAA" "$(sed -n 's/^SCOPES := //p' "$T/work/scopes.mk")"
"${CHK[@]}" standin "$T/out" "$T/work/cube" ar fr --pad=MA-AZI-fr.pdf:300000 --chart=MA-06-ar-1.png --chart=MA-06-ar-2.png
qpdf --check "$T/out/MA-06-ar.pdf" > /dev/null 2>&1 && ok "stand-in reports pass qpdf --check" || fail "stand-in PDF"

check_eq "--version" "taawun-mail 0.1.0" "$("$MAIL" --version)"
"$MAIL" --help | grep -q "^Exit status: 0 every message sent" && ok "--help documents the exit statuses" || fail "--help"
"$MAIL" --password x > /dev/null 2>&1
check_eq "no password on the command line: usage error" 2 $?
SMTP_URL='' "$MAIL" --output "$T/out" --slices "$T/work/cube" --mail-dir "$T/x-mail" > /dev/null 2> "$T/x.err"
check_eq "no SMTP_URL: usage error" 2 $?
check_contains "no SMTP_URL: says so" "$T/x.err" "SMTP_URL is not set"

# ---- dry run: .eml files built by libcurl, nothing sent ---------------------------
URL=
mail dry --dry-run
check_eq "dry run: exit 0" 0 "$RC"
check_eq "dry run: 7 .eml files" 7 "$(count "$T/dry-mail")"
pycheck sample "$T/dry-mail" "$T/out"
[ ! -s "$T/dry-mail/ledger.tsv" ] && [ ! -e "$T/dry-mail/sent.log" ] && ok "dry run: no ledger entry, no send log" ||
    fail "dry run wrote the ledger or the log"
# the longest name and address allowed: one To: line under 998 bytes, a file
# name under 255 (found by fuzz/fuzz_recipients.c)
$PY -c 'import json, sys; json.dump({"format": "taawun-recipients/1", "contacts": [{"name": "\"" * 200,
    "address": "a" * 64 + "@" + "b" * 185 + ".org", "language": "fr", "territories": ["MA"]}]}, open(sys.argv[1], "w"))' "$T/longest.json"
mail longest --dry-run --recipients "$T/longest.json"
check_eq "longest name and address: one message written" "0 1" "$RC $(count "$T/longest-mail")"
check_eq "longest name and address: the To: line is 663 bytes, the file name 207" "663 207" \
    "$(awk '/^To:/ { print length($0) - 1 }' "$T"/longest-mail/*.eml) $(ls "$T/longest-mail" | grep eml | awk '{ print length($0) }')"

# ---- sending: the seed reports to the sample recipients ---------------------------
start_sink s1
mail s1
check_eq "send: exit 0" 0 "$RC"
stop_sink
pycheck sample "$T/s1" "$T/out"
check_eq "send: 7 lines 'sent' in sent.log" 7 "$(grep -c $'\tsent\t' "$T/s1-mail/sent.log")"
check_eq "send: 7 ledger lines 'sending', 7 'sent'" "7 7" \
    "$(grep -c $'\tsending$' "$T/s1-mail/ledger.tsv") $(grep -c $'\tsent$' "$T/s1-mail/ledger.tsv")"
if grep -rqF -- "$SECRET" "$T/s1.out" "$T/s1.err" "$T/s1-mail"; then fail "the password appears in a log"; else
    ok "the password appears in no output or log"; fi

# ---- no double sending; --force; a changed report --------------------------------
start_sink s2
mail s1
check_eq "second run: exit 0" 0 "$RC"
check_eq "second run: 7 already sent" 7 "$(grep -c '^already sent' "$T/s1.out")"
mail s1 --force
check_eq "--force: exit 0" 0 "$RC"
check_eq "--force: 7 messages again" 7 "$(count "$T/s2")"
cp "$T/out/MA-06-ar.pdf" "$T/MA-06-ar.keep"
printf '%% changed\n' >> "$T/out/MA-06-ar.pdf"
mail s1
check_eq "a changed report: only its recipient gets a message" "8 sent: casablanca-settat@example.org (MA-06-ar.pdf,MA-06-ar-1.png,MA-06-ar-2.png)" \
    "$(count "$T/s2") $(grep '^sent' "$T/s1.out")"
cp "$T/MA-06-ar.keep" "$T/out/MA-06-ar.pdf"
stop_sink

# ---- transient failures: 451 then accepted; connection refused -----------------------
start_sink t1 --fail-first 2
mail t1
check_eq "451 twice, then accepted: exit 0" 0 "$RC"
check_eq "451 twice: every message delivered" 7 "$(count "$T/t1")"
check_eq "451 twice: the server saw 2 refusals then 7 acceptances" "2 7" \
    "$(grep -c ' 451$' "$T/t1/events.log") $(grep -c ' 250$' "$T/t1/events.log")"
check_contains "451: reported as transient and retried" "$T/t1.err" "451 (server: 451 4.3.0 Try again later) (transient; will retry)"
grep -q 'attempts=2' "$T/t1-mail/sent.log" && ok "451: sent.log counts the attempts" || fail "451: attempts not logged"
stop_sink

free_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
URL="smtp://127.0.0.1:$free_port"
mail t2 --retries 1
check_eq "nobody listening, retries exhausted: exit 6" 6 "$RC"
check_contains "connection refused: says to run again later" "$T/t2.err" "still failing after the retries; run again later"
check_eq "connection refused: no message 'sent' in the ledger, 2 attempts 'failed'" "0 2" \
    "$(grep -c $'\tsent$' "$T/t2-mail/ledger.tsv") $(grep -c $'\tfailed$' "$T/t2-mail/ledger.tsv")"
start_sink t3 --port "$free_port" --start-after 0.6
mail t3 --retries 4 --retry-delay 0.2
check_eq "server up after a while: exit 0 after retries" 0 "$RC"
check_eq "server up after a while: every message delivered" 7 "$(count "$T/t3")"
stop_sink

# ---- permanent failure: 550 for one recipient ------------------------------------------
start_sink p1 --reject azilal@example.org
mail p1
check_eq "550 for one recipient: exit 5" 5 "$RC"
check_eq "550: the 6 others sent" 6 "$(count "$T/p1")"
check_eq "550: not retried" 1 "$(grep -c 'azilal@example.org 550' "$T/p1/events.log")"
check_contains "550: reported with the server's reply" "$T/p1.err" \
    "not sent to azilal@example.org: RCPT failed: 550 (server: 550 5.1.1 No such user here) (permanent; not retried)"
grep -q $'failed\tazilal@example.org' "$T/p1-mail/sent.log" && ok "550: logged as failed" || fail "550 not logged"
stop_sink
start_sink p2
mail p1
check_eq "after the 550: a re-run sends only the missing message" "0 1" "$RC $(count "$T/p2")"
stop_sink

# ---- never twice, never lost (RFC 5321 4.5.3.2; issue 14 item 5) -----------------------
# The ledger gets "sending" (on disk) before a message goes to the server and
# "sent"/"failed" after; a message left "sending" may have been received: it
# is reported (exit 8) and sent again only with --force.
printf '%s\n' '{"format": "taawun-recipients/1", "contacts": [
  {"name": "Azilal", "address": "azilal@example.org", "language": "fr", "territories": ["MA-AZI"]}]}' > "$T/one.json"
last_state() { tail -n 1 "$1/ledger.tsv" 2>/dev/null | awk -F'\t' '{ print $2, $NF }'; }
# a server that answers "250" to the final dot 3 s late, to a client whose
# --timeout (1 s) is shorter: the client waits (up to --data-end-timeout,
# 10 min by default), the message arrives once and the ledger says so
start_sink slow --slow-after-data 3
mail slow --recipients "$T/one.json" --timeout 1
check_eq "a slow 250 after the final dot: exit 0, exactly one message" "0 1" "$RC $(count "$T/slow")"
check_eq "a slow 250: the ledger says sending, then sent" "sending sent" \
    "$(awk -F'\t' '{ printf "%s%s", (NR > 1 ? " " : ""), $NF }' "$T/slow-mail/ledger.tsv")"
stop_sink
# no reply to the final dot within --data-end-timeout: maybe received, not retried
start_sink unk --slow-after-data 4
mail unk --recipients "$T/one.json" --data-end-timeout 1
check_eq "no reply to the final dot: exit 8, the message not sent again" "8 1" "$RC $(count "$T/unk")"
check_contains "no reply to the final dot: said" "$T/unk.err" \
    "NOT CONFIRMED to azilal@example.org: no reply to the end of the message (server response timeout) after 1 s: the server may have accepted it"
check_eq "no reply to the final dot: the ledger stays 'sending'" "azilal@example.org sending" "$(last_state "$T/unk-mail")"
stop_sink
start_sink unk2
mail unk --recipients "$T/one.json"
check_eq "left 'sending': the next run reports it, exit 8, sends nothing" "8 0" "$RC $(count "$T/unk2")"
check_contains "left 'sending': the operator is told what to do" "$T/unk.err" \
    "NOT SENT to azilal@example.org: an earlier run stopped while sending it ($T/unk-mail/ledger.tsv: \"sending\" MA-AZI-fr.pdf at 20"
check_contains "left 'sending': the summary counts it" "$T/unk.out" "1 held (may have been received: see above)"
mail unk --recipients "$T/one.json" --force
check_eq "left 'sending', --force: sent again, exit 0" "0 1" "$RC $(count "$T/unk2")"
check_eq "left 'sending', --force: the ledger says sent" "azilal@example.org sent" "$(last_state "$T/unk-mail")"
mail unk --recipients "$T/one.json"
check_eq "after --force: the next run sends nothing (already sent)" "0 1" "$RC $(count "$T/unk2")"
stop_sink
# kill -9 once the server has the message, before its "250"
start_sink k9 --slow-after-data 30
SMTP_URL=$URL "$MAIL" --output "$T/out" --slices "$T/work/cube" --mail-dir "$T/k9-mail" --recipients "$T/one.json" \
    > "$T/k9.out" 2> "$T/k9.err" &
k9=$!
for _ in $(seq 200); do [ -e "$T/k9/001.eml" ] && break; sleep 0.05; done
kill -9 "$k9"
wait "$k9" 2> /dev/null
check_eq "kill -9 after the server accepted: the ledger says sending" "azilal@example.org sending" "$(last_state "$T/k9-mail")"
stop_sink
start_sink k9b
mail k9 --recipients "$T/one.json"
check_eq "kill -9: the next run reports it (exit 8) and does not send it again" "8 0" "$RC $(count "$T/k9b")"
check_contains "kill -9: the next run names the message" "$T/k9.err" "NOT SENT to azilal@example.org: an earlier run stopped"
mail k9 --recipients "$T/one.json" --force
check_eq "kill -9, then --force: sent again" "0 1" "$RC $(count "$T/k9b")"
stop_sink
# a ledger that cannot be written: the run stops before anything is sent
start_sink full
mkdir -p "$T/fullfs"
if mount -t tmpfs -o size=64k tmpfs "$T/fullfs"; then
    MOUNTS="${MOUNTS:-} $T/fullfs"
    mkdir -p "$T/fullfs/mail"
    dd if=/dev/zero of="$T/fullfs/fill" bs=4k > /dev/null 2>&1
    mail full --mail-dir "$T/fullfs/mail"
    check_eq "full MAIL_DIR: exit 3, nothing sent" "3 0" "$RC $(count "$T/full")"
    check_contains "full MAIL_DIR: says why" "$T/full.err" \
        "cannot write the ledger $T/fullfs/mail/ledger.tsv: No space left on device; nothing more sent"
    rm -f "$T/fullfs/fill"
    printf 'x\tazilal@example.org\t2026-01-01T00:00:00Z\tMA-AZI-fr.pdf\tfailed\n' > "$T/fullfs/mail/ledger.tsv"
    mount -o remount,ro "$T/fullfs"
    mail full --mail-dir "$T/fullfs/mail"
    check_eq "read-only MAIL_DIR: exit 3, nothing sent" "3 0" "$RC $(count "$T/full")"
    check_contains "read-only MAIL_DIR: says why" "$T/full.err" \
        "cannot open $T/fullfs/mail/ledger.tsv: Read-only file system; nothing sent"
    # the disk fills between "sending" and "sent": the message went out, the
    # run stops (exit 3), the ledger keeps "sending", the next run holds it.
    # (tmpfs counts 4 KiB pages: a ledger of 3 909 bytes has room in its page
    # for the 127-byte "sending" line, not for the "sent" line after it)
    mount -o remount,rw "$T/fullfs"
    rm -rf "$T/fullfs/mail" && mkdir "$T/fullfs/mail"
    $PY -c 'import sys; open(sys.argv[1], "w").write(("#" * 99 + "\n") * 39 + "#" * 8 + "\n")' "$T/fullfs/mail/ledger.tsv"
    dd if=/dev/zero of="$T/fullfs/fill" bs=4k > /dev/null 2>&1
    mail full --mail-dir "$T/fullfs/mail" --recipients "$T/one.json"
    check_eq "disk full after the message went out: exit 3, the message sent once" "3 1" "$RC $(count "$T/full")"
    check_contains "disk full after the message went out: says what it means" "$T/full.err" \
        "No space left on device; the message was sent but stays \"sending\" in the ledger: the next run reports it and does not send it again"
    rm -f "$T/fullfs/fill"
    mail full --mail-dir "$T/fullfs/mail" --recipients "$T/one.json"
    check_eq "disk full after the message went out: the next run holds it (exit 8), sends nothing" "8 1" \
        "$RC $(count "$T/full")"
    umount "$T/fullfs" && MOUNTS=${MOUNTS% $T/fullfs}
else
    fail "full MAIL_DIR: cannot mount a tmpfs (root needed)"
fi
stop_sink

# ---- the ledger and the send log are never written through a symbolic link (item 6) ----
start_sink ln
for f in ledger.tsv sent.log; do
    rm -rf "$T/ln-mail" "$T/victim"
    mkdir -p "$T/ln-mail"
    ln -s "$T/victim" "$T/ln-mail/$f"
    mail ln --recipients "$T/one.json"
    check_eq "$f a planted symlink: exit 3, nothing sent, the target not created" "3 0 no" \
        "$RC $(count "$T/ln") $([ -e "$T/victim" ] && echo yes || echo no)"
    check_contains "$f a planted symlink: refused with a clear message" "$T/ln.err" \
        "$T/ln-mail/$f is a symbolic link: refused (the ledger and the send log are never written through a link"
done
stop_sink

# ---- one message's attachments in memory at a time (item 9) ---------------------------
# 200 contacts each get the 300 KB report of Azilal: holding them all (as
# before) takes over 60 MB; one at a time stays near the program's own size.
$PY -c 'import json, sys
json.dump({"format": "taawun-recipients/1", "contacts": [{"name": "C%d" % i, "address": "c%d@example.org" % i,
    "language": "fr", "territories": ["MA-AZI"]} for i in range(200)]}, open(sys.argv[1], "w"))' "$T/many.json"
rss=$($PY -c 'import resource, subprocess, sys
r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
print(r, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)' \
    "$MAIL" --dry-run --output "$T/out" --slices "$T/work/cube" --mail-dir "$T/many-mail" --recipients "$T/many.json")
check_eq "200 contacts, dry run: exit 0, 200 messages" "0 200" "${rss% *} $(count "$T/many-mail")"
if [ "${rss#* }" -le 30 ]; then ok "200 contacts: peak memory ${rss#* } MiB (at most 30)"; else
    fail "200 contacts: peak memory ${rss#* } MiB (expected at most 30: one message's reports at a time)"; fi
rm -rf "$T/many-mail"

# ---- only reports of scopes with data now (item 3) ---------------------------------------
# a report left in OUTPUT by older data (its slice is gone) is never attached
cp -R "$T/work/cube" "$T/cube-now"
rm "$T/cube-now/MA-LAA.json"
cp "$T/out/MA-06-fr.pdf" "$T/out/MA-01-fr.pdf"
cp "$T/out/charts/MA-06-ar-1.png" "$T/out/charts/MA-01-fr-1.png"
printf '%s\n' '{"format": "taawun-recipients/1", "contacts": [
  {"name": "T", "address": "t@example.org", "language": "fr", "territories": ["MA-06", "MA-01"]},
  {"name": "U", "address": "u@example.org", "language": "ar", "territories": ["MA-LAA"]},
  {"name": "V", "address": "v@example.org", "language": "ar", "territories": ["MA-11"], "with_provinces": true}]}' > "$T/stale.json"
URL=
mail stale --dry-run --recipients "$T/stale.json" --slices "$T/cube-now"
check_eq "stale reports: exit 0, two messages" "0 2" "$RC $(count "$T/stale-mail")"
check_eq "stale reports: only reports of scopes with a slice attached" "MA-06-fr.pdf MA-11-ar.pdf" \
    "$(cat "$T"/stale-mail/*.eml | sed -n 's/.*filename="\([^"]*\)".*/\1/p' | sort | tr '\n' ' ' | sed 's/ $//')"
check_contains "stale reports: a contact whose only scope has no data now gets nothing" "$T/stale.out" "nothing to send: u@example.org"
rm "$T/out/MA-01-fr.pdf" "$T/out/charts/MA-01-fr-1.png"

# ---- the size cap ------------------------------------------------------------------
start_sink c1
mail c1 --max-bytes 100K
check_eq "size cap: exit 0" 0 "$RC"
stop_sink
pycheck capped "$T/c1" beni-mellal-khenifra@example.org MA-05-fr.pdf MA-AZI-fr.pdf 102400
check_contains "size cap: said on the terminal" "$T/c1.out" "left out over 102400 bytes: MA-AZI-fr.pdf"

# ---- a territory without data (no slice, no report) ------------------------------------
start_sink nd
printf '%s\n' '{"format": "taawun-recipients/1", "contacts": [
  {"name": "T", "address": "t@example.org", "language": "fr", "territories": ["MA-06", "MA-01"]},
  {"name": "U", "address": "u@example.org", "language": "ar", "territories": ["MA-01"]}]}' > "$T/nd.json"
mail nd --recipients "$T/nd.json"
check_eq "a territory without data: exit 0, one message" "0 1" "$RC $(count "$T/nd")"
check_contains "a contact with no report at all: nothing to send, said" "$T/nd.out" "nothing to send: u@example.org"
stop_sink
pycheck body "$T/nd" t@example.org "Casablanca-Settat (MA-06) - période 2011/2012" \
    "Pas de rapport pour Tanger-Tétouan-Al Hoceima (MA-01) : aucune donnée pour ce territoire."

# ---- numbers written as the reports write them (render/numfmt.c) ---------------------------
# A report of 1 310 720 bytes, exactly 1.25 MB, left out over a 1 MB cap:
# "(1,3 Mo)", rounded as written (printf's "%.1f" gave "1,2").
rm -rf "$T/out125" && cp -Rp "$T/out" "$T/out125" && truncate -s 1310720 "$T/out125/MA-AZI-fr.pdf"
printf '%s\n' '{"format": "taawun-recipients/1", "contacts": [
  {"name": "A", "address": "a@example.org", "language": "fr", "territories": ["MA-AZI"]}]}' > "$T/az.json"
SMTP_URL='' "$MAIL" --output "$T/out125" --slices "$T/work/cube" --mail-dir "$T/size-mail" --dry-run \
    --recipients "$T/az.json" --max-bytes 1M > "$T/size.out" 2> "$T/size.err"
check_eq "a 1.25 MB report left out: exit 0" 0 $?
pycheck body "$T/size-mail" a@example.org "$(printf 'MA-AZI-fr.pdf (1,3\u00a0Mo)')" "$(printf 'maximale de 1,0\u00a0Mo')"

# ---- the message texts are data: the mail_* labels of TEMPLATES/labels.json -------------------
mkdir -p "$T/tpl"
$PY - templates/labels.json "$T/tpl/labels.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["fr"]["mail_footer"] = "Pied de page de test {n}"
d["ar"]["mail_hello"] = "إلى السيد(ة) {name}"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
URL=
mail texts --dry-run --templates "$T/tpl" --recipients "$T/nd.json"
check_eq "texts from --templates: exit 0" 0 "$RC"
pycheck body "$T/texts-mail" t@example.org "Pied de page de test {n}"
$PY - "$T/tpl/labels.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
del d["fr"]["mail_hello"]
json.dump(d, open(sys.argv[1], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
mail texts2 --dry-run --templates "$T/tpl" --recipients "$T/nd.json"
check_eq "a message text missing: exit 1, nothing written" "1 0" "$RC $(count "$T/texts2-mail")"
check_contains "a message text missing: named with its place" "$T/texts2.err" \
    "$T/tpl/labels.json:$(grep -n '^  "fr"' "$T/tpl/labels.json" | cut -d: -f1):9: fr.mail_hello: missing (expected a string: a message text of taawun-mail)"
MAIL_OPERATOR=ops@example.org mail notpl --dry-run --templates "$T/none" --notice "taawun nightly: FAILED (test)"
check_eq "a notice without the message texts: still written" "0 1" "$RC $(ls "$T/notpl-mail"/notice.eml 2>/dev/null | wc -l)"
check_contains "a notice without the message texts: says so" "$T/notpl.err" "cannot read $T/none/labels.json"

# ---- bad recipients files: clear message, nothing sent --------------------------------
start_sink r1
bad_recipients() {   # NAME EXPECTED-MESSAGE JSON
    printf '%s\n' "$3" > "$T/$1.json"
    mail r1 --recipients "$T/$1.json"
    if [ "$RC" -eq 1 ] && grep -qF -- "$2" "$T/r1.err"; then ok "recipients: $1 refused"; else
        fail "recipients: $1 (status $RC)"; cat "$T/r1.err"; fi
}
head='{"format": "taawun-recipients/1", "contacts": ['
good='{"name": "Azilal", "address": "azilal@example.org", "language": "fr", "territories": ["MA-AZI"]}'
bad_recipients crlf_address "$T/crlf_address.json:3:13: contacts[1].address: contains CR, which could start a new mail header" \
    "$head $good,
{\"name\": \"X\",
 \"address\": \"x@example.org\\r\\nBcc: victim@example.org\", \"language\": \"fr\", \"territories\": [\"MA\"]}]}"
bad_recipients lf_name "contacts[0].name: contains LF" \
    "$head {\"name\": \"A\\nSubject: spam\", \"address\": \"a@example.org\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"
bad_recipients two_at "'a@b@example.org' has more than one @" \
    "$head {\"name\": \"A\", \"address\": \"a@b@example.org\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"
bad_recipients angle "contains an angle bracket" \
    "$head {\"name\": \"A\", \"address\": \"<a@example.org>\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"
bad_recipients space "contains a space" \
    "$head {\"name\": \"A\", \"address\": \"a b@example.org\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"
bad_recipients territory "unknown territory 'MA-99'" \
    "$head {\"name\": \"A\", \"address\": \"a@example.org\", \"language\": \"fr\", \"territories\": [\"MA-99\"]}]}"
bad_recipients language "unknown language 'en' (expected \"ar\" or \"fr\")" \
    "$head {\"name\": \"A\", \"address\": \"a@example.org\", \"language\": \"en\", \"territories\": [\"MA\"]}]}"
bad_recipients provinces "with_provinces: is true but no region is listed" \
    "$head {\"name\": \"A\", \"address\": \"a@example.org\", \"language\": \"fr\", \"territories\": [\"MA-AZI\"], \"with_provinces\": true}]}"
bad_recipients duplicate "is already the address of contacts[0]" "$head $good, $good]}"
# found by fuzz/fuzz_recipients.c: a bidi override in a name (it opens the
# message text), a name too long for one header line, and the index of the first contact with an address when an
# earlier contact was refused
bad_recipients bidi_name "$T/bidi_name.json:1:58: contacts[0].name: bidi control character U+202E at character 2" \
    "$head {\"name\": \"A\\u202eB\", \"address\": \"a@example.org\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"
long=$(printf 'P%.0s' $(seq 201))
bad_recipients long_name "contacts[0].name: is 201 characters long (expected the contact's name, at most 200 characters)" \
    "$head {\"name\": \"$long\", \"address\": \"a@example.org\", \"language\": \"ar\", \"territories\": [\"MA\"]}]}"
bad_recipients duplicate_after_refused "'AZILAL@example.org' is already the address of contacts[1]" \
    "$head {\"name\": \"A\", \"address\": \"a@@example.org\", \"language\": \"fr\", \"territories\": [\"MA\"]}, $good, ${good/azilal@/AZILAL@}]}"
check_eq "bad recipients files: nothing sent" 0 "$(count "$T/r1")"
stop_sink
cp "$T/out/MA-06-ar.pdf" "$T/MA-06-ar.keep"
rm "$T/out/MA-06-ar.pdf"
URL=smtp://127.0.0.1:9
mail m1 --dry-run
check_eq "a report missing: exit 3, nothing written" "3 0" "$RC $(count "$T/m1-mail")"
check_contains "a report missing: named" "$T/m1.err" "1 report missing: $T/out/MA-06-ar.pdf"
cp "$T/MA-06-ar.keep" "$T/out/MA-06-ar.pdf"

# ---- STARTTLS: required for a server that is not loopback --------------------------------
start_sink tls
URL="smtp://[::ffff:127.0.0.1]:$PORT"   # the loopback server, but not by a loopback name
mail tls --retries 0 --recipients <(printf '%s\n' "$head $good]}")
check_eq "STARTTLS required for a non-loopback server without it: exit 5, nothing sent" "5 0" "$RC $(count "$T/tls")"
check_contains "STARTTLS required: says so" "$T/tls.err" "STARTTLS not supported"
SMTP_ALLOW_PLAIN=1 mail tls --retries 0 --recipients <(printf '%s\n' "$head $good]}")
check_eq "SMTP_ALLOW_PLAIN=1: sent in plain" "0 1" "$RC $(count "$T/tls")"
stop_sink

# ---- login: a netrc file, the environment, a wrong password, none ------------------------
one="$head $good]}"
start_sink a1 --auth "taawun:$SECRET"
printf 'machine 127.0.0.1\nlogin taawun\npassword %s\n' "$SECRET" > "$T/netrc"
SMTP_USER='' SMTP_PASSWORD='' NETRC="$T/netrc" mail a1 --retries 0 --recipients <(printf '%s\n' "$one")
check_eq "login from a netrc file: sent" "0 1" "$RC $(count "$T/a1")"
mail a2 --retries 0 --recipients <(printf '%s\n' "$one")
check_eq "login from SMTP_USER/SMTP_PASSWORD: sent" "0 2" "$RC $(count "$T/a1")"
SMTP_PASSWORD=wrong-password mail a3 --retries 0 --recipients <(printf '%s\n' "$one")
check_eq "a wrong password: exit 5 (permanent), nothing sent" "5 2" "$RC $(count "$T/a1")"
check_contains "a wrong password: says the login was denied" "$T/a3.err" "Login denied (server: 535"
SMTP_USER='' SMTP_PASSWORD='' NETRC="$T/no-netrc" mail a4 --retries 0 --recipients <(printf '%s\n' "$one")
check_eq "no login where one is required: exit 5" 5 "$RC"
check_eq "the server saw two good logins and one bad" "2 1" \
    "$(grep -c 'AUTH taawun 235' "$T/a1/events.log") $(grep -c 'AUTH taawun 535' "$T/a1/events.log")"
stop_sink
if grep -rqF -- "$SECRET" "$T"/a[1-4].out "$T"/a[1-4].err "$T"/a[1-4]-mail; then fail "the password appears in a log"; else
    ok "logins: the password appears in no output or log"; fi

# ---- notices --------------------------------------------------------------------------------
start_sink n1
printf 'make reports failed\nline 2\n' > "$T/notice.txt"
MAIL_OPERATOR=ops@example.org mail n1 --notice "taawun nightly: FAILED (test)" --body-file "$T/notice.txt"
check_eq "notice: exit 0" 0 "$RC"
stop_sink
pycheck notice "$T/n1" ops@example.org "FAILED (test)" "make reports failed"

# ---- make email on the real seed reports (dry run, then a loopback server) ---------------------
ME=(make --no-print-directory -s WORK="$T/mwork" OUTPUT="$T/mout" RECIPIENTS=input/delivery/recipients.json)
"${ME[@]}" email DRY_RUN=1 MAIL_DIR="$T/mdry" > "$T/mdry.log" 2>&1
check_eq "make email DRY_RUN=1: exit 0" 0 $?
check_eq "make email DRY_RUN=1: one .eml per recipient" 7 "$(ls "$T/mdry"/*.eml 2>/dev/null | wc -l)"
pycheck sample "$T/mdry" "$T/mout"
start_sink me
SMTP_URL=$URL "${ME[@]}" email MAIL_DIR="$T/msent" MAIL_OPTS="--retry-delay 0.1" > "$T/me.log" 2>&1
check_eq "make email SMTP_URL=smtp://127.0.0.1:PORT: exit 0" 0 $?
stop_sink
pycheck sample "$T/me" "$T/mout"
start_sink me2
SMTP_URL=$URL "${ME[@]}" email MAIL_DIR="$T/msent" MAIL_OPTS="--retry-delay 0.1" > "$T/me2.log" 2>&1
check_eq "make email again: exit 0" 0 $?
stop_sink
check_eq "make email again: nothing re-sent" 0 "$(count "$T/me2")"

# ---- the nightly run ---------------------------------------------------------------------------
# make nightly runs scripts/nightly.sh (make turns any failure into status 2;
# the script's own statuses are checked by running it directly, as systemd does).
export NIGHTLY_LOCK="$T/nightly.lock" MAIL_OPERATOR=ops@example.org MAIL_OPTS="--retry-delay 0.1"
NM=(make --no-print-directory -s nightly WORK="$T/nwork" OUTPUT="$T/nout")
nightly() { env WORK="$T/nwork" OUTPUT="$T/nout" "$@" scripts/nightly.sh; }
start_sink ng
export SMTP_URL=$URL
"${NM[@]}" > "$T/ng1.log" 2>&1 &
first=$!
# wait until the first run holds the lock (it logs "start:" once it has it)
for _ in $(seq 200); do grep -qs 'start:' "$T/nout/logs/nightly-$(date +%F).log" && break; sleep 0.05; done
nightly > "$T/ng2.log" 2>&1
rc2=$?
wait "$first"
rc1=$?
check_eq "nightly: a second run while one runs exits at once with status 75" 75 "$rc2"
check_contains "nightly: the second run says why" "$T/ng2.log" "another nightly run is in progress"
check_eq "make nightly: the first run succeeds" 0 "$rc1"
stop_sink
[ "$rc1" -eq 0 ] || tail -30 "$T/ng1.log"
pycheck sample "$T/ng" "$T/nout"
nlog="$T/nout/logs/nightly-$(date +%F).log"
n=$((6 * 2 * $(make --no-print-directory -s print-RENDERERS | wc -w)))
check_contains "nightly: dated log, reports checked" "$nlog" "checked $n of $n reports"
check_contains "nightly: dated log, done" "$nlog" "done: reports built, checked and emailed"

# a message left "sending" (a run killed while sending it): the nightly run
# fails (taawun-mail exit 8) and the operator's notice names it
printf 'k\tihsaa@example.org\t2026-01-01T00:00:00Z\tMA-ar.pdf\tsending\n' >> "$T/nout/mail/ledger.tsv"
start_sink nh
export SMTP_URL=$URL
nightly > "$T/nh.log" 2>&1
check_eq "nightly, a message left 'sending': exit 2, only the notice sent" "2 1" "$? $(count "$T/nh")"
stop_sink
pycheck notice "$T/nh" ops@example.org "emailing the reports failed (taawun-mail exit status 8)" \
    "NOT SENT to ihsaa@example.org: an earlier run stopped while sending it"

# a bad input: no report emailed, one notice to the operator
start_sink nf
export SMTP_URL=$URL
mkdir -p "$T/badin"
cp input/*.json "$T/badin/"
cp tests/ingest/bad/negative.json "$T/badin/zz.json"
nightly INPUT="$T/badin" OUTPUT="$T/nbad" WORK="$T/nbadwork" > "$T/nf.log" 2>&1
check_eq "nightly, bad input: exit 1" 1 $?
stop_sink
pycheck notice "$T/nf" ops@example.org "FAILED (make reports failed)" "negative"

# a report that does not pass qpdf --check: no report emailed, one notice
start_sink nq
export SMTP_URL=$URL
printf 'not a PDF' > "$T/nout/MA-05-fr.pdf"
touch -d '+1 hour' "$T/nout/MA-05-fr.pdf"   # newer than its slice and the renderer: make keeps it
nightly MAIL_OPTS="--retry-delay 0.1 --force" > "$T/nq.log" 2>&1
check_eq "nightly, a broken PDF: exit 1" 1 $?
stop_sink
pycheck notice "$T/nq" ops@example.org "report check failed" "qpdf --check fails: $T/nout/MA-05-fr.pdf"

# make nightly itself fails (status 2) when the run fails
start_sink nm
export SMTP_URL=$URL
"${NM[@]}" > "$T/nm.log" 2>&1
check_eq "make nightly, a broken PDF: make fails" 2 $?
stop_sink
check_eq "make nightly, a broken PDF: one notice, no report" 1 "$(count "$T/nm")"
finish
