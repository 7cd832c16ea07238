#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer build of every program, run
# as the whole pipeline (ingest, aggregate, workbooks, PDFs with their chart
# PNGs, mail dry run) on the seeds and on a synthetic national stream
# (scripts/gen_synthetic.py, 24,000 facts), and on every bad input.  Any
# sanitizer report fails the run.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
SAN=build/asan
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=97
export LSAN_OPTIONS=suppressions=$ROOT/tests/sanitize/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=98
if make --no-print-directory -s B=$SAN CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" all > "$T/build.log" 2>&1; then
    ok "sanitizer build"
else
    fail "sanitizer build"; tail -20 "$T/build.log"; finish; exit
fi
SB=$SAN/bin

san_run() {   # NAME EXPECTED-STATUS COMMAND...
    local name=$1 want=$2
    shift 2
    "$@" > "$T/out.log" 2> "$T/err.log"
    local rc=$?
    if [ "$rc" -eq "$want" ] && ! grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$T/err.log"; then
        ok "$name"
    else
        fail "$name (status $rc, wanted $want)"; grep -E -A12 'Sanitizer|runtime error' "$T/err.log" | head -30
    fi
}

san_run "asan ingest: seeds" 0 $SB/taawun-ingest -q -o "$T/w/facts.tsv" -s "$T/w/sources.json" input
san_run "asan aggregate: seeds" 0 $SB/taawun-aggregate -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/w"
# Broken territory catalogues (tests/catalog): refused cleanly, no index
# computed from a parent of the wrong level; a region of 135 provinces.
for kind in province_under_province two_cycle self_parent wide; do
    tests/catalog/broken.sh $kind "$T/cat-$kind"
    san_run "asan aggregate: catalogue $kind" $([ $kind = wide ] && echo 0 || echo 1) \
        $SB/taawun-aggregate -q -c "$T/cat-$kind" -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/cat-$kind-work"
done
for f in tests/ingest/bad/*.json tests/ingest/bad/*.ndjson; do
    san_run "asan ingest: $(basename "$f") rejected cleanly" 1 $SB/taawun-ingest -q -o "$T/bad/facts.tsv" -s "$T/bad/s.json" "$f"
done

# A synthetic national stream (labelled synthetic): the generator of make
# demo, small: 500 centres in the 75 provinces, 2012-2023, some monthly.
$PY scripts/gen_synthetic.py --facts 24000 --facilities 500 --catalog input/catalog --out "$T/synthetic.ndjson" > /dev/null
san_run "asan ingest: synthetic national stream" 0 $SB/taawun-ingest -q -o "$T/syn/facts.tsv" -s "$T/syn/sources.json" "$T/synthetic.ndjson"
san_run "asan aggregate: synthetic national stream" 0 $SB/taawun-aggregate -q -f "$T/syn/facts.tsv" -s "$T/syn/sources.json" -o "$T/syn"
check_eq "synthetic: 88 scopes (national, 12 regions, 75 provinces)" 88 "$(ls "$T/syn/cube" | wc -l)"
grep -q '"synthetic": true' "$T/syn/cube/MA.json" && ok "synthetic: the national slice says synthetic" || fail "synthetic: not labelled"

# The renderers, when built, on every seed slice.
for r in $SB/taawun-xlsx $SB/taawun-pdf; do
    [ -x "$r" ] || continue
    ext=${r##*-}
    for s in "$T"/w/cube/*.json; do
        scope=$(basename "$s" .json)
        for lang in ar fr; do
            san_run "asan $(basename "$r"): $scope $lang" 0 "$r" --slice "$s" --lang $lang --templates templates \
                --catalog input/catalog --output "$T/out/$scope-$lang.$ext" \
                $([ "$ext" = pdf ] && echo --png "$T/out/charts/$scope-$lang")
        done
    done
done
check_eq "seeds: 12 workbooks, 12 PDFs" "12 12" "$(ls "$T"/out/*.xlsx | wc -l) $(ls "$T"/out/*.pdf | wc -l)"
[ -n "$(ls "$T"/out/charts/*.png 2>/dev/null)" ] && ok "seeds: chart PNGs written" || fail "seeds: no chart PNG"

# The renderers on the synthetic national slices: the country and a region
# (both renderers, both languages), the region's provinces (PDF in Arabic,
# workbook in French) -- what the mail run below attaches.
SYN_PROVS=$(awk -F, '$5 == "MA-06" { print $1 }' input/catalog/morocco-territories.csv)
for r in $SB/taawun-xlsx $SB/taawun-pdf; do
    [ -x "$r" ] || continue
    ext=${r##*-}
    for scope in MA MA-06 $SYN_PROVS; do
        langs="ar fr"
        case $scope in MA|MA-06) ;; *) [ "$ext" = pdf ] && langs=ar || langs=fr ;; esac
        for lang in $langs; do
            san_run "asan $(basename "$r"): synthetic $scope $lang" 0 "$r" --slice "$T/syn/cube/$scope.json" --lang $lang \
                --templates templates --catalog input/catalog --output "$T/synout/$scope-$lang.$ext" \
                $([ "$ext" = pdf ] && echo --png "$T/synout/charts/$scope-$lang")
        done
    done
done
# The plan stage and job R1's template set (templates/r1): ISO hierarchy,
# the rules of both template sets, the R1 workbooks and PDFs of the
# synthetic national stream (two-key tables, groups, placed charts, landscape).
san_run "asan plan: R1's aggregate options" 0 $SB/taawun-plan --templates templates/r1 --write-aggregate-options "$T/syn/aggregate.opts"
# shellcheck disable=SC2046
san_run "asan aggregate: synthetic stream, ISO hierarchy, national and regions" 0 $SB/taawun-aggregate -q \
    -f "$T/syn/facts.tsv" -s "$T/syn/sources.json" -o "$T/syn" $(cat "$T/syn/aggregate.opts")
san_run "asan plan: the default set on the seeds" 0 $SB/taawun-plan -q --templates templates --work "$T/w"
san_run "asan plan: R1 on the synthetic stream" 0 $SB/taawun-plan -q --templates templates/r1 --work "$T/syn"
san_run "asan plan: a bad template set refused" 1 $SB/taawun-plan -q --templates templates/r1 --work "$T/syn" --langs ar
for r in $SB/taawun-xlsx $SB/taawun-pdf; do
    [ -x "$r" ] || continue
    ext=${r##*-}
    for scope in MA MA-04; do
        san_run "asan $(basename "$r"): R1 $scope" 0 "$r" --slice "$T/syn/cube/$scope.json" --lang fr --templates templates/r1 \
            --catalog input/catalog --output "$T/r1/$scope.$ext"
    done
done
# The mail stage: dry runs (libcurl builds each message; no network), a bad
# recipients file, a notice, the synthetic national slices, and a real send
# to a loopback SMTP server that first answers 451.
MO=(--output "$T/mailout" --slices "$T/w/cube" --mail-dir "$T/mail" -q)
$PY tests/mail/check.py standin "$T/mailout" "$T/w/cube" ar fr
san_run "asan mail: dry run, sample recipients" 0 $SB/taawun-mail "${MO[@]}" --dry-run
printf '{"format": "taawun-recipients/1", "contacts": [{"name": "A\\r\\nBcc: x@example.org", "address": "a b@example.org", "language": "en", "territories": ["MA-99"], "with_provinces": 1}]}\n' > "$T/badrcpt.json"
san_run "asan mail: bad recipients file refused" 1 $SB/taawun-mail "${MO[@]}" --dry-run --recipients "$T/badrcpt.json"
san_run "asan mail: notice" 0 env MAIL_OPERATOR=ops@example.org $SB/taawun-mail "${MO[@]}" --dry-run \
    --notice "taawun nightly: FAILED (تجربة)" --body-file README.md --attach Makefile
printf '{"format": "taawun-recipients/1", "contacts": [{"name": "جهة", "address": "r@example.org", "language": "ar", "territories": ["MA-06", "MA"], "with_provinces": true}]}\n' > "$T/synrcpt.json"
san_run "asan mail: synthetic national reports, a region with its provinces" 0 $SB/taawun-mail --output "$T/synout" \
    --slices "$T/syn/cube" --mail-dir "$T/synmail" --recipients "$T/synrcpt.json" --dry-run -q
$PY - "$T/synmail" "$T/synout" <<'PY' && ok "synthetic mail: the 11 rendered PDFs attached as they are, their charts inline, the subject says synthetic" || fail "synthetic mail"
import email, email.policy, glob, sys
m = email.message_from_bytes(open(glob.glob(sys.argv[1] + "/01-*.eml")[0], "rb").read(), policy=email.policy.default)
parts = [(a.get_filename(), a.get_content()) for a in m.iter_attachments()]
pdfs = [n for n, _ in parts if n.endswith(".pdf")]
assert len(pdfs) == 11 and pdfs[0] == "MA-06-ar.pdf" and pdfs[1] == "MA-ar.pdf", pdfs
for n, data in parts:
    assert data == open(sys.argv[2] + ("/" if n.endswith(".pdf") else "/charts/") + n, "rb").read(), n
assert len(parts) > len(pdfs), "no chart"
assert str(m["Subject"]).startswith("[معطيات اصطناعية]"), str(m["Subject"])
PY
/usr/bin/python3 tests/mail/smtp_sink.py --dir "$T/sink" --port-file "$T/sink.port" --fail-first 1 --timeout 30 > /dev/null 2>&1 &
sink=$!
for _ in $(seq 100); do [ -s "$T/sink.port" ] && break; sleep 0.05; done
san_run "asan mail: real send, a 451 retried" 0 env SMTP_URL="smtp://127.0.0.1:$(cat "$T/sink.port")" \
    MAIL_FROM=reports@example.org $SB/taawun-mail "${MO[@]}" --mail-dir "$T/mail2" --retry-delay 0.1
kill $sink 2>/dev/null
wait $sink 2>/dev/null
check_eq "asan mail: 7 messages received" 7 "$(ls "$T"/sink/*.eml 2>/dev/null | wc -l)"
finish
