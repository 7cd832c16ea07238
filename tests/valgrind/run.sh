#!/usr/bin/env bash
# valgrind memcheck of every stage on the seeds: no errors, no definite leaks.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --suppressions=tests/valgrind/fontconfig.supp)

vg_run() {   # NAME COMMAND...
    local name=$1
    shift
    "${VG[@]}" "$@" > "$T/out.log" 2> "$T/err.log"
    local rc=$?
    if [ "$rc" -eq 0 ]; then ok "valgrind $name"; else fail "valgrind $name (status $rc)"; head -40 "$T/err.log"; fi
}

vg_run "ingest: seeds" $BIN/taawun-ingest -q -o "$T/w/facts.tsv" -s "$T/w/sources.json" input
vg_run "ingest: a bad file" sh -c "! $BIN/taawun-ingest -q -o $T/b/f.tsv -s $T/b/s.json tests/ingest/bad/unknown_codes.json tests/ingest/bad/duplicate_key.json"
vg_run "aggregate: seeds" $BIN/taawun-aggregate -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/w"
for r in $BIN/taawun-xlsx $BIN/taawun-pdf; do
    [ -x "$r" ] || continue
    ext=${r##*-}
    for lang in ar fr; do
        vg_run "$(basename "$r"): MA-06 $lang" "$r" --slice "$T/w/cube/MA-06.json" --lang $lang --templates templates \
            --catalog input/catalog --output "$T/out/MA-06-$lang.$ext"
    done
done
finish
