#!/usr/bin/env bash
# The Debian package, end to end: build it (make deb: dpkg-buildpackage,
# debhelper) from a copy of this tree, lintian without errors, install it
# with dpkg -i, run `taawun reports` on the shipped seeds from /tmp as user
# taawun, check the PDFs and workbooks, then purge it.  Needs root (dpkg):
# skipped, with a line saying so, otherwise.
set -u
shopt -s nullglob
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
if [ "$(id -u)" -ne 0 ]; then
    echo "# skip: the deb suite installs a package with dpkg -i and needs root"
    finish
    exit 0
fi
if dpkg-query -W -f='${Status}' taawun 2>/dev/null | grep -q "install ok installed"; then
    echo "# skip: a taawun package is already installed on this machine; the suite would replace and purge it"
    finish
    exit 0
fi

# ---- build (from a copy: a checkout's build/ and ../ stay untouched) -------------
S=$T/src/taawun
mkdir -p "$S"
tar -cf - --exclude=./.git --exclude=./build --exclude=./output --exclude=./tests/out --exclude=./bench/data \
    --exclude=./fuzz/corpus-work --exclude=./debian/build --exclude=./debian/taawun --exclude=./debian/.debhelper . \
    | tar -xf - -C "$S"
t0=$(date +%s)
(cd "$S" && DEB_BUILD_OPTIONS="parallel=2 nocheck noddebs" make --no-print-directory deb > "$T/build.log" 2>&1)
rc=$?
echo "# make deb: $(( $(date +%s) - t0 )) s"
check_eq "make deb (dpkg-buildpackage): exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || tail -20 "$T/build.log"
DEB=$T/src/taawun_0.1.0_$(dpkg --print-architecture).deb
[ -s "$DEB" ] && ok "the package: $(basename "$DEB")" || { fail "no package $DEB"; finish; exit 1; }
deps=$(dpkg-deb -f "$DEB" Depends)
for d in fonts-noto-core qpdf make libcairo2 libxlsxwriter libcjson1 libpango-1.0-0 libcurl4; do
    [[ "$deps" == *"$d"* ]] && ok "Depends: $d" || fail "Depends lacks $d: $deps"
done
t0=$(date +%s)
lintian --fail-on error "$DEB" > "$T/lintian.log" 2>&1
rc=$?
echo "# lintian: $(( $(date +%s) - t0 )) s"
check_eq "lintian: no error" 0 "$rc"
grep -E '^[EW]:' "$T/lintian.log" | sed 's/^/# /'
check_eq "lintian: no error tag" "" "$(grep '^E:' "$T/lintian.log")"

# ---- install ----------------------------------------------------------------
for i in $(seq 1 60); do   # another engineer's apt may hold the lock a while
    dpkg -i "$DEB" > "$T/install.log" 2>&1 && { rc=0; break; }
    rc=$?
    grep -q "dpkg frontend lock\|dpkg status database is locked" "$T/install.log" || break
    sleep 5
done
check_eq "dpkg -i: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || tail -10 "$T/install.log"
check_eq "taawun on PATH" /usr/bin/taawun "$(command -v taawun)"
check_eq "taawun version" "taawun 0.1.0" "$(taawun version)"
check_eq "user taawun created (sysusers.d)" "taawun" "$(id -un taawun 2>/dev/null)"
for d in /var/lib/taawun/work /var/lib/taawun/output /var/lib/taawun/mail; do
    check_eq "$d made by tmpfiles.d, owned by taawun" "taawun" "$(stat -c %U "$d" 2>/dev/null)"
done
check_eq "man taawun finds the page" /usr/share/man/man1/taawun.1.gz "$(man -w taawun 2>/dev/null)"
check_eq "the timer is installed" yes "$([ -e /lib/systemd/system/taawun-nightly.timer ] && echo yes)"
check_eq "the timer is not enabled" "" "$(ls /etc/systemd/system/timers.target.wants/taawun-nightly.timer 2>/dev/null)"
check_eq "/etc/taawun/taawun.conf is a conffile" yes \
    "$(dpkg-query -W -f='${Conffiles}' taawun | grep -q ' /etc/taawun/taawun.conf ' && echo yes)"

# ---- taawun reports on the seeds, from /tmp, as user taawun ------------------------
OUT=$(runuser -u taawun -- mktemp -d /tmp/taawun-deb.XXXXXX)
(cd /tmp && runuser -u taawun -- env SOURCE_DATE_EPOCH=1700000000 \
    taawun reports --input /usr/share/doc/taawun/examples/seeds --output "$OUT" > "$T/reports.log" 2>&1)
rc=$?
check_eq "taawun reports from /tmp as user taawun: exit 0" 0 "$rc"
[ "$rc" -eq 0 ] || tail -5 "$T/reports.log"
check_contains "taawun reports: 6 scopes, 2 languages" "$T/reports.log" "reports: 6 scopes x 2 languages in $OUT/"
check_eq "12 PDFs and 12 workbooks" "12 12" "$(ls "$OUT"/*.pdf | wc -l) $(ls "$OUT"/*.xlsx | wc -l)"
bad=""
for f in "$OUT"/*.pdf; do qpdf --check "$f" > /dev/null 2>&1 || bad="$bad $(basename "$f")"; done
check_eq "every PDF passes qpdf --check" "" "$bad"
fonts=$(for f in "$OUT"/*.pdf; do pdffonts "$f" | tail -n +3 | awk '{ sub(/^[A-Z]+\+/, "", $1); print $1 }'; done | sort -u)
check_eq "the PDFs embed only Noto fonts" "" "$(echo "$fonts" | grep -v '^NotoSans')"
echo "$fonts" | grep -qx 'NotoSansArabic-Regular' && ok "NotoSansArabic embedded" || fail "no NotoSansArabic: $fonts"
pdftotext "$OUT/MA-AZI-fr.pdf" - 2>/dev/null | grep -q "Azilal" && ok "MA-AZI-fr.pdf: Azilal" || fail "MA-AZI-fr.pdf text"
$PY - "$OUT" > "$T/xlsx.log" 2>&1 <<'PY'
import glob, sys
import openpyxl
books = sorted(glob.glob(sys.argv[1] + "/*.xlsx"))
cells = 0
for b in books:
    wb = openpyxl.load_workbook(b)
    cells += sum(1 for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)))
print(len(books), cells > 0)
PY
check_eq "every workbook opens in openpyxl, with figures" "12 True" "$(cat "$T/xlsx.log")"
rm -rf "$OUT"

# ---- purge -----------------------------------------------------------------------
for i in $(seq 1 60); do
    dpkg --purge taawun > "$T/purge.log" 2>&1 && { rc=0; break; }
    rc=$?
    grep -q "dpkg frontend lock\|dpkg status database is locked" "$T/purge.log" || break
    sleep 5
done
check_eq "dpkg --purge taawun: exit 0" 0 "$rc"
check_eq "purged: no command, programs, settings or state left" "" \
    "$(ls -d /usr/bin/taawun /usr/lib/taawun /usr/share/taawun /etc/taawun /var/lib/taawun 2>/dev/null)"
finish
