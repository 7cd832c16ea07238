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
# the plan stage, and job R1's template set on the seeds (ISO hierarchy)
vg_run "plan: seeds, default templates" $BIN/taawun-plan -q --templates templates --work "$T/w"
vg_run "plan: a bad template set" sh -c "! $BIN/taawun-plan -q --templates templates/r1 --work $T/w --langs ar"
vg_run "aggregate: seeds, ISO hierarchy" $BIN/taawun-aggregate -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/r1w" --hierarchy iso --levels national,region
vg_run "plan: seeds, R1" $BIN/taawun-plan -q --templates templates/r1 --work "$T/r1w"
for r in $BIN/taawun-xlsx $BIN/taawun-pdf; do
    [ -x "$r" ] || continue
    vg_run "$(basename "$r"): R1 MA-06" "$r" --slice "$T/r1w/cube/MA-06.json" --lang fr --templates templates/r1 \
        --catalog input/catalog --output "$T/r1out/MA-06.${r##*-}"
done
# the mail stage, dry run (libcurl builds the messages; no network) and a bad recipients file
$PY tests/mail/check.py standin "$T/mailout" "$T/w/cube" ar fr
vg_run "mail: dry run" $BIN/taawun-mail --output "$T/mailout" --slices "$T/w/cube" --mail-dir "$T/mail" --dry-run -q
printf '{"format": "taawun-recipients/1", "contacts": [{"name": "A\\nB", "address": "a@@example.org", "language": "fr", "territories": ["MA-99"]}]}\n' > "$T/badrcpt.json"
vg_run "mail: a bad recipients file" sh -c "! $BIN/taawun-mail --dry-run -q --mail-dir $T/mail --recipients $T/badrcpt.json"
finish
