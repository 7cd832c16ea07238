#!/usr/bin/env bash
# Faults injected on purpose: SIGKILL at random moments of make reports, a
# file-size limit (as a full disk), an output folder that cannot be written,
# a missing catalogue or template.  Every file left must be a complete old or
# new version, every failure a clear message.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
KILLS=${KILLS:-20}
CHECK="$PY tests/faults/check_outputs.py"
M=(make --no-print-directory -s)

# A complete first build, then inputs that change every figure so that each
# later build rewrites every file.
mkdir -p "$T/in"
cp input/*.json "$T/in/"
"${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "first build" 0 $?
start=$(date +%s%N)
"${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out2" WORK="$T/work2" > /dev/null 2>&1
full_ms=$(( ($(date +%s%N) - start) / 1000000 + 50 ))

bump() {   # rewrite one figure of every input so all outputs change
    $PY - "$T/in" "$1" <<'PY'
import json, os, sys
d, k = sys.argv[1], int(sys.argv[2])
for f in sorted(os.listdir(d)):
    p = os.path.join(d, f)
    doc = json.load(open(p, encoding="utf-8"))
    doc["facts"][0]["value"] = doc["facts"][0]["value"] % 1000 + k
    json.dump(doc, open(p, "w", encoding="utf-8"), ensure_ascii=False, indent=1)
PY
}

killed=0
for i in $(seq "$KILLS"); do
    bump "$i"
    setsid "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > /dev/null 2>&1 &
    pid=$!
    sleep "$(awk -v r="$RANDOM" -v f="$full_ms" 'BEGIN { printf "%.3f", (r % f) / 1000 }')"
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL -- -"$pid" 2>/dev/null && killed=$((killed + 1))
    fi
    wait "$pid" 2>/dev/null
    if $CHECK "$T/out" "$T/work" > "$T/check" 2>&1; then
        ok "SIGKILL $i: every file complete ($(tail -1 "$T/check"))"
    else
        fail "SIGKILL $i: incomplete files"; cat "$T/check"
    fi
done
check_eq "at least a quarter of the runs were killed mid-way" 1 $(( killed * 4 >= KILLS ))
"${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work" > "$T/log" 2>&1
check_eq "after the kills, a normal run completes" 0 $?
check_eq "after the kills, stale temporary files are gone" "" "$(find "$T/out" "$T/work" -name '.*.tmp*')"

# A file-size limit: writes fail with a clear error, previous outputs stay.
bump 777
before=$(cd "$T" && find out work -type f -exec md5sum {} + | sort)
(ulimit -f 16; "${M[@]}" reports INPUT="$T/in" OUTPUT="$T/out" WORK="$T/work") > "$T/log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "file-size limit: make reports fails ($rc)" || fail "file-size limit: succeeded"
check_contains "file-size limit: clear message" "$T/log" "File too large"
after=$(cd "$T" && find out work -type f -exec md5sum {} + | sort)
check_eq "file-size limit: previous outputs kept" "$before" "$after"

# An output folder that cannot be created or written.
"${M[@]}" reports INPUT="$T/in" OUTPUT="/proc/taawun-out" WORK="/proc/taawun-work" > "$T/log" 2>&1
rc=$?
[ "$rc" -ne 0 ] && ok "unwritable folder: make reports fails" || fail "unwritable folder: succeeded"
check_contains "unwritable folder: clear message" "$T/log" "cannot create directory ‘/proc/taawun-work’"

# A missing catalogue file.
mkdir -p "$T/cat"
cp input/catalog/* "$T/cat/"
rm "$T/cat/indicators.json"
"$BIN/taawun-aggregate" -c "$T/cat" -f "$T/work/facts.tsv" -s "$T/work/sources.json" -o "$T/w3" 2> "$T/log"
check_eq "missing catalogue: exit 1" 1 $?
check_contains "missing catalogue: names the file" "$T/log" "$T/cat/indicators.json:0:0: cannot read catalogue: No such file or directory"

# Renderers: a missing or unreadable template, a missing font.
for r in "$BIN"/taawun-xlsx "$BIN"/taawun-pdf; do
    [ -x "$r" ] || continue
    n=$(basename "$r")
    "$r" --slice "$T/work/cube/MA-06.json" --lang ar --templates "$T/none" --catalog input/catalog --output "$T/x.out" 2> "$T/log"
    rc=$?
    [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok "$n: missing template fails cleanly ($rc)" || fail "$n: missing template ($rc)"
    check_contains "$n: missing template names the file" "$T/log" "$T/none/reports.json"
    [ ! -e "$T/x.out" ] && ok "$n: nothing written" || fail "$n: wrote an output"
done
if [ -x "$BIN/taawun-pdf" ]; then
    mkdir -p "$T/fc"
    printf '<?xml version="1.0"?>\n<fontconfig><dir>%s/fc</dir><cachedir>%s/fc</cachedir></fontconfig>\n' "$T" "$T" > "$T/fc/fonts.conf"
    FONTCONFIG_FILE="$T/fc/fonts.conf" "$BIN/taawun-pdf" --slice "$T/work/cube/MA-06.json" --lang ar --templates templates \
        --catalog input/catalog --output "$T/nofont.pdf" 2> "$T/log"
    rc=$?
    [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && ok "taawun-pdf: no fonts fails cleanly ($rc)" || fail "taawun-pdf: no fonts ($rc)"
    check_contains "taawun-pdf: no fonts gives a clear message" "$T/log" "font"
fi
finish
