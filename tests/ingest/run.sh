#!/usr/bin/env bash
# Stage 1 on its own: every kind of bad input gets its exact message, a
# non-zero exit, and leaves the previous output untouched; good input gives
# the canonical facts.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
ING="$BIN/taawun-ingest"

# Previous good outputs that a failed run must leave as they were.
mkdir -p "$T/out"
echo "previous facts" > "$T/out/facts.tsv"
echo "previous sources" > "$T/out/sources.json"

run_bad() {   # NAME INPUT EXPECT-FILE
    local name=$1 input=$2 expect=$3 rc
    "$ING" -q -o "$T/out/facts.tsv" -s "$T/out/sources.json" "$input" > /dev/null 2> "$T/stderr"
    rc=$?
    check_eq "ingest $name: exit status 1" 1 "$rc"
    if diff -u "$expect" "$T/stderr" > "$T/diff"; then ok "ingest $name: message"; else fail "ingest $name: message"; cat "$T/diff"; fi
    check_eq "ingest $name: previous output kept" "previous facts" "$(cat "$T/out/facts.tsv")"
    check_eq "ingest $name: no temporary left" "" "$(ls -A "$T/out" | grep -v -e '^facts.tsv$' -e '^sources.json$')"
}

for input in tests/ingest/bad/*.json tests/ingest/bad/*.ndjson; do
    run_bad "$(basename "$input")" "$input" "${input%.*}.expect"
done

# Invalid UTF-8 and deep nesting are made here rather than committed.
printf '{"format": "entraide-facts/1", "source": {"id": "t"}, "facts": [\n {"geo": "MA", "period": "2015", "programme": "all", "indicator": "centres", "value": 1, "quote": "\xd8\xa7\xff"}\n]}\n' > "$T/bad_utf8.json"
printf '%s:2:101: (encoding): invalid UTF-8 byte 0xFF (expected UTF-8 text)\ntaawun-ingest: 1 error in the input; nothing written\n' "$T/bad_utf8.json" > "$T/bad_utf8.expect"
run_bad "invalid UTF-8" "$T/bad_utf8.json" "$T/bad_utf8.expect"

{ printf '{"geo": "MA", "period": "2015", "programme": "all", "indicator": "centres", "value": 1, "source": "s", "x_deep": '
  for _ in $(seq 100000); do printf '['; done; for _ in $(seq 100000); do printf ']'; done; printf '}\n'; } > "$T/deep.ndjson"
printf '%s:1:177: (json): nesting deeper than 64 levels (expected a flat fact record)\ntaawun-ingest: 1 error in the input; nothing written\n' "$T/deep.ndjson" > "$T/deep.expect"
run_bad "nesting 100000 deep" "$T/deep.ndjson" "$T/deep.expect"

# Several bad files: every problem of every file is reported.
"$ING" -q -o "$T/out/facts.tsv" -s "$T/out/sources.json" tests/ingest/bad/unknown_codes.json tests/ingest/bad/negative.json 2> "$T/stderr"
check_eq "ingest: problems of two files counted" "taawun-ingest: 5 errors in the input; nothing written" "$(tail -1 "$T/stderr")"
check_contains "ingest: a source id used by two documents" "$T/stderr" "tests/ingest/bad/negative.json:1:49: id: source id 't' already used by tests/ingest/bad/unknown_codes.json (expected one document per source)"

# The error cap: 60 bad lines, 50 shown, all counted.
for i in $(seq 60); do echo '{"geo": "MA", "period": "2015", "programme": "all", "indicator": "centres", "value": -1, "source": "s"}'; done > "$T/many.ndjson"
"$ING" -q -o "$T/out/facts.tsv" -s "$T/out/sources.json" "$T/many.ndjson" 2> "$T/stderr"
check_eq "ingest: error lines capped at 50" 50 "$(grep -c 'value: is negative' "$T/stderr")"
check_eq "ingest: all errors counted" "taawun-ingest: 60 errors in the input; nothing written" "$(tail -1 "$T/stderr")"

# A catalogue that cannot be read is a clear error too.
"$ING" -q -c "$T/nowhere" -o "$T/out/facts.tsv" -s "$T/out/sources.json" input 2> "$T/stderr"
check_eq "ingest: missing catalogue exits 1" 1 $?
check_contains "ingest: missing catalogue names the file" "$T/stderr" "$T/nowhere/morocco-territories.csv:0:0: cannot read catalogue: No such file or directory"

# Usage errors.
"$ING" > /dev/null 2>&1
check_eq "ingest: no input is a usage error (2)" 2 $?
"$ING" --help | grep -q '^usage: taawun-ingest' && ok "ingest --help" || fail "ingest --help"
check_eq "ingest --version" "taawun-ingest 0.1.0" "$("$ING" --version)"

# Good input: the seeds, in a document file and the same facts as a stream.
"$ING" -q -o "$T/good/facts.tsv" -s "$T/good/sources.json" input 2> "$T/stderr"
check_eq "ingest seeds: exit 0" 0 $?
check_eq "ingest seeds: no warnings" "" "$(cat "$T/stderr")"
check_eq "ingest seeds: 73 facts" 74 "$(wc -l < "$T/good/facts.tsv")"
grep -P '^004_edb9a20724460159\t.*\tMA-AZI\tprovince\tMA-05\t\t2019\tyear\tsocial_care_institution\tbudget_mad\t2796000\texact\t' "$T/good/facts.tsv" > /dev/null \
    && ok "ingest seeds: Azilal budget 2796000 MAD canonical, region MA-05" || fail "ingest seeds: Azilal budget row"
grep -P '\tMA-06\tregion\tMA-06\t\t2011/2012\tseason\tkindergarten\tcentres\t23\texact\t' "$T/good/facts.tsv" > /dev/null \
    && ok "ingest seeds: Grand Casablanca kindergartens 23, season 2011/2012" || fail "ingest seeds: Casablanca kindergartens"
check_eq "ingest seeds: old region resolved from geo_as_reported" 20 "$(awk -F'\t' '$19 == "OLD-08"' "$T/good/facts.tsv" | wc -l)"
check_eq "ingest seeds: 5 sources" 5 "$($PY -c "import json,sys; print(len(json.load(open(sys.argv[1]))['sources']))" "$T/good/sources.json")"

# Stream form of the same facts gives the same canonical facts (but file/line).
$PY - "$T/stream.ndjson" <<'PY'
import json, glob, sys
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for path in sorted(glob.glob("input/*.json")):
        doc = json.load(open(path, encoding="utf-8"))
        out.write("\n")   # blank lines are allowed
        for f in doc["facts"]:
            f = dict(f, source=doc["source"]["id"])
            out.write(json.dumps(f, ensure_ascii=False) + "\n")
PY
"$ING" -q -o "$T/stream/facts.tsv" -s "$T/stream/sources.json" "$T/stream.ndjson"
check_eq "ingest stream: exit 0" 0 $?
cut -f1,4- "$T/good/facts.tsv" > "$T/a"; cut -f1,4- "$T/stream/facts.tsv" > "$T/b"
cmp -s "$T/a" "$T/b" && ok "ingest stream: same facts as the documents" || fail "ingest stream: differs from documents"

# The contract's period_basis and the source's publisher, url and published
# (YYYY, YYYY-MM or YYYY-MM-DD), made-up documents in tests/ingest/good/:
# validated, carried into the canonical facts and sources.json, and into the
# reported values of the slices only when the period was not stated.
"$ING" -q -o "$T/contract/facts.tsv" -s "$T/contract/sources.json" tests/ingest/good 2> "$T/stderr"
check_eq "ingest contract fields: exit 0" 0 $?
check_eq "ingest contract fields: no warnings" "" "$(cat "$T/stderr")"
check_eq "ingest contract fields: period_basis is the 22nd column" "period_basis" "$(head -1 "$T/contract/facts.tsv" | cut -f22)"
check_eq "ingest contract fields: period_basis carried (publication, inferred, stated, default stated)" \
    "32 publication|700 inferred|7 stated|6 stated|3 stated" \
    "$(tail -n +2 "$T/contract/facts.tsv" | cut -f12,22 | tr '\t' ' ' | paste -sd'|')"
check_eq "ingest contract fields: publisher, url, published in sources.json" \
    "made_up_contract|Journal inventé|https://example.ma/made-up?id=1&x=2|2019-03 made_up_year|Agence inventée|http://example.ma/y|2019" \
    "$($PY -c "import json,sys; print(' '.join('|'.join(s[k] for k in ('id','publisher','url','published')) for s in json.load(open(sys.argv[1]))['sources']))" "$T/contract/sources.json")"
"$BIN/taawun-aggregate" -q -f "$T/contract/facts.tsv" -s "$T/contract/sources.json" -o "$T/contract/work"
check_eq "aggregate contract fields: exit 0" 0 $?
check_eq "aggregate: period_basis in a reported value only when not stated" \
    "2016 literacy beneficiaries inferred|2017 literacy centres -|2018 literacy centres -|2019 kindergarten centres publication" \
    "$($PY -c "
import json, sys
d = json.load(open(sys.argv[1]))
print('|'.join('%s %s %s %s' % (c['period'], c['programme'], c['indicator'], r.get('period_basis', '-'))
               for c in d['cells'] for r in c['reported']))" "$T/contract/work/cube/MA-AZI.json")"

# Locale must not change numbers.
LC_ALL=fr_FR.UTF-8 LC_NUMERIC=fr_FR.UTF-8 "$ING" -q -o "$T/fr/facts.tsv" -s "$T/fr/sources.json" input 2>/dev/null
cmp -s "$T/good/facts.tsv" "$T/fr/facts.tsv" && ok "ingest: same bytes under a French locale" || fail "ingest: locale changes output"

finish
