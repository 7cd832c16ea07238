#!/usr/bin/env bash
# The shape of the tree (issue 15): no C file of the project over 900
# lines, a quiet Makefile that shows its commands with V=1, and a test run
# in which a renamed or removed suite fails instead of vanishing.
# Prints "ok - …"/"not ok - …" per check, then "N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

MAX_LINES=900

# long_c_files DIR: the C files of DIR's project folders over MAX_LINES
# lines, as "LINES FILE".
long_c_files() {
    (cd "$1" && find lib programs render deliver fuzz tests -name '*.c' -type f 2>/dev/null | sort |
        while read -r f; do
            n=$(wc -l < "$f")
            [ "$n" -le "$MAX_LINES" ] || echo "$n $f"
        done)
}

# ---- no C file over 900 lines ---------------------------------------------
long=$(long_c_files .)
check_eq "no C file in lib programs render deliver fuzz tests over $MAX_LINES lines" "" "$long"
# the check itself finds a long file
mkdir -p "$T/tree/render" "$T/tree/lib"
seq 1 $((MAX_LINES + 1)) | sed 's|^|// |' > "$T/tree/render/long.c"
seq 1 $MAX_LINES | sed 's|^|// |' > "$T/tree/lib/short.c"
check_eq "a C file of $((MAX_LINES + 1)) lines is found, one of $MAX_LINES is not" \
    "$((MAX_LINES + 1)) render/long.c" "$(long_c_files "$T/tree")"

# ---- quiet Makefile, V=1 verbose, make -s silent -----------------------------
# One object built into a fresh build folder (its dependencies stamp made,
# so nothing is installed).
mk_obj() {
    local b="$T/b$1"
    shift
    mkdir -p "$b" && touch "$b/.deps-build-ok"
    make --no-print-directory "$@" B="$b" "$b/obj/lib/util.o" 2>&1
}
out=$(mk_obj 1)
check_eq "make: one short line per object" "  CC      lib/util.c" "$out"
out=$(mk_obj 2 V=1)
if grep -qE -- '(^| )-c lib/util\.c -o ' <<< "$out" && ! grep -q '^  CC ' <<< "$out"; then
    ok "make V=1: the compiler command, no short line"
else
    fail "make V=1: expected the compiler command, got [$out]"
fi
out=$(mk_obj 3 -s)
check_eq "make -s: silent" "" "$out"
out=$(mk_obj 4 V=1 -n)
if grep -qE -- '-c lib/util\.c -o ' <<< "$out"; then ok "make V=1 -n: shows the compiler command"
else fail "make V=1 -n: no compiler command in [$out]"; fi
# the archive and link lines are quiet too
check_eq "make print-Q: commands hidden" "@" "$(make --no-print-directory print-Q)"
check_eq "make V=1 print-Q: commands shown" "" "$(make --no-print-directory V=1 print-Q)"

# ---- a renamed or removed suite fails the run --------------------------------
# tests/run.sh on a tree of stub suites: each entry of its SUITES list gets a
# script that passes one check.
F="$T/fake"
mkdir -p "$F/tests"
cp tests/run.sh "$F/tests/run.sh"
mapfile -t entries < <(sed -n '/^SUITES=(/,/^)/s/^ *"\([^"]*\)".*/\1/p' tests/run.sh)
for e in "${entries[@]}"; do
    s=${e#*:}; s=${s##* }
    mkdir -p "$F/$(dirname "$s")"
    case "$s" in
        *.py) echo 'print("ok - stub"); print("1 passed, 0 failed")' > "$F/$s" ;;
        *) printf '#!/bin/sh\necho "ok - stub"\necho "1 passed, 0 failed"\n' > "$F/$s" ;;
    esac
    chmod +x "$F/$s"
done
check_eq "the SUITES list has entries" "yes" "$([ "${#entries[@]}" -ge 20 ] && echo yes)"
run_fake() { (cd "$F" && tests/run.sh "$@") > "$T/fake.log" 2>&1; echo $?; }
check_eq "fake tree: every suite there, the run passes" 0 "$(run_fake)"
check_contains "fake tree: one pass per suite" "$T/fake.log" "${#entries[@]} passed, 0 failed"

rm "$F/tests/install/run.sh"
check_eq "a removed suite script fails the run" 1 "$(run_fake)"
check_contains "... with a not ok line naming it" "$T/fake.log" \
    "not ok - suite install: tests/install/run.sh is missing"
check_contains "... and a line in the summary" "$T/fake.log" "install         0 passed,   1 failed"
check_eq "a removed suite fails a run that asks for it" 1 "$(run_fake install unit)"
printf '#!/bin/sh\necho "1 passed, 0 failed"\n' > "$F/tests/install/run.sh"
chmod +x "$F/tests/install/run.sh"

mkdir -p "$F/tests/renamed"
cp "$F/tests/install/run.sh" "$F/tests/renamed/run.sh"
check_eq "a suite folder no entry runs fails the run" 1 "$(run_fake)"
check_contains "... with a not ok line naming it" "$T/fake.log" \
    "not ok - tests/renamed/run.sh is run by no suite of tests/run.sh"
rm -r "$F/tests/renamed"

check_eq "an unknown suite asked for fails the run" 1 "$(run_fake unit nosuch)"
check_contains "... with a not ok line naming it" "$T/fake.log" "not ok - no suite named nosuch in tests/run.sh"
check_eq "fake tree restored: the run passes again" 0 "$(run_fake)"

# the real tree: every tests/*/run.sh is run by an entry, every entry's script exists
missing=""
for e in "${entries[@]}"; do
    s=${e#*:}; s=${s##* }
    [ -f "$s" ] || missing+=" $s"
done
check_eq "every SUITES entry's script exists" "" "$missing"
orphans=""
for s in tests/*/run.sh; do
    printf '%s\n' "${entries[@]}" | grep -q " $s\$\|:$s\$" || orphans+=" $s"
done
check_eq "every tests/*/run.sh is in SUITES" "" "$orphans"

finish
