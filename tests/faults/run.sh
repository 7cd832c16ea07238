#!/usr/bin/env bash
# Faults injected on purpose: SIGKILL at random moments of make reports, a
# file-size limit (as a full disk), an output folder that cannot be written,
# a missing catalogue or template.  Every file left must be a complete old or
# new version, every failure a clear message.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
KILLS=${KILLS:-15}
CHECK="$PY tests/faults/check_outputs.py"
M=(make --no-print-directory -s)

# Inputs in two states, A and B, that differ in one figure of every
# document, so that going from one to the other rewrites every output; a
# complete build of each, in folders of its own, is the "new version" a
# killed build must leave or not have reached (builds are reproducible:
# tests/repro).
mkdir -p "$T/in"
cp input/*.json "$T/in/"
state() {   # A|B: set the inputs to that state
    $PY - "$T/in" "$1" <<'PY'
import json, os, sys
d, k = sys.argv[1], {"A": 1, "B": 2}[sys.argv[2]]
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    doc = json.load(open(p, encoding="utf-8"))
    doc["facts"][0]["value"] = doc["facts"][0]["value"] // 1000 * 1000 + 500 + k
    json.dump(doc, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}
listing() {   # OUT WORK: "md5  out/…" and "md5  work/…", temporaries left out
    { (cd "$1" && find . -type f ! -name '.*.tmp*' -exec md5sum {} + | sed 's|  \./|  out/|')
      (cd "$2" && find . -type f ! -name '.*.tmp*' -exec md5sum {} + | sed 's|  \./|  work/|'); } | sort -k2
}
for st in A B; do
    state $st
    # the same INPUT folder as the killed builds (sources.json names it)
    "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/ref$st" WORK="$T/wref$st" > "$T/log" 2>&1
    check_eq "state $st: complete reference build" 0 $?
    listing "$T/ref$st" "$T/wref$st" > "$T/ref$st.md5"
done
check_eq "states A and B differ in every report" "" \
    "$(join -j 2 "$T/refA.md5" "$T/refB.md5" | awk '$2 == $3 && $1 ~ /\.(pdf|xlsx)$/ { print $1 }')"
start=$(date +%s%N)
"${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "first build (state B)" 0 $?
full_ms=$(( ($(date +%s%N) - start) / 1000000 + 50 ))

# SIGKILL to make and every process it started, at a random moment of the
# build, until KILLS builds were killed while running (at most 3 x KILLS
# tries: a build may finish before its moment comes).  After each, every
# file is complete (workbooks open in openpyxl, PDFs pass qpdf --check,
# JSON parses, lines whole, PNGs end) and is the previous or the new version.
killed=0
tries=0
mixed=0
st=A
while [ "$killed" -lt "$KILLS" ] && [ "$tries" -lt $((3 * KILLS)) ]; do
    tries=$((tries + 1))
    state $st
    listing "$T/out" "$T/work" > "$T/prev.md5"
    setsid "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > /dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v r="$RANDOM" -v f="$full_ms" 'BEGIN { printf "%.3f", (r % int(f * 0.9)) / 1000 }')"
    was=finished
    if kill -0 "$pid" 2>/dev/null && kill -KILL -- -"$pid" 2>/dev/null; then
        killed=$((killed + 1))
        was=killed
    fi
    wait "$pid" 2>/dev/null
    listing "$T/out" "$T/work" > "$T/now.md5"
    if $CHECK "$T/out" "$T/work" > "$T/check" 2>&1 &&
        $PY tests/faults/versions.py "$T/prev.md5" "$T/ref$st.md5" "$T/now.md5" > "$T/versions" 2>&1; then
        ok "SIGKILL try $tries ($was): every file complete, previous or new ($(tail -1 "$T/versions"); $(tail -1 "$T/check"))"
        grep -qE '^[1-9][0-9]* new, [1-9][0-9]* previous' "$T/versions" && mixed=$((mixed + 1))
    else
        fail "SIGKILL try $tries ($was): incomplete or unknown files"; cat "$T/check" "$T/versions"
    fi
    [ $st = A ] && st=B || st=A
done
check_eq "$KILLS builds killed while running" "$KILLS" "$killed"
[ "$mixed" -gt 0 ] && ok "$mixed kills left a mix of new and previous files" || fail "no kill fell mid-way through the render"
[ $st = A ] && st=B || st=A   # the state of the last try, still in $T/in
"${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "after the kills, a normal run completes" 0 $?
check_eq "after the kills, stale temporary files are gone" "" "$(find "$T/out" "$T/work" -name '*.tmp*')"
listing "$T/out" "$T/work" > "$T/now.md5"
check_eq "after the kills, the outputs are the complete new version" "" "$(diff "$T/ref$st.md5" "$T/now.md5")"

# A file-size limit: writes fail with a clear error, previous outputs stay.
[ $st = A ] && st=B || st=A
state $st
# (WORK/inputs.manifest describes the input as it is now: it may change)
before=$(cd "$T" && find out work -type f ! -name inputs.manifest -exec md5sum {} + | sort)
(ulimit -f 16; "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work") > "$T/log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "file-size limit: make reports fails ($rc)" || fail "file-size limit: succeeded"
check_contains "file-size limit: clear message" "$T/log" "File too large"
after=$(cd "$T" && find out work -type f ! -name inputs.manifest -exec md5sum {} + | sort)
check_eq "file-size limit: previous outputs kept" "$before" "$after"

# An output folder that cannot be created or written.
"${M[@]}" reports INPUT="$T/in" OUTPUT="/proc/taawun-out" WORK="/proc/taawun-work" > "$T/log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "unwritable folder: make reports fails" || fail "unwritable folder: succeeded"
check_contains "unwritable folder: clear message" "$T/log" "cannot create directory ‘/proc/taawun-work’"
: > "$T/a-file"
"${M[@]}" reports INPUT="$T/in" OUTPUT="$T/a-file" WORK="$T/work" > "$T/log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "output folder is a file: make reports fails" || fail "output folder is a file: succeeded"
check_contains "output folder is a file: clear message" "$T/log" "cannot create directory ‘$T/a-file’: File exists"
for r in "$BIN"/taawun-xlsx "$BIN"/taawun-pdf; do
    n=$(basename "$r")
    "$r" --slice "$T/work/cube/MA-06.json" --lang ar --templates templates --catalog input/catalog \
        --output /proc/taawun/MA-06-ar.out 2> "$T/log"
    rc=$?
    [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok "$n: unwritable output fails cleanly ($rc)" || fail "$n: unwritable output ($rc)"
    check_contains "$n: unwritable output names the file and the reason" "$T/log" "/proc/taawun: No such file or directory"
done
# A missing catalogue file.
mkdir -p "$T/cat"
cp input/catalog/* "$T/cat/"
rm "$T/cat/indicators.json"
"$BIN/taawun-aggregate" -c "$T/cat" -f "$T/work/facts.tsv" -s "$T/work/sources.json" -o "$T/w3" 2> "$T/log"
check_eq "missing catalogue: exit 1" 1 $?
check_contains "missing catalogue: names the file" "$T/log" "$T/cat/indicators.json:0:0: cannot read catalogue: No such file or directory"

# Renderers: a missing or unreadable template, a missing font.
mkdir -p "$T/tdir/reports.json" "$T/tcut"
cp templates/labels.json "$T/tdir/"
cp templates/*.json "$T/tcut/"
head -c 3000 templates/reports.json > "$T/tcut/reports.json"
for r in "$BIN"/taawun-xlsx "$BIN"/taawun-pdf; do
    [ -x "$r" ] || continue
    n=$(basename "$r")
    for t in none tdir tcut; do
        rm -f "$T/x.out"
        "$r" --slice "$T/work/cube/MA-06.json" --lang ar --templates "$T/$t" --catalog input/catalog --output "$T/x.out" 2> "$T/log"
        rc=$?
        [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok "$n: template $t fails cleanly ($rc)" || fail "$n: template $t ($rc)"
        case $t in
        none) want="$T/none/reports.json:0:0: cannot read template: No such file or directory" ;;
        tdir) want="$T/tdir/reports.json:0:0: cannot read template: Is a directory" ;;
        tcut) want="$T/tcut/reports.json:112:17: (json): unexpected end of input: the file is truncated" ;;
        esac
        check_contains "$n: template $t: clear message" "$T/log" "$want"
        [ ! -e "$T/x.out" ] && ok "$n: template $t: nothing written" || fail "$n: template $t: wrote an output"
    done
done
# No font at all (fontconfig sees an empty folder): the PDF renderer says
# which font is missing and writes nothing; make reports stops with that
# message, and the previous PDFs stay.
mkdir -p "$T/fc"
printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/fc</dir><cachedir>%s/fc</cachedir></fontconfig>\n' "$T" "$T" > "$T/fc/fonts.conf"
FONT_MSG="taawun-pdf: font 'Noto Sans Arabic' not found (expected Debian's fonts-noto-core installed and visible to fontconfig)"
FONTCONFIG_FILE="$T/fc/fonts.conf" "$BIN/taawun-pdf" --slice "$T/work/cube/MA-06.json" --lang ar --templates templates \
    --catalog input/catalog --output "$T/nofont.pdf" 2> "$T/log"
rc=$?
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok "taawun-pdf: no fonts fails cleanly ($rc)" || fail "taawun-pdf: no fonts ($rc)"
check_eq "taawun-pdf: no fonts: clear message" "$FONT_MSG" "$(cat "$T/log")"
[ ! -e "$T/nofont.pdf" ] && ok "taawun-pdf: no fonts: nothing written" || fail "taawun-pdf: no fonts: wrote a PDF"
[ $st = A ] && st=B || st=A
state $st
pdfs_before=$(cd "$T/out" && md5sum *.pdf)
FONTCONFIG_FILE="$T/fc/fonts.conf" "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "no fonts: make reports fails ($rc)" || fail "no fonts: make reports succeeded"
check_contains "no fonts: make reports shows the message" "$T/log" "$FONT_MSG"
check_eq "no fonts: the previous PDFs kept" "$pdfs_before" "$(cd "$T/out" && md5sum *.pdf)"
$CHECK "$T/out" "$T/work" > "$T/check" 2>&1 && ok "no fonts: every file complete" || { fail "no fonts: incomplete files"; cat "$T/check"; }
finish
