#!/usr/bin/env bash
# Full disks and hostile temporaries (issue 14, items 1, 6 and 9).
#
# OUTPUT (and WORK) on a real tmpfs, filled by a filler file to a series of
# free-space levels: after every run, each report in OUTPUT must be a
# complete file (qpdf --check, zip test, PNG chunks and data) equal to its
# old or its new version, and the run either succeeded or failed with exit 3
# (make: non-zero) and a message naming the file and "No space left on
# device".  Then: planted symlinks at predictable temporary names are not
# written through; a PNG that cannot be written exits 3; missing fonts and
# unwritable folders exit 3; ulimit -v; a 1 MiB quote; SOURCE_DATE_EPOCH.
# Needs root (mount -t tmpfs); the tmpfs is always unmounted.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
export FONTCONFIG_FILE="$ROOT/render/fonts.conf"
M=(make --no-print-directory -s)
P=$BIN/taawun-pdf
X=$BIN/taawun-xlsx
CHECK=(/usr/bin/python3 "$ROOT/tests/diskfull/check_files.py")
E1=1700000000   # the old reports' date
E2=1800000000   # the new ones': other bytes

MNT=$T/mnt
mkdir -p "$MNT"
trap 'umount -l "$MNT" 2>/dev/null; rm -rf "$T"' EXIT
if ! mount -t tmpfs -o size=8m tmpfs "$MNT" 2> "$T/mount.err"; then
    fail "mount a tmpfs (needs root): $(cat "$T/mount.err")"
    finish
    exit 1
fi

# fill KIB: leaves about KIB kibibytes free on the tmpfs
fill() {
    rm -f "$MNT/filler"
    local avail
    avail=$(df -B1 --output=avail "$MNT" | tail -1)
    local size=$((avail - $1 * 1024))
    [ "$size" -gt 0 ] && fallocate -l "$size" "$MNT/filler"
    return 0
}

# after_run NAME RC ERRFILE PROGRAM OUTDIR: exit 0, or 3 with the message
after_run() {
    local name=$1 rc=$2 err=$3 prog=$4 dir=$5
    if [ "$rc" -eq 0 ]; then
        ok "$name: exit 0"
        SUCCEEDED=$((SUCCEEDED + 1))
    elif [ "$rc" -eq 3 ] && grep -qE "^$prog: $dir/[^ ]+: .*: No space left on device\$" "$err"; then
        ok "$name: exit 3, the file and \"No space left on device\" named"
        FAILED_FULL=$((FAILED_FULL + 1))
    else
        fail "$name: exit $rc, expected 0, or 3 with FILE: ...: No space left on device: $(head -c 400 "$err")"
    fi
}

echo "# ${SECONDS}s"
# ---- renderers, one by one, at 5 levels of free space -----------------------------
# WORK (the slices) on the tmpfs too, built once with room to spare.
SOURCE_DATE_EPOCH=$E1 "${M[@]}" -j2 reports OUTPUT="$MNT/out" WORK="$MNT/work" LANGS=fr > "$T/make-old.log" 2>&1
check_eq "make reports on the tmpfs (room to spare): exit 0" 0 $?
S=$MNT/work/cube/MA-06.json   # a report with charts (the national one draws none)
mkdir -p "$T/old-r/charts" "$T/new-r/charts" "$T/slices"
cp "$S" "$T/slices/MA.json"
SOURCE_DATE_EPOCH=$E1 $P --slice "$S" --lang ar --output "$T/old-r/MA-ar.pdf" --png "$T/old-r/charts/MA-ar" &&
    SOURCE_DATE_EPOCH=$E1 $X --slice "$S" --lang ar --output "$T/old-r/MA-ar.xlsx" &&
    SOURCE_DATE_EPOCH=$E2 $P --slice "$S" --lang ar --output "$T/new-r/MA-ar.pdf" --png "$T/new-r/charts/MA-ar" &&
    SOURCE_DATE_EPOCH=$E2 $X --slice "$S" --lang ar --output "$T/new-r/MA-ar.xlsx"
check_eq "old and new reference reports written" 0 $?
"${CHECK[@]}" "$T/old-r" "$T/old-r" "$T/new-r" > "$T/c.log" && "${CHECK[@]}" "$T/new-r" "$T/new-r" "$T/old-r" >> "$T/c.log"
check_eq "the reference reports are complete" 0 $?
cmp -s "$T/old-r/MA-ar.pdf" "$T/new-r/MA-ar.pdf" && fail "old and new PDF are the same bytes" || ok "old and new PDF differ"

R=$MNT/r
SUCCEEDED=0
FAILED_FULL=0
for free in 0 24 64 120 1500; do
    for prog in pdf xlsx; do
        rm -rf "$R" "$MNT/filler"
        cp -a "$T/old-r" "$R"
        fill "$free"
        if [ $prog = pdf ]; then
            SOURCE_DATE_EPOCH=$E2 $P --slice "$S" --lang ar --output "$R/MA-ar.pdf" --png "$R/charts/MA-ar" 2> "$T/err"
        else
            SOURCE_DATE_EPOCH=$E2 $X --slice "$S" --lang ar --output "$R/MA-ar.xlsx" 2> "$T/err"
        fi
        after_run "taawun-$prog with ${free} KiB free" $? "$T/err" "taawun-$prog" "$R"
        if "${CHECK[@]}" "$R" "$T/old-r" "$T/new-r" > "$T/c.log"; then
            ok "taawun-$prog with ${free} KiB free: every report complete, old or new ($(tail -1 "$T/c.log"))"
        else
            fail "taawun-$prog with ${free} KiB free: $(head -5 "$T/c.log" | tr '\n' ';')"
        fi
    done
done
[ "$FAILED_FULL" -ge 4 ] && ok "the disk was full for $FAILED_FULL runs" || fail "the disk was full for only $FAILED_FULL runs"
[ "$SUCCEEDED" -ge 2 ] && ok "$SUCCEEDED runs had room" || fail "only $SUCCEEDED runs had room"
rm -rf "$R"

echo "# ${SECONDS}s"
# ---- make reports at 2 more levels, then with room: old or new, then all new -------------
rm -f "$MNT/filler"
mkdir -p "$T/old-m" "$T/new-m"
cp -a "$MNT/out/." "$T/old-m/"
"${CHECK[@]}" "$T/old-m" "$T/old-m" "$T/new-m" > "$T/c.log"
check_eq "make reports: the old reports are complete" 0 $?
for free in 40 250 -; do
    if [ "$free" = - ]; then rm -f "$MNT/filler"; else fill "$free"; fi
    touch "$MNT"/work/cube/*.json   # every report is out of date
    SOURCE_DATE_EPOCH=$E2 "${M[@]}" -j2 reports OUTPUT="$MNT/out" WORK="$MNT/work" LANGS=fr > "$T/make.log" 2>&1
    rc=$?
    name="make reports with ${free/-/all} KiB free"
    if [ "$free" = - ]; then
        check_eq "$name: exit 0" 0 $rc
        mode=--all-new
    elif [ $rc -eq 0 ]; then
        ok "$name: exit 0"
        mode=--learn
    elif grep -qE "^taawun-[a-z]+: $MNT/(out|work)/[^ ]+: .*: No space left on device\$" "$T/make.log"; then
        ok "$name: failed (exit $rc), the file and \"No space left on device\" named"
        mode=--learn
    else
        fail "$name: exit $rc without FILE: ...: No space left on device: $(grep -v '^make' "$T/make.log" | head -c 400)"
        mode=--learn
    fi
    if "${CHECK[@]}" "$MNT/out" "$T/old-m" "$T/new-m" $mode > "$T/c.log"; then
        ok "$name: every report complete, old or new ($(tail -1 "$T/c.log"))"
    else
        fail "$name: $(head -5 "$T/c.log" | tr '\n' ';')"
    fi
done
check_eq "every PDF and workbook was rebuilt once with room" "$(cd "$T/old-m" && ls -- *.pdf *.xlsx | wc -l)" \
    "$(cd "$T/new-m" 2> /dev/null && ls -- *.pdf *.xlsx 2> /dev/null | wc -l)"

umount "$MNT" && ok "tmpfs unmounted" || fail "tmpfs still busy"

echo "# ${SECONDS}s"
# ---- temporaries: planted symlinks at predictable names are not written through ----
# The shell's $$ is the renderer's pid after exec: the old names
# (.NAME.tmpPID.ext) are known beforehand, so plant links at them and at a
# literal mkstemp template.
D=$T/links
mkdir -p "$D/charts"
S=$T/slices/MA.json
printf 'victim\n' > "$T/victim"
SOURCE_DATE_EPOCH=$E2 bash -c 'for n in "$2/.MA-ar.pdf.tmp$$.pdf" "$2/charts/.MA-ar-1.png.tmp$$.png" \
        "$2/.MA-ar.pdf.tmp-XXXXXX" "$2/.MA-ar.pdf.tmp$$" "$2/charts/.MA-ar-1.png.tmp-XXXXXX"; do ln -s "$1" "$n"; done
    exec "$3" --slice "$4" --lang ar --output "$2/MA-ar.pdf" --png "$2/charts/MA-ar"' _ "$T/victim" "$D" "$P" "$S" 2> "$T/err"
check_eq "taawun-pdf beside planted symlinks: exit 0" 0 $?
SOURCE_DATE_EPOCH=$E2 bash -c 'for n in "$2/.MA-ar.xlsx.tmp$$.xlsx" "$2/.MA-ar.xlsx.tmp-XXXXXX"; do ln -s "$1" "$n"; done
    exec "$3" --slice "$4" --lang ar --output "$2/MA-ar.xlsx"' _ "$T/victim" "$D" "$X" "$S" 2> "$T/err"
check_eq "taawun-xlsx beside planted symlinks: exit 0" 0 $?
check_eq "the symlinks' target was not written through" "victim" "$(cat "$T/victim")"
check_eq "the planted symlinks are still there, untouched" 7 "$(find "$D" -type l | wc -l)"
cmp -s "$D/MA-ar.pdf" "$T/new-r/MA-ar.pdf" && cmp -s "$D/MA-ar.xlsx" "$T/new-r/MA-ar.xlsx" &&
    cmp -s "$D/charts/MA-ar-1.png" "$T/new-r/charts/MA-ar-1.png"
check_eq "the reports are written in place, the same bytes" 0 $?

echo "# ${SECONDS}s"
# ---- exit codes: a PNG that cannot be written, unwritable folders, missing fonts ----
mkdir -p "$T/png/MA-ar-1.png" "$T/keep"   # a folder where the first chart goes
cp "$T/old-r/MA-ar.pdf" "$T/keep/MA-ar.pdf"
$P --slice "$S" --lang ar --output "$T/keep/MA-ar.pdf" --png "$T/png/MA-ar" 2> "$T/err"
check_eq "a chart PNG that cannot be written: exit 3 (I/O), not 1" 3 $?
check_contains "a chart PNG that cannot be written: the file and the reason" "$T/err" \
    "taawun-pdf: $T/png/MA-ar-1.png: cannot write the chart image: Is a directory"
cmp -s "$T/keep/MA-ar.pdf" "$T/old-r/MA-ar.pdf" && ok "a chart PNG that cannot be written: the previous PDF is kept" ||
    fail "a chart PNG that cannot be written: the previous PDF was replaced"
printf 'x' > "$T/afile"
$P --slice "$S" --lang ar --output "$T/afile/MA-ar.pdf" 2> "$T/err"
check_eq "taawun-pdf, a folder that cannot be made: exit 3" 3 $?
check_contains "taawun-pdf, a folder that cannot be made: message" "$T/err" "$T/afile/MA-ar.pdf: cannot write the PDF: Not a directory"
printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/fc-cache</cachedir></fontconfig>\n' "$T" > "$T/nofonts.conf"
FONTCONFIG_FILE=$T/nofonts.conf $P --slice "$S" --lang ar --output "$T/nofonts.pdf" 2> "$T/err"
check_eq "taawun-pdf without its fonts: exit 3 (a missing file)" 3 $?
check_contains "taawun-pdf without its fonts: message" "$T/err" "font 'Noto Sans Arabic' not found"

echo "# ${SECONDS}s"
# ---- ulimit -v: a report, or a clear message (never GLib's trap, exit 133) ----------
(ulimit -v 100000; exec $P --slice "$S" --lang ar --output "$T/ulimit.pdf" --png "$T/ulimit/MA-ar") 2> "$T/err"
check_eq "taawun-pdf under ulimit -v 100000: exit 0 ($(head -c 200 "$T/err"))" 0 $?
qpdf --check "$T/ulimit.pdf" > /dev/null 2>&1 && ok "under ulimit -v 100000: a complete PDF" || fail "under ulimit -v 100000: no complete PDF"
(ulimit -v 45000; exec $P --slice "$S" --lang ar --output "$T/ulimit2.pdf") 2> "$T/err"
check_eq "taawun-pdf under ulimit -v 45000: exit 4" 4 $?
check_contains "under ulimit -v 45000: a clear message" "$T/err" \
    "taawun-pdf: not enough memory: the address space is limited to 45000 KiB (ulimit -v); a report needs at least 65536"

echo "# ${SECONDS}s"
# ---- a 1 MiB quote: cut in the PDF with a visible […], as many pages as a short one ----
for n in short long; do
    mkdir -p "$T/q-$n"
    /usr/bin/python3 - "$T/q-$n/q.json" $n <<'EOF'
import json, sys
n = 30 if sys.argv[2] == "short" else 1 << 20
quote = ("mot " * (n // 4 + 1))[:n]
json.dump({"format": "entraide-facts/1",
           "source": {"id": "quote_" + sys.argv[2], "title": "Quote", "lang": "fr", "published": "2020-01-01"},
           "facts": [{"geo": "MA-06", "period": "2019", "programme": "all", "indicator": "centres", "value": 190,
                      "quote": quote}]}, open(sys.argv[1], "w"))
EOF
    "${M[@]}" reports INPUT="$T/q-$n" OUTPUT="$T/qo-$n" WORK="$T/qw-$n" LANGS=fr RENDER_EXTS=pdf > "$T/q.log" 2>&1
    check_eq "make reports, a $n quote: exit 0" 0 $?
done
pages() { pdfinfo "$1" 2> /dev/null | sed -n 's/^Pages: *//p'; }
check_eq "a 1 MiB quote: as many pages as a short one" "$(pages "$T/qo-short/MA-06-fr.pdf")" "$(pages "$T/qo-long/MA-06-fr.pdf")"
pdftotext "$T/qo-long/MA-06-fr.pdf" "$T/q.txt"
check_contains "a 1 MiB quote: cut with a visible […]" "$T/q.txt" "mot mot […]»"
pdftotext "$T/qo-short/MA-06-fr.pdf" "$T/qs.txt"
grep -qF "[…]" "$T/qs.txt" && fail "a short quote was cut" || ok "a short quote is whole: «$(grep -o '«[^»]*»' "$T/qs.txt")»"
size=$(stat -c %s "$T/qo-long/MA-06-fr.pdf")
[ "$size" -lt 200000 ] && ok "a 1 MiB quote: the PDF stays small ($size bytes)" || fail "a 1 MiB quote: a PDF of $size bytes"

echo "# ${SECONDS}s"
# ---- SOURCE_DATE_EPOCH: beyond 9999, negative or garbage exits 2 --------------------
for v in 253402300800 -1 soon 1e9 "17 " 99999999999999999999; do
    SOURCE_DATE_EPOCH=$v $P --slice "$S" --lang fr --output "$T/sde.pdf" 2> "$T/err"
    check_eq "taawun-pdf, SOURCE_DATE_EPOCH='$v': exit 2" 2 $?
    check_contains "SOURCE_DATE_EPOCH='$v': message" "$T/err" "taawun-pdf: SOURCE_DATE_EPOCH=$v: not a usable time stamp"
done
SOURCE_DATE_EPOCH=253402300800 $X --slice "$S" --lang fr --output "$T/sde.xlsx" 2> "$T/err"
check_eq "taawun-xlsx, SOURCE_DATE_EPOCH beyond 9999: exit 2" 2 $?
[ ! -e "$T/sde.pdf" ] && [ ! -e "$T/sde.xlsx" ] && ok "nothing written for a bad SOURCE_DATE_EPOCH" || fail "a file was written"
SOURCE_DATE_EPOCH=253402300799 $P --slice "$S" --lang fr --output "$T/sde.pdf" 2> "$T/err"
check_eq "SOURCE_DATE_EPOCH=253402300799 (9999-12-31T23:59:59Z): exit 0" 0 $?
check_eq "SOURCE_DATE_EPOCH=253402300799: the PDF's date" "CreationDate:    Fri Dec 31 23:59:59 9999 UTC" \
    "$(pdfinfo "$T/sde.pdf" | grep CreationDate)"

finish
