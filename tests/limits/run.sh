#!/usr/bin/env bash
# Input limits: huge, long and many inputs complete, or fail with a clear
# message, in bounded memory (peak RSS from /usr/bin/time -f %M) and
# without quadratic time.  The limits themselves are in lib/reader.h
# (READER_MAX_DOCUMENT, READER_MAX_LINE).
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
ING="$BIN/taawun-ingest"
AGG="$BIN/taawun-aggregate"
MIB=1024   # KiB

# measured COMMAND...: runs it, sets RC, RSS (KiB) and SECS
measured() {
    /usr/bin/time -f '%M %e' -o "$T/time" "$@" > "$T/stdout" 2> "$T/stderr"
    RC=$?
    read -r RSS SECS < <(tail -1 "$T/time")
}
check_rss() {   # NAME MAX-MIB
    if [ "$RSS" -le $(($2 * MIB)) ]; then ok "$1: peak RSS $((RSS / MIB)) MiB (<= $2 MiB)"
    else fail "$1: peak RSS $((RSS / MIB)) MiB, over $2 MiB"; fi
}
check_secs() {   # NAME MAX-SECONDS (generous: catches quadratic time, not slowness)
    if awk -v s="$SECS" -v m="$2" 'BEGIN { exit !(s <= m) }'; then ok "$1: ${SECS} s (<= $2 s)"
    else fail "$1: ${SECS} s, over $2 s"; fi
}
ingest() { measured "$ING" -q -o "$T/w/facts.tsv" -s "$T/w/sources.json" "$@"; }
aggregate() { measured "$AGG" -q -f "$T/w/facts.tsv" -s "$T/w/sources.json" -o "$T/w"; }

$PY - "$T" <<'PY'
import csv, json, sys
T = sys.argv[1]
provs = [r["code"] for r in csv.DictReader(open("input/catalog/morocco-territories.csv", encoding="utf-8")) if r["level"] == "province"]
fact = '{"geo": "MA-AZI", "period": "2019", "programme": "kindergarten", "indicator": "centres", "value": 32'
big = "ب" * (50 << 20)   # 100 MB of Arabic text
with open(T + "/big_document.json", "w", encoding="utf-8") as f:
    f.write('{"format": "entraide-facts/1", "source": {"id": "big"}, "facts": [' + fact + ', "quote": "' + big + '"}]}\n')
with open(T + "/big_line.ndjson", "w", encoding="utf-8") as f:
    f.write(fact + ', "source": "s"}\n' + fact + ', "source": "s", "quote": "' + big + '"}\n' + fact + ', "source": "s"}\n')
del big
# single-line documents under the limit (16 MiB): many errors, many keys, many facts
with open(T + "/errors.json", "w") as f:
    f.write('{"format": "entraide-facts/1", "source": {"id": "e"}, "facts": [' + ",".join(
        '{"geo": "MA-X%d", "period": "2019", "programme": "all", "indicator": "centres", "value": 1}' % i
        for i in range(150000)) + "]}")
with open(T + "/keys.json", "w") as f:
    f.write('{"format": "entraide-facts/1", "source": {"id": "k"}, "facts": [], ' + ",".join('"k%d": 0' % i for i in range(1000000)) + "}")
with open(T + "/xkeys.json", "w") as f:
    f.write('{"format": "entraide-facts/1", "source": {"id": "k"}, "facts": [], ' + ",".join('"x_%d": 0' % i for i in range(1000000)) + "}")
with open(T + "/xkeys.ndjson", "w") as f:
    f.write(fact + ', "source": "s", ' + ",".join('"x_%d": 0' % i for i in range(70000)) + "}\n")
with open(T + "/long_key.ndjson", "w") as f:
    f.write(fact + ', "source": "s", "' + "k" * 900000 + '": 1}\n')
with open(T + "/facts.json", "w") as f:
    f.write('{"format": "entraide-facts/1", "source": {"id": "g"}, "facts": [' + ",".join(
        '{"geo": "%s", "facility": "F%d", "period": "2019", "programme": "all", "indicator": "centres", "value": 1}'
        % (provs[i % 75], i) for i in range(130000)) + "]}")
# a million tiny facts, about centres (summed into their province: cells stay few)
progs = ["kindergarten", "education_training", "literacy", "social_care_institution"]
with open(T + "/tiny.ndjson", "w") as f:
    w = f.write
    for i in range(1000000):
        w('{"geo":"%s","facility":"F%d","period":"%d","programme":"%s","indicator":"beneficiaries","value":%d,"source":"s"}\n'
          % (provs[i % 75], i % 5000, 2021 + i % 3, progs[i % 4], i % 97))
with open(T + "/items.ndjson", "w") as f:
    for i in range(20000):
        f.write('{"geo":"MA-AZI","period":"2019","programme":"disability_support","indicator":"items","item":"it%05d","value":%d,"source":"s"}\n'
                % (i, i + 1))
with open(T + "/bad_lines.ndjson", "w") as f:
    for i in range(200000):
        f.write('{"geo":"MA-AZI","period":"2019","programme":"all","indicator":"centres","value":-1,"source":"s"}\n')
# 10,000 sources: 10,000 document files, and a stream with 10,000 source ids
import os
os.makedirs(T + "/docs")
for i in range(10000):
    with open(T + "/docs/%05d.json" % i, "w", encoding="utf-8") as f:
        json.dump({"format": "entraide-facts/1",
                   "source": {"id": "doc%05d" % i, "title": "مقال %d" % i, "published": "2019-02-27", "lang": "ar"},
                   "facts": [{"geo": provs[i % 75], "period": "2019", "programme": "kindergarten", "indicator": "centres",
                              "value": i % 50, "quote": "رياض الأطفال %d" % i}]}, f, ensure_ascii=False)
with open(T + "/sources.ndjson", "w") as f:
    for i in range(10000):
        f.write('{"geo":"%s","period":"2019","programme":"kindergarten","indicator":"centres","value":%d,"source":"src%05d"}\n'
                % (provs[i % 75], i % 50, i))
PY

# ---- one huge line ------------------------------------------------------------
ingest "$T/big_document.json"
check_eq "100 MB single-line document: exit 1" 1 "$RC"
size=$(stat -c %s "$T/big_document.json")
check_eq "100 MB single-line document: refused unread, with the limit" \
    "$T/big_document.json:0:0: (size): document file of $size bytes is over the limit of 16777216 bytes (expected a smaller document; put bulk facts in a stream file, *.ndjson, one fact per line)" \
    "$(head -1 "$T/stderr")"
check_rss "100 MB single-line document" 16
check_secs "100 MB single-line document" 5

ingest "$T/big_line.ndjson"
check_eq "100 MB stream line: exit 1" 1 "$RC"
len=$(sed -n 2p "$T/big_line.ndjson" | wc -c)
check_eq "100 MB stream line: that line refused, the others read" \
    "$T/big_line.ndjson:2:1: (size): line of $((len - 1)) bytes is over the limit of 1048576 bytes (expected one fact per line, at most 1048576 bytes)|taawun-ingest: 1 error in the input; nothing written" \
    "$(paste -sd'|' "$T/stderr")"
check_rss "100 MB stream line" 16
check_secs "100 MB stream line" 5

# ---- long single-line documents under the limit: error reporting is linear ------
ingest "$T/errors.json"
check_eq "150,000 errors on one line: all counted" "taawun-ingest: 150000 errors in the input; nothing written" "$(tail -1 "$T/stderr")"
check_eq "150,000 errors on one line: 50 shown" 50 "$(grep -c 'unknown territory code' "$T/stderr")"
check_contains "150,000 errors on one line: the 50th at its column" "$T/stderr" \
    "$T/errors.json:1:4571: geo: unknown territory code 'MA-X49'"
check_secs "150,000 errors on one 14 MB line" 10
check_rss "150,000 errors on one 14 MB line" 256

ingest "$T/keys.json"
check_eq "1,000,000 unknown fields on one line: all counted" "taawun-ingest: 1000000 errors in the input; nothing written" "$(tail -1 "$T/stderr")"
check_secs "1,000,000 unknown fields on one line" 10

ingest "$T/xkeys.json"
check_eq "1,000,000 extension fields (duplicate-key check): exit 0" 0 "$RC"
check_secs "1,000,000 extension fields (duplicate-key check)" 10
ingest "$T/xkeys.ndjson"
check_eq "a stream fact with 70,000 extension fields: exit 0" 0 "$RC"
check_secs "a stream fact with 70,000 extension fields" 10

ingest "$T/long_key.ndjson"
check_eq "a 900 KB field name: exit 1" 1 "$RC"
if [ "$(wc -c < "$T/stderr")" -lt 1000 ]; then ok "a 900 KB field name: the message quotes 200 bytes of it"
else fail "a 900 KB field name: message of $(wc -c < "$T/stderr") bytes"; fi

ingest "$T/facts.json"
check_eq "130,000 facts in one 15 MB line: exit 0" 0 "$RC"
check_eq "130,000 facts in one 15 MB line: all written" 130001 "$(wc -l < "$T/w/facts.tsv")"
check_rss "130,000 facts in one 15 MB line (a document is parsed whole)" 256

# ---- a million tiny facts ------------------------------------------------------------
ingest "$T/tiny.ndjson"
check_eq "1,000,000 tiny facts: ingest exit 0" 0 "$RC"
check_eq "1,000,000 tiny facts: all written" 1000001 "$(wc -l < "$T/w/facts.tsv")"
check_rss "1,000,000 tiny facts: ingest" 32
check_secs "1,000,000 tiny facts: ingest" 30
aggregate
check_eq "1,000,000 tiny facts: aggregate exit 0" 0 "$RC"
check_eq "1,000,000 tiny facts: 88 scopes" 88 "$(ls "$T/w/cube" | wc -l)"
check_rss "1,000,000 tiny facts: aggregate" 64
check_secs "1,000,000 tiny facts: aggregate" 30

# 20,000 distinct items: more than the cube's key once held (14 bits)
rm -rf "$T/w"
ingest "$T/items.ndjson"
aggregate
check_eq "20,000 distinct items: aggregate exit 0" 0 "$RC"
check_eq "20,000 distinct items: 20,000 cells of one fact each, none merged" "20000 20000" \
    "$($PY -c "import json,sys; c=[x for x in json.load(open(sys.argv[1]))['cells'] if x['geo']=='MA-AZI']; print(len(c), sum(len(x['reported']) == 1 for x in c))" "$T/w/cube/MA-AZI.json")"

ingest "$T/bad_lines.ndjson"
check_eq "200,000 bad lines: all counted" "taawun-ingest: 200000 errors in the input; nothing written" "$(tail -1 "$T/stderr")"
check_rss "200,000 bad lines" 32

# ---- 10,000 sources ---------------------------------------------------------------------
rm -rf "$T/w"
ingest "$T/docs"
check_eq "10,000 document files: ingest exit 0" 0 "$RC"
check_eq "10,000 document files: 10,000 sources" 10000 "$($PY -c "import json,sys; print(len(json.load(open(sys.argv[1]))['sources']))" "$T/w/sources.json")"
check_rss "10,000 document files: ingest" 32
aggregate
check_eq "10,000 document files: aggregate exit 0" 0 "$RC"
check_rss "10,000 document files: aggregate" 64
check_secs "10,000 document files: aggregate" 20

rm -rf "$T/w"
ingest "$T/sources.ndjson"
check_eq "10,000 source ids in a stream: ingest exit 0" 0 "$RC"
check_rss "10,000 source ids in a stream: ingest" 32
aggregate
check_eq "10,000 source ids in a stream: aggregate exit 0" 0 "$RC"
check_eq "10,000 source ids in a stream: the slices cite them all" 10000 \
    "$($PY -c "import json,sys; print(len({s['id'] for p in sys.argv[1:] for s in json.load(open(p))['sources']}))" "$T"/w/cube/*.json)"
check_rss "10,000 source ids in a stream: aggregate" 64

# ---- the recipients file of taawun-mail ------------------------------------------------
MAIL=(measured "$BIN/taawun-mail" --output "$T/mo" --slices "$T/none" --mail-dir "$T/mail" --dry-run -q --recipients)
$PY - "$T" <<'PY'
import json, sys
T = sys.argv[1]
bad = [{"name": "N%d" % i, "address": "a%d@@example.org" % i, "language": "fr", "territories": ["MA"]} for i in range(50000)]
json.dump({"format": "taawun-recipients/1", "contacts": bad}, open(T + "/rcpt_errors.json", "w"))
with open(T + "/rcpt_big.json", "w") as f:
    f.write('{"format": "taawun-recipients/1", "contacts": [], "x_pad": "' + "x" * (20 << 20) + '"}')
PY
"${MAIL[@]}" "$T/rcpt_errors.json"
check_eq "recipients, 50,000 bad addresses: all counted" "1 taawun-mail: $T/rcpt_errors.json: 50000 errors (see above); nothing sent" "$RC $(tail -1 "$T/stderr")"
check_contains "recipients, 50,000 bad addresses: the 50th at its line and column" "$T/stderr" \
    "$T/rcpt_errors.json:1:4416: contacts[49].address: 'a49@@example.org' has more than one @"
check_secs "recipients, 50,000 bad addresses (once quadratic: 80 s at 20,000)" 5
"${MAIL[@]}" "$T/rcpt_big.json"
check_eq "a 20 MB recipients file: refused unread" "1 $T/rcpt_big.json:0:0: (size): recipients file of $(stat -c %s "$T/rcpt_big.json") bytes is over the limit of 16777216 bytes (expected a list of contacts)" \
    "$RC $(head -1 "$T/stderr")"
check_rss "a 20 MB recipients file" 16
"${MAIL[@]}" <(cat "$T/rcpt_big.json")
check_contains "a 20 MB recipients file through a pipe: refused at the limit" "$T/stderr" \
    "(size): recipients file is over the limit of 16777216 bytes"
check_rss "a 20 MB recipients file through a pipe" 48

finish
