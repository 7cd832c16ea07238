#!/usr/bin/env bash
# valgrind memcheck of every stage on the seeds -- ingest, aggregate, the
# workbook and PDF renderers (with the chart PNGs), mail (dry run, a notice)
# -- and of the refusal paths (bad facts, a bad recipients file): no errors,
# no definite leaks.  valgrind runs the program itself (not a shell around
# it, whose children it would not follow), and the program's own exit
# status is checked separately from valgrind's (99).
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
    --show-leak-kinds=definite --suppressions=tests/valgrind/fontconfig.supp)

vg_run() {   # NAME EXPECTED-STATUS COMMAND...
    local name=$1 want=$2
    shift 2
    "${VG[@]}" "$@" > "$T/out.log" 2> "$T/err.log"
    local rc=$?
    if [ "$rc" -eq "$want" ] && ! grep -q '^==[0-9]*==' "$T/err.log"; then
        ok "valgrind $name"
    else
        fail "valgrind $name (status $rc, wanted $want)"; head -40 "$T/err.log"
    fi
}

vg_run "ingest: seeds" 0 $BIN/taawun-ingest -q -o "$T/w/facts.tsv" -s "$T/w/sources.json" input
vg_run "ingest: bad files refused" 1 $BIN/taawun-ingest -q -o "$T/b/f.tsv" -s "$T/b/s.json" \
    tests/ingest/bad/unknown_codes.json tests/ingest/bad/duplicate_key.json
vg_run "ingest --scan: seeds" 0 $BIN/taawun-ingest --scan "$T/w/inputs.manifest" -- input
vg_run "ingest --scan: a missing input refused" 2 $BIN/taawun-ingest --scan "$T/w/x.manifest" -- input /nonexistent
vg_run "aggregate: seeds" 0 $BIN/taawun-aggregate -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/w"
for r in $BIN/taawun-xlsx $BIN/taawun-pdf; do
    [ -x "$r" ] || continue
    ext=${r##*-}
    for lang in ar fr; do
        vg_run "$(basename "$r"): MA-06 $lang" 0 "$r" --slice "$T/w/cube/MA-06.json" --lang $lang --templates templates \
            --catalog input/catalog --output "$T/out/MA-06-$lang.$ext" \
            $([ "$ext" = pdf ] && echo --png "$T/out/charts/MA-06-$lang")
    done
done
[ -s "$T/out/MA-06-ar.pdf" ] && [ -s "$T/out/MA-06-fr.xlsx" ] && [ -n "$(ls "$T"/out/charts/MA-06-ar-*.png)" ] &&
    ok "under valgrind: the workbooks, PDFs and charts written" || fail "under valgrind: outputs missing"
# the plan stage, and job R1's template set on the seeds (ISO hierarchy)
vg_run "plan: seeds, default templates" 0 $BIN/taawun-plan -q --templates templates --work "$T/w"
vg_run "plan: a language the template set lacks refused" 1 $BIN/taawun-plan -q --templates templates/r1 --work "$T/w" --langs ar
vg_run "aggregate: seeds, ISO hierarchy" 0 $BIN/taawun-aggregate -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/r1w" --hierarchy iso --levels national,region
vg_run "plan: seeds, R1" 0 $BIN/taawun-plan -q --templates templates/r1 --work "$T/r1w"
for r in $BIN/taawun-xlsx $BIN/taawun-pdf; do
    [ -x "$r" ] || continue
    vg_run "$(basename "$r"): R1 MA-06" 0 "$r" --slice "$T/r1w/cube/MA-06.json" --lang fr --templates templates/r1 \
        --catalog input/catalog --output "$T/r1out/MA-06.${r##*-}"
done
# the mail stage: dry runs (libcurl builds the messages; no network), a
# notice, a bad recipients file
$PY tests/mail/check.py standin "$T/mailout" "$T/w/cube" ar fr
vg_run "mail: dry run" 0 $BIN/taawun-mail --output "$T/mailout" --slices "$T/w/cube" --mail-dir "$T/mail" --dry-run -q
check_eq "mail: dry run wrote the 7 messages" 7 "$(ls "$T"/mail/*.eml | wc -l)"
vg_run "mail: a notice" 0 $BIN/taawun-mail --to ops@example.org --mail-dir "$T/mail" --dry-run -q \
    --notice "taawun nightly: FAILED (تجربة)" --body-file README.md --attach Makefile
printf '{"format": "taawun-recipients/1", "contacts": [{"name": "A\\nB", "address": "a@@example.org", "language": "fr", "territories": ["MA-99"]}]}\n' > "$T/badrcpt.json"
vg_run "mail: a bad recipients file refused" 1 $BIN/taawun-mail --dry-run -q --mail-dir "$T/mail" --recipients "$T/badrcpt.json"
check_contains "mail: the bad recipients file's message" "$T/err.log" "contacts[0].name: contains LF"
finish
