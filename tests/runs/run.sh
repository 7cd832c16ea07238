#!/usr/bin/env bash
# What a run of `make reports` reads, writes, removes and locks
# (mk/pipeline.mk; issue 14, items 2, 3, 7 and 9):
#   - input file names are never seen by make or a shell: names with ';',
#     '$( )', back-quotes, ':', a newline, a leading '-', spaces or quotes
#     run nothing and are read (or refused with a clear message);
#     INPUT, OUTPUT and WORK may hold spaces;
#   - reports mirror the input: a deleted input takes its facts, slices,
#     reports and charts with it; inputs older than WORK are read all the
#     same (a content manifest, not times); a missing INPUT is exit 2 with
#     a message, and leaves nothing looking fresh;
#   - one run at a time on a WORK: a second waits (or, LOCK_WAIT=0, says who
#     holds WORK and does nothing); the start-up sweep removes only the
#     writers' temporaries, only in the pipeline's folders;
#   - INPUT=./input and INPUT=input give the same bytes; pipeline.mk run
#     alone from another folder gives the same bytes as the checkout.
set -u
shopt -s nullglob
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
M=(make --no-print-directory -s -C "$ROOT")
# one language is enough here (the pipeline suite makes both)
L=(LANGS=fr)
md5s() { (cd "$1" && find . -type f -exec md5sum {} + | LC_ALL=C sort -k2); }

# ---- 1. hostile input file names --------------------------------------------------
IN="$T/in put"
mkdir -p "$IN" "$T/cwd"
$PY - "$IN" <<'PY'
import json, os, sys
names = [";touch PWNED;#.json", "$(touch X).json", "`touch Y`.json", "a:b.json", "new\nline.json",
         "-leading.json", "with space.json", "it's \"quoted\".json"]
for i, n in enumerate(names):
    doc = {"format": "entraide-facts/1", "source": {"id": "hostile-%d" % i},
           "facts": [{"geo": "MA-AZI", "period": str(2011 + i), "programme": "kindergarten",
                      "indicator": "centres", "value": 10 + i}]}
    with open(os.path.join(sys.argv[1], n), "w", encoding="utf-8") as f:
        json.dump(doc, f)
PY
# (what a command run from a name would make: a file made during the run,
# not a folder another tool left in /tmp before it)
MARK=$(mktemp)
(cd "$T/cwd" && "${M[@]}" reports "${L[@]}" INPUT="$IN" OUTPUT="$T/dir with space" WORK="$T/w k") > "$T/log1" 2>&1
check_eq "hostile names, INPUT/OUTPUT/WORK with spaces: make reports exit 0" 0 $?
check_eq "hostile names: no command ran (no PWNED, X or Y anywhere)" "" \
    "$(find "$T" "$ROOT" /tmp "${HOME:-/root}" -maxdepth 3 -type f -newer "$MARK" \( -name PWNED -o -name X -o -name Y \) 2>/dev/null)"
rm -f "$MARK"
check_eq "hostile names: nothing made but INPUT, OUTPUT and WORK" "cwd|dir with space|in put|log1|w k" \
    "$(ls "$T" | paste -sd'|')"
check_eq "hostile names: nothing made in the caller's folder" "" "$(ls -A "$T/cwd")"
check_eq "hostile names: nothing made in the checkout" "" "$(ls "$ROOT" | grep -xE 'dir|with|space|w|k|in|put|.*PWNED.*')"
check_eq "hostile names: every file read, by its name (facts.tsv)" \
    "\$(touch X).json|-leading.json|;touch PWNED;#.json|\`touch Y\`.json|a:b.json|it's \"quoted\".json|new\\nline.json|with space.json" \
    "$(tail -n +2 "$T/w k/facts.tsv" | cut -f2 | LC_ALL=C sort | paste -sd'|')"
check_eq "hostile names: the 8 facts reach the slice (sum of centres 2011-2018)" "10 11 12 13 14 15 16 17" \
    "$($PY -c 'import json,sys; c=json.load(open(sys.argv[1]))["cells"]; print(*sorted(int(x["value"]) for x in c if x.get("indicator")=="centres" and x.get("programme")=="kindergarten"))' "$T/w k/cube/MA-AZI.json" 2>&1)"
[ -s "$T/dir with space/MA-AZI-fr.pdf" ] && [ -s "$T/dir with space/MA-AZI-fr.xlsx" ] &&
    ok "hostile names: reports written in 'dir with space'" || fail "hostile names: no report in 'dir with space'"
grep -qF "in put" "$T/w k/inputs.manifest" && fail "the manifest names the INPUT folder" ||
    ok "the manifest names files relative to INPUT"
check_eq "the manifest: one line per file, name, size and SHA-256" \
    "\"-leading.json\"	$(stat -c %s "$IN/-leading.json")	$(sha256sum < "$IN/-leading.json" | cut -d' ' -f1)" \
    "$(grep -F '"-leading.json"' "$T/w k/inputs.manifest")"
before=$(md5s "$T/dir with space"; ls -l --time-style=+%s.%N "$T/dir with space" "$T/w k")
(cd "$T/cwd" && "${M[@]}" reports "${L[@]}" INPUT="$IN" OUTPUT="$T/dir with space" WORK="$T/w k") > "$T/log2" 2>&1
check_eq "hostile names: second run exit 0" 0 $?
check_eq "hostile names: second run rewrites nothing" "$before" \
    "$(md5s "$T/dir with space"; ls -l --time-style=+%s.%N "$T/dir with space" "$T/w k")"
rm -f "$T/log2"
# a file given by a name starting with '-', from its folder
PIPE=(make --no-print-directory -s -f "$ROOT/mk/pipeline.mk" BIN="$BIN" CATALOG="$ROOT/input/catalog" TEMPLATES="$ROOT/templates"
      FONTCONFIG_FILE="$ROOT/render/fonts.conf")
(cd "$IN" && "${PIPE[@]}" reports "${L[@]}" INPUT=-leading.json OUTPUT="$T/o-dash" WORK="$T/w-dash") > "$T/log" 2>&1
check_eq "INPUT=-leading.json (a file named with a leading '-'): exit 0" 0 $?
check_eq "INPUT=-leading.json: its fact read" "-leading.json" "$(tail -n +2 "$T/w-dash/facts.tsv" | cut -f2)"
# a bad fact in a file with a hostile name: refused, the message names it
mkdir -p "$T/bad"
cp tests/ingest/bad/negative.json "$T/bad/;touch PWNED;#.json"
"${M[@]}" reports "${L[@]}" INPUT="$T/bad" OUTPUT="$T/o-bad" WORK="$T/w-bad" > "$T/log" 2>&1
[ $? -ne 0 ] && ok "a bad fact in ';touch PWNED;#.json': make reports fails" || fail "a bad fact: make reports succeeded"
check_contains "a bad fact in ';touch PWNED;#.json': FILE:LINE:COL message" "$T/log" \
    "$T/bad/;touch PWNED;#.json:2:88: value: is negative: -3988 (expected a value >= 0)"
check_eq "a bad fact: no command ran" "" "$(find "$T" "$ROOT" -maxdepth 2 -name PWNED)"
rm -rf "$T/o-dash" "$T/w-dash" "$T/o-bad" "$T/w-bad" "$T/bad"

# ---- 2. reports mirror the input -------------------------------------------------------
mkdir -p "$T/in3"
cp input/*.json "$T/in3/"
$PY - "$T/in3/extra.json" <<'PY'
import json, sys
json.dump({"format": "entraide-facts/1", "source": {"id": "extra"},
           "facts": [{"geo": "MA-KHO", "period": "2019", "programme": "kindergarten", "indicator": "centres", "value": 42}]},
          open(sys.argv[1], "w"))
PY
"${M[@]}" reports "${L[@]}" INPUT="$T/in3" OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "seeds and extra.json (MA-KHO): exit 0" 0 $?
khn=$(ls "$T/o3" "$T/o3/charts" "$T/w3/cube" | grep -c 'MA-KHO')
[ "$khn" -ge 4 ] && ok "MA-KHO: slice, workbook, PDF and charts made ($khn files)" || fail "MA-KHO: only $khn files"
# (one contact: the region of MA-KHO, its provinces with it, in French)
$PY - input/delivery/recipients.json "$T/rcpt.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
r["contacts"] = [c for c in r["contacts"] if "beni-mellal" in c["address"]]
json.dump(r, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"${M[@]}" email "${L[@]}" DRY_RUN=1 RECIPIENTS="$T/rcpt.json" INPUT="$T/in3" OUTPUT="$T/o3" WORK="$T/w3" MAIL_DIR="$T/mail-a" > "$T/log" 2>&1
check_eq "with MA-KHO: make email (dry run) exit 0" 0 $?
grep -l 'MA-KHO-fr.pdf' "$T"/mail-a/*beni-mellal*.eml > /dev/null 2>&1 &&
    ok "with MA-KHO: the Béni Mellal-Khénifra message attaches MA-KHO-fr.pdf" || fail "with MA-KHO: not attached"
# the user's own files in OUTPUT, some named like reports
mkdir -p "$T/o3/unrelated/deep" "$T/o3/charts"
for f in notes.txt MA-ZZZ-fr.pdf MA-KHO-fr.pdf.bak unrelated/MA-KHO-fr.pdf charts/MA-KHO-fr-x.png charts/mine.png; do
    echo mine > "$T/o3/$f"
done
rm "$T/in3/extra.json"
"${M[@]}" reports "${L[@]}" INPUT="$T/in3" OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "extra.json deleted: exit 0" 0 $?
check_eq "extra.json deleted: its facts are gone" "" "$(grep -F extra.json "$T/w3/facts.tsv")"
check_eq "extra.json deleted: MA-KHO's slice, workbook, PDF and charts are gone" "MA-KHO-fr-x.png MA-KHO-fr.pdf.bak" \
    "$(cd "$T/o3" && ls . charts cube "$T/w3/cube" 2>/dev/null | grep 'MA-KHO' | LC_ALL=C sort | paste -sd' ')"
check_contains "extra.json deleted: the run says what it removed" "$T/log" "taawun: MA-KHO-fr.pdf: removed (scope MA-KHO has no data in this run)"
check_eq "extra.json deleted: the user's files are kept" "6" \
    "$(cat "$T/o3/notes.txt" "$T/o3/MA-ZZZ-fr.pdf" "$T/o3/MA-KHO-fr.pdf.bak" "$T/o3/unrelated/MA-KHO-fr.pdf" \
        "$T/o3/charts/MA-KHO-fr-x.png" "$T/o3/charts/mine.png" | grep -c mine)"
for s in MA MA-05 MA-06 MA-11 MA-AZI MA-LAA; do
    [ -s "$T/o3/$s-fr.pdf" ] || fail "extra.json deleted: $s-fr.pdf missing"
done
ok "extra.json deleted: the other scopes' reports are there"
"${M[@]}" email "${L[@]}" DRY_RUN=1 RECIPIENTS="$T/rcpt.json" INPUT="$T/in3" OUTPUT="$T/o3" WORK="$T/w3" MAIL_DIR="$T/mail-b" > "$T/log" 2>&1
check_eq "extra.json deleted: make email (dry run) exit 0" 0 $?
n=$(ls "$T"/mail-b/*beni-mellal*.eml 2>/dev/null | wc -l)
[ "$n" -eq 1 ] && ! grep -q 'MA-KHO' "$T"/mail-b/*beni-mellal*.eml &&
    ok "extra.json deleted: the Béni Mellal-Khénifra message no longer names MA-KHO" || fail "extra.json deleted: MA-KHO still mailed ($n messages)"
# an email run now never sees MA-KHO
check_eq "extra.json deleted: no MA-KHO slice for the mail program" "" "$(ls "$T/w3/cube" | grep MA-KHO)"

# fewer languages asked for: the other language's reports are not stale
"${M[@]}" reports LANGS="ar fr" INPUT="$T/in3" OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "LANGS='ar fr': exit 0" 0 $?
"${M[@]}" reports LANGS=fr INPUT="$T/in3" OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "LANGS=fr after LANGS='ar fr': exit 0" 0 $?
check_eq "LANGS=fr after LANGS='ar fr': the Arabic reports are kept (6 PDFs, 6 workbooks)" "12" "$(ls "$T"/o3/*-ar.* | wc -l)"
rm -f "$T"/o3/*-ar.* "$T"/o3/charts/*-ar-*.png

# inputs older than WORK: the other state's files, dated 2001
mkdir -p "$T/old"
cp input/*.json "$T/old/"
$PY - "$T/old" <<'PY'
import glob, json, sys
f = sorted(glob.glob(sys.argv[1] + "/*.json"))[0]
d = json.load(open(f, encoding="utf-8"))
for x in d["facts"]:
    if isinstance(x.get("value"), int) and x["value"] > 100:
        x["value"] += 1
json.dump(d, open(f, "w", encoding="utf-8"), ensure_ascii=False)
PY
touch -d 2001-01-01 "$T/old"/*.json
before=$(md5s "$T/o3")
"${M[@]}" reports "${L[@]}" INPUT="$T/old" OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "INPUT switched to files older than WORK: exit 0" 0 $?
[ "$before" != "$(md5s "$T/o3")" ] && ok "INPUT switched to older files: reports rebuilt" || fail "INPUT switched to older files: nothing rebuilt"
"${M[@]}" reports "${L[@]}" INPUT="$T/old" OUTPUT="$T/o3ref" WORK="$T/w3ref" > "$T/log" 2>&1
check_eq "INPUT switched to older files: every report as a fresh build's" "" \
    "$(diff <(md5s "$T/o3ref") <(md5s "$T/o3" | grep -v -e notes.txt -e MA-ZZZ -e '\.bak' -e unrelated -e 'charts/mi' -e 'MA-KHO-fr-x'))"
check_eq "INPUT switched to older files: facts as a fresh build's" "$(md5sum < "$T/w3ref/facts.tsv")" "$(md5sum < "$T/w3/facts.tsv")"
rm -rf "$T/o3ref" "$T/w3ref"

# a missing INPUT: exit 2, a clear message, nothing touched, nothing mailed
before=$(md5s "$T/o3"; md5s "$T/w3")
"${M[@]}" reports "${L[@]}" INPUT=/nonexistent OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "INPUT=/nonexistent: exit 2" 2 $?
check_contains "INPUT=/nonexistent: the message" "$T/log" \
    "taawun-ingest: input /nonexistent: No such file or directory (expected a folder of *.json and *.ndjson files, or such a file)"
check_eq "INPUT=/nonexistent: nothing rewritten" "$before" "$(md5s "$T/o3"; md5s "$T/w3")"
"${M[@]}" email "${L[@]}" DRY_RUN=1 INPUT=/nonexistent OUTPUT="$T/o3" WORK="$T/w3" MAIL_DIR="$T/mail3" > "$T/log" 2>&1
check_eq "INPUT=/nonexistent: make email exit 2" 2 $?
check_eq "INPUT=/nonexistent: make email writes no message" "" "$(ls "$T/mail3" 2>/dev/null)"
check_eq "taawun-ingest /nonexistent alone: exit 2" 2 "$("$BIN/taawun-ingest" -q -o "$T/x.tsv" -s "$T/x.json" -- /nonexistent 2>/dev/null; echo $?)"

# ---- 3. one run at a time; the sweep ---------------------------------------------------
mkdir -p "$T/o3/unrelated/deep" "$T/o3/charts" "$T/w3/cube"
for f in unrelated/deep/.thesis.tmp2024.docx .thesis.tmp2024.docx unrelated/.MA-fr.pdf.tmp-AbC123 \
         .MA-fr.pdf.tmp-AbC12 .MA-fr.pdf.tmp-AbC1234; do echo mine > "$T/o3/$f"; done
for f in "$T/o3/.MA-fr.pdf.tmp-AbC123" "$T/o3/charts/.MA-fr-1.png.tmp-x0Y9zQ" "$T/w3/.facts.tsv.tmp-qqqqqq" \
         "$T/w3/cube/.MA.json.tmp-123456"; do echo debris > "$f"; done
"${M[@]}" reports "${L[@]}" INPUT="$T/old" OUTPUT="$T/o3" WORK="$T/w3" > "$T/log" 2>&1
check_eq "sweep: make reports exit 0" 0 $?
check_eq "sweep: the writers' temporaries in OUTPUT, charts, WORK and cube are gone" "" \
    "$(ls -a "$T/o3" "$T/o3/charts" "$T/w3" "$T/w3/cube" | grep -e '\.tmp-......$')"
check_eq "sweep: the user's files are kept (other names, deeper folders)" \
    ".MA-fr.pdf.tmp-AbC12 .MA-fr.pdf.tmp-AbC1234 .thesis.tmp2024.docx unrelated/.MA-fr.pdf.tmp-AbC123 unrelated/deep/.thesis.tmp2024.docx" \
    "$(cd "$T/o3" && for f in .MA-fr.pdf.tmp-AbC12 .MA-fr.pdf.tmp-AbC1234 .thesis.tmp2024.docx unrelated/.MA-fr.pdf.tmp-AbC123 \
        unrelated/deep/.thesis.tmp2024.docx; do grep -qx mine "$f" && printf '%s\n' "$f"; done | paste -sd' ')"

# two runs on one WORK at once: the second waits for the first, both end well
rm -rf "$T/o7" "$T/w7"
"${M[@]}" reports "${L[@]}" INPUT="$T/in3" OUTPUT="$T/o7" WORK="$T/w7" > "$T/c1.log" 2>&1 &
p1=$!
"${M[@]}" reports "${L[@]}" INPUT="$T/in3" OUTPUT="$T/o7" WORK="$T/w7" > "$T/c2.log" 2>&1 &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
check_eq "two make reports at once on one WORK: both exit 0" "0 0" "$r1 $r2"
cat "$T/c1.log" "$T/c2.log" | grep -qF "taawun: another run holds $T/w7; waiting for it" &&
    ok "two make reports at once: one waited for the other, and said so" || fail "two make reports at once: no wait seen"
bad=0
for f in "$T"/o7/*.pdf; do qpdf --check "$f" > /dev/null 2>&1 || bad=$((bad + 1)); done
for f in "$T"/o7/*.xlsx; do unzip -tq "$f" > /dev/null 2>&1 || bad=$((bad + 1)); done
check_eq "two make reports at once: 12 reports, every one sound" "12 0" "$(ls "$T"/o7/*.pdf "$T"/o7/*.xlsx | wc -l) $bad"
# LOCK_WAIT=0, WORK held: the run says who holds it and does nothing
flock "$T/w7" sleep 30 &
holder=$!
for _ in $(seq 50); do flock -n "$T/w7" true || break; sleep 0.1; done
before=$(md5s "$T/o7"; md5s "$T/w7")
"${M[@]}" reports "${L[@]}" LOCK_WAIT=0 INPUT="$T/old" OUTPUT="$T/o7" WORK="$T/w7" > "$T/log" 2>&1
check_eq "WORK held, LOCK_WAIT=0: make reports fails (make's status 2)" 2 $?
check_contains "WORK held, LOCK_WAIT=0: the message" "$T/log" "taawun: another run holds $T/w7; this one exits without doing anything"
check_contains "WORK held, LOCK_WAIT=0: the recipe's status is 75" "$T/log" "Error 75"
check_eq "WORK held: nothing written" "$before" "$(md5s "$T/o7"; md5s "$T/w7")"
env MAIL_OPERATOR= NIGHTLY_LOCK="$T/nightly.lock" INPUT="$T/old" OUTPUT="$T/o7" WORK="$T/w7" scripts/nightly.sh > "$T/log" 2>&1
check_eq "WORK held: the nightly script exits 75" 75 $?
check_contains "WORK held: the nightly script says why" "$T/log" "nightly: another run holds $T/w7; this one exits without doing anything"
kill "$holder" 2>/dev/null; wait "$holder" 2>/dev/null

# ---- 4. the same bytes whatever the path to INPUT, or the folder make runs in ------------
"${M[@]}" reports "${L[@]}" INPUT=./input OUTPUT="$T/o9a" WORK="$T/w9a" > "$T/log" 2>&1
check_eq "INPUT=./input: exit 0" 0 $?
"${M[@]}" reports "${L[@]}" INPUT=input OUTPUT="$T/o9b" WORK="$T/w9b" > "$T/log" 2>&1
check_eq "INPUT=input: exit 0" 0 $?
check_eq "INPUT=./input and INPUT=input: the same output files, byte for byte" "$(md5s "$T/o9b")" "$(md5s "$T/o9a")"
check_eq "INPUT=./input and INPUT=input: the same facts and sources" "$(cat "$T/w9b/facts.tsv" "$T/w9b/sources.json" | md5sum)" \
    "$(cat "$T/w9a/facts.tsv" "$T/w9a/sources.json" | md5sum)"
(cd "$T/cwd" && "${PIPE[@]}" LANGS=fr INPUT="$ROOT/input" OUTPUT="../o9c" WORK="../w9c") > "$T/log" 2>&1
check_eq "pipeline.mk alone, from another folder: exit 0" 0 $?
check_eq "pipeline.mk alone: the same output files as the checkout's make reports" "$(md5s "$T/o9b")" "$(md5s "$T/o9c")"
check_eq "pipeline.mk alone: nothing made in the folder it ran in" "" "$(ls -A "$T/cwd")"
(cd "$T/cwd" && make --no-print-directory -s -f "$ROOT/mk/pipeline.mk" INPUT="$ROOT/input" OUTPUT=o WORK=w) > "$T/log" 2>&1
check_contains "pipeline.mk alone without BIN: a clear message" "$T/log" "BIN is not set (expected the folder of the taawun-* programs"
finish
