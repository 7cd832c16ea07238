#!/usr/bin/env bash
# A broken territory catalogue (issue 14, item 4): a province under a
# province, a parent cycle, a self-parent.  Every program that loads the
# catalogue refuses it with the same FILE:LINE:COL message and exit 1, and
# writes nothing (before the check, taawun-aggregate crashed on the first
# two and silently dropped a region's report on the third).
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"

# Good stage outputs made with the real catalogue: what the programs are
# given, and what a failed run must leave untouched.
mkdir -p "$T/good/work" "$T/out"
"$BIN/taawun-ingest" -q -o "$T/good/facts.tsv" -s "$T/good/sources.json" input \
    && "$BIN/taawun-aggregate" -c input/catalog -f "$T/good/facts.tsv" -s "$T/good/sources.json" -o "$T/good/work" > /dev/null 2>&1 \
    || { fail "catalogue: set-up with the real catalogue"; finish; exit 1; }
SLICE="$T/good/work/cube/MA-05.json"

# broken KIND: a copy of the catalogue with the territory table edited.
broken() { tests/catalog/broken.sh "$1" "$T/cat-$1"; }

# refused NAME EXPECTED-LINE: each program exits 1 with EXPECTED-LINE (the
# catalogue path is prefixed) as its first line, and writes nothing.
refused() {
    local name=$1 expect="$T/cat-$1/morocco-territories.csv:$2" cat="$T/cat-$1" rc
    echo "previous facts" > "$T/out/facts.tsv"
    "$BIN/taawun-ingest" -q -c "$cat" -o "$T/out/facts.tsv" -s "$T/out/sources.json" input 2> "$T/stderr"
    rc=$?
    check_eq "$name: ingest exits 1" 1 "$rc"
    check_eq "$name: ingest message" "$expect" "$(head -1 "$T/stderr")"
    check_eq "$name: ingest keeps the previous facts" "previous facts|" "$(head -1 "$T/out/facts.tsv")|$(ls -A "$T/out" | grep -v '^facts.tsv$')"

    rm -rf "$T/work" && mkdir -p "$T/work"
    "$BIN/taawun-aggregate" -c "$cat" -f "$T/good/facts.tsv" -s "$T/good/sources.json" -o "$T/work" > /dev/null 2> "$T/stderr"
    rc=$?
    check_eq "$name: aggregate exits 1 (no crash)" 1 "$rc"
    check_eq "$name: aggregate message" "$expect" "$(head -1 "$T/stderr")"
    check_eq "$name: aggregate writes nothing" "" "$(ls -A "$T/work")"

    for r in xlsx pdf; do
        rm -rf "$T/rout" && mkdir -p "$T/rout"
        FONTCONFIG_FILE="$ROOT/render/fonts.conf" "$BIN/taawun-$r" --slice "$SLICE" --lang fr --templates templates \
            --catalog "$cat" --output "$T/rout/MA-05-fr.$r" 2> "$T/stderr"
        rc=$?
        check_eq "$name: taawun-$r exits 1" 1 "$rc"
        check_eq "$name: taawun-$r message" "$expect" "$(head -1 "$T/stderr")"
        check_eq "$name: taawun-$r writes nothing" "" "$(ls -A "$T/rout")"
    done

    rm -rf "$T/mail" && mkdir -p "$T/mail"
    "$BIN/taawun-mail" -q -n -c "$cat" -s "$T/good/work/cube" -o "$T/good" -m "$T/mail" 2> "$T/stderr"
    rc=$?
    check_eq "$name: taawun-mail exits 1" 1 "$rc"
    check_eq "$name: taawun-mail message" "$expect" "$(head -1 "$T/stderr")"
    check_eq "$name: taawun-mail writes no message" "" "$(find "$T/mail" -name '*.eml')"
}

# MA-MDF (line 16) under MA-TNG (line 15), another province.
broken province_under_province
refused province_under_province "16:1: parent_code: parent 'MA-TNG' of province 'MA-MDF' is a province (expected the code of a region)"

# MA-TNG and MA-MDF parents of each other: reported once, at the first row.
broken two_cycle
refused two_cycle "15:1: parent_code: parent cycle MA-TNG -> MA-MDF -> MA-TNG (expected a tree: province -> region -> MA)"
check_eq "two_cycle: one message, not one per row" 1 "$(grep -c 'parent_code' "$T/stderr")"

# MA-TET (line 17) its own parent.
broken self_parent
refused self_parent "17:1: parent_code: province 'MA-TET' is its own parent (expected the code of a region)"

# A region under another region, a province without parent, a pre-2015
# region inside the tree: one level per kind.
broken levels
"$BIN/taawun-ingest" -q -c "$T/cat-levels" -o "$T/out/facts.tsv" -s "$T/out/sources.json" input 2> "$T/stderr"
check_eq "levels: ingest exits 1" 1 $?
check_eq "levels: every wrong level reported" \
"$T/cat-levels/morocco-territories.csv:4:1: parent_code: parent 'MA-01' of region 'MA-02' is a region (expected MA, the national row, or empty)
$T/cat-levels/morocco-territories.csv:17:1: parent_code: province 'MA-TET' has no parent (expected the code of a region)
$T/cat-levels/morocco-territories.csv:90:1: parent_code: old_region 'OLD-01' has parent 'MA-01' (expected an empty parent_code: it stands outside the tree)
taawun-ingest: the catalogues in $T/cat-levels have errors (see above)" "$(cat "$T/stderr")"

# The real catalogue passes, and a region may name MA as its parent.
broken region_names_ma
"$BIN/taawun-ingest" -q -c "$T/cat-region_names_ma" -o "$T/out/facts.tsv" -s "$T/out/sources.json" input 2> "$T/stderr"
check_eq "a region whose parent_code is MA is accepted" "0|" "$?|$(cat "$T/stderr")"

# A region with 135 provinces (aggregate listed a slice's territories in a
# fixed array of 128 and wrote past it).
broken wide
rm -rf "$T/work" && mkdir -p "$T/work"
"$BIN/taawun-aggregate" -q -c "$T/cat-wide" -f "$T/good/facts.tsv" -s "$T/good/sources.json" -o "$T/work" > /dev/null 2> "$T/stderr"
check_eq "wide region: aggregate exits 0" "0|" "$?|$(cat "$T/stderr")"
check_eq "wide region: MA-05's slice lists its 135 provinces" 135 \
    "$($PY -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["children"]))' "$T/work/cube/MA-05.json")"

finish
