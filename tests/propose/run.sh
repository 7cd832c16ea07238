#!/usr/bin/env bash
# taawun-propose: the seeds through `make propose` and taawun-ingest, the
# figures it proposes, bad input (exit codes, messages, nothing written),
# usage.  The number reader itself: tests/unit/test_propose.c.
set -u
. "$(dirname "$0")/../lib.sh"
cd "$ROOT"
P="$BIN/taawun-propose"

# ---- the five seeds: make propose, then ingest accepts every document
make --no-print-directory -s propose ARTICLES=input/sources PROPOSED="$T/proposed" >"$T/make.out" 2>&1
check_eq "make propose exits 0 on the seeds" 0 $?
check_eq "make propose writes one document per seed" 5 "$(ls "$T/proposed"/*.json | wc -l)"
"$BIN/taawun-ingest" -c input/catalog -o "$T/facts.tsv" -s "$T/sources.json" "$T/proposed" >"$T/ingest.out" 2>&1
check_eq "taawun-ingest accepts the proposals (exit 0)" 0 $?
check_contains "ingest reads the proposals' facts" "$T/ingest.out" "5 files, 59 facts"

fact() {   # fact FILE VALUE INDICATOR PROGRAMME GEO PERIOD QUALIFIER BASIS
    $PY - "$@" <<'PY'
import json, sys
f, v, ind, prog, geo, per, q, b = sys.argv[1:]
d = json.load(open(f))
hit = [x for x in d["facts"] if x["value"] == float(v) and x["indicator"] == ind and x["programme"] == prog
       and x["geo"] == geo and x["period"] == per and x["qualifier"] == q and x["period_basis"] == b]
ok = hit and all(x["quote"] in open("input/sources/" + d["source"]["file"]).read() for x in hit)
print("yes" if ok else "no")
PY
}
S="$T/proposed"
check_eq "14 ألفا و 108 -> 14108 beneficiaries, all, Grand Casablanca (MA-06), 2011/2012" yes \
    "$(fact "$S/000_a02a9928ffe59c10.json" 14108 beneficiaries all MA-06 2011/2012 exact stated)"
check_eq "أربعة ملايين و 424 ألف درهم برسم سنة 2011 -> 4424000 MAD for 2011" yes \
    "$(fact "$S/000_a02a9928ffe59c10.json" 4424000 budget_mad social_care_institution MA-06 2011 exact stated)"
check_eq "80 في المائة منهم من العنصر النسوي -> female_share_pct 80" yes \
    "$(fact "$S/000_a02a9928ffe59c10.json" 80 female_share_pct all MA-06 2011/2012 exact stated)"
check_eq "ما يزيد عن 493 ألف و970 شخصا -> 493970 at_least, 2015 from \"العام الماضي\" (inferred)" yes \
    "$(fact "$S/002_e803a8d5beb82784.json" 493970 beneficiaries all MA 2015 at_least inferred)"
check_eq "بحوالي ثلاثة آلاف, الذكرى الـ63 + فاتح أبريل الجاري -> 3000 approx, 2020-04-01 inferred" yes \
    "$(fact "$S/003_e34c174c5f7e81b1.json" 3000 beneficiaries street_people MA 2020-04-01 approx inferred)"
check_eq "Azilal: 2796000 MAD, period from the date line (publication)" yes \
    "$(fact "$S/004_edb9a20724460159.json" 2796000 budget_mad social_care_institution MA-AZI 2019 exact publication)"
check_eq "the 190 centres stated three times are proposed once" 1 \
    "$($PY -c "import json;print(sum(1 for x in json.load(open('$S/000_a02a9928ffe59c10.json'))['facts'] if x['value']==190))")"
check_eq "law numbers 14.05 and 15.01 go to x_rejected as law numbers" 3 \
    "$($PY -c "import json;print(sum(1 for x in json.load(open('$S/000_a02a9928ffe59c10.json'))['x_rejected'] if x['reason']=='law number'))")"
check_eq "the rounded 14 ألف gives way to the exact 14108" 1 \
    "$($PY -c "import json;print(sum(1 for x in json.load(open('$S/000_a02a9928ffe59c10.json'))['x_rejected'] if x['reason'].startswith('a rounded form')))")"
check_eq "x_span points at the number's words in the article" "14 ألفا و 108" \
    "$($PY -c "
import json
d=json.load(open('$S/000_a02a9928ffe59c10.json')); t=open('input/sources/000_a02a9928ffe59c10.txt').read()
x=[x for x in d['facts'] if x['value']==14108][0]; print(t[x['x_span'][0]:x['x_span'][1]])")"

# ---- bad input: message, exit code, nothing written
bad() {   # bad NAME FILE EXIT MESSAGE
    rm -f "$T/out.json"
    "$P" --output "$T/out.json" "$2" >"$T/err" 2>&1
    local rc=$?
    check_eq "$1: exit $3" "$3" "$rc"
    check_contains "$1: message" "$T/err" "$4"
    if [ -e "$T/out.json" ] || ls -a "$T" | grep -q '\.out\.json\.tmp'; then fail "$1: something written"; else ok "$1: nothing written"; fi
}
: >"$T/empty.txt"
bad "empty file" "$T/empty.txt" 1 "empty.txt: empty (expected an article in UTF-8 text)"
printf 'بلغ عدد\000\001\002' >"$T/binary.txt"
bad "binary file" "$T/binary.txt" 1 "binary.txt:1:8: binary data: a NUL byte (expected UTF-8 text)"
printf 'سطر أول\n14 \xff\xfe مستفيدا' >"$T/latin.txt"
bad "invalid UTF-8" "$T/latin.txt" 1 "latin.txt:2:4: invalid UTF-8 (byte 0xFF at offset"
truncate -s 50M "$T/big.txt"
bad "50 MB file" "$T/big.txt" 1 "big.txt: too large: 52428800 bytes (expected one article, at most 8388608 bytes)"
bad "missing file" "$T/nowhere.txt" 3 "nowhere.txt: cannot read: No such file or directory"

printf 'Entraide Nationale: 14000 beneficiaries in 2015.\n' >"$T/french.txt"
"$P" --output "$T/fr.json" "$T/french.txt" 2>"$T/err"
check_eq "no Arabic: exit 0" 0 $?
check_eq "no Arabic: an empty document with a note" "0 the article has no Arabic text: nothing proposed" \
    "$($PY -c "import json;d=json.load(open('$T/fr.json'));print(len(d['facts']),d['x_note'])")"
printf 'التعاون الوطني مؤسسة اجتماعية تعمل في خدمة الفئات الهشة.\n' >"$T/nofig.txt"
"$P" --output "$T/nofig.json" "$T/nofig.txt" 2>"$T/err"
check_eq "no figures: exit 0" 0 $?
check_eq "no figures: an empty document with a note" "0 the article states no figure: nothing proposed" \
    "$($PY -c "import json;d=json.load(open('$T/nofig.json'));print(len(d['facts']),d['x_note'])")"
mkdir -p "$T/nofig-in" && cp "$T/nofig.json" "$T/fr.json" "$T/nofig-in/"
"$BIN/taawun-ingest" -c input/catalog -o "$T/f2.tsv" -s "$T/s2.json" "$T/nofig-in" >/dev/null 2>&1
check_eq "ingest accepts the empty documents" 0 $?

# ---- usage and I/O
"$P" input/sources/000_a02a9928ffe59c10.txt >/dev/null 2>&1
check_eq "no --output: exit 2" 2 $?
"$P" --published 2019-13 --output "$T/x.json" input/sources/000_a02a9928ffe59c10.txt >/dev/null 2>&1
check_eq "bad --published: exit 2" 2 $?
"$P" --source-id 'a b' --output "$T/x.json" input/sources/000_a02a9928ffe59c10.txt >/dev/null 2>&1
check_eq "bad --source-id: exit 2" 2 $?
"$P" --output "$T/no/such/dir/x.json" input/sources/000_a02a9928ffe59c10.txt >/dev/null 2>&1
check_eq "unwritable output: exit 3" 3 $?
"$P" --help | grep -q 'usage: taawun-propose'
check_eq "--help prints the usage" 0 $?
check_eq "--version" "taawun-propose 0.1.0" "$("$P" --version)"
"$P" --source-id seed1 --published 2012 --title "عنوان" --output "$T/opt.json" input/sources/001_08d17d1d1ab95b3d.txt
check_eq "options fill the source; --published gives undated figures a period" "seed1 2012 عنوان 2012 publication" \
    "$($PY -c "import json;d=json.load(open('$T/opt.json'));s=d['source'];f=d['facts'][0];print(s['id'],s['published'],s['title'],f['period'],f['period_basis'])")"
cp -R input/catalog "$T/badcat"
sed -i 's/"kindergarten": \["رياض الأطفال"/"no_such_programme": ["رياض الأطفال"/' "$T/badcat/propose/programmes.json"
"$P" --catalog "$T/badcat" --output "$T/x.json" input/sources/000_a02a9928ffe59c10.txt 2>"$T/err"
check_eq "a lexicon naming a programme the catalogue lacks: still exit 0" 0 $?
check_contains "a lexicon naming a programme the catalogue lacks: warning" "$T/err" \
    'programmes.json: triggers: warning: left out, not in the programme catalogue: no_such_programme'
check_eq "... and its phrases are left out (23 centres: no kindergarten)" no \
    "$(fact "$T/x.json" 23 centres kindergarten MA-06 2011/2012 exact stated)"
printf '{"format": "taawun-propose-numbers/1", "units": []}' >"$T/badcat/propose/numbers.json"
"$P" --catalog "$T/badcat" --output "$T/x2.json" input/sources/000_a02a9928ffe59c10.txt 2>"$T/err"
check_eq "a broken lexicon: exit 1" 1 $?
check_contains "a broken lexicon: message" "$T/err" \
    'numbers.json: units: missing or not an object (expected {"key": [phrases]})'
check_eq "a broken lexicon: nothing written" no "$([ -e "$T/x2.json" ] && echo yes || echo no)"

# ---- an INDEX.csv beside the articles gives their dates (make propose, --index)
mkdir -p "$T/arts"
cp input/sources/001_08d17d1d1ab95b3d.txt "$T/arts/"
printf 'id,url,publisher,title,published,set\n001_08d17d1d1ab95b3d,https://example.org/1,"Press, Daily",نشاط المنسقية,2012-05,dev\n' >"$T/arts/INDEX.csv"
make --no-print-directory -s propose ARTICLES="$T/arts" PROPOSED="$T/arts-out" >"$T/make2.out" 2>&1
check_eq "make propose with an INDEX.csv: exit 0" 0 $?
check_eq "... the index's date dates the undated seed 001 (its 14 figures, 2012, publication)" "14 2012-05 2012 publication نشاط المنسقية" \
    "$($PY -c 'import json,sys; d=json.load(open(sys.argv[1])); f=d["facts"]; print(len(f), d["source"]["published"], f[0]["period"], f[0]["period_basis"], d["source"]["title"])' "$T/arts-out/001_08d17d1d1ab95b3d.json")"
printf 'id,published\n001_08d17d1d1ab95b3d,2012-13\n' >"$T/bad.csv"
"$P" --index "$T/bad.csv" --output "$T/x3.json" "$T/arts/001_08d17d1d1ab95b3d.txt" 2>"$T/err3"
check_eq "an index with a bad date: exit 1" 1 $?
check_contains "... with its line" "$T/err3" "bad.csv:2: published: not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
check_eq "... nothing written" no "$([ -e "$T/x3.json" ] && echo yes || echo no)"
"$P" --index "$T/none.csv" --output "$T/x3.json" "$T/arts/001_08d17d1d1ab95b3d.txt" 2>/dev/null
check_eq "a missing index: exit 3" 3 $?
"$P" --index "$T/arts/INDEX.csv" --published 2011 --output "$T/x4.json" "$T/arts/001_08d17d1d1ab95b3d.txt"
check_eq "--published wins over the index" 2011 "$($PY -c 'import json,sys; print(json.load(open(sys.argv[1]))["source"]["published"])' "$T/x4.json")"

# ---- article names are data: make propose never runs them (issue 14 item 2)
mkdir -p "$T/hostile dir"
cp input/sources/004_edb9a20724460159.txt "$T/hostile dir/;touch PWNED;#.txt"
cp input/sources/004_edb9a20724460159.txt "$T/hostile dir/\$(touch PWNED2).txt"
cp input/sources/004_edb9a20724460159.txt "$T/hostile dir/-leading.txt"
(cd "$T" && make --no-print-directory -s -C "$ROOT" propose ARTICLES="$T/hostile dir" PROPOSED="$T/hostile out") > "$T/hostile.log" 2>&1
check_eq "make propose on hostile article names: fails (2: make), names refused" 2 $?
check_eq "no command ran from an article's name" "" "$(find "$T" "$ROOT" -maxdepth 2 -name 'PWNED*' 2>/dev/null)"
check_contains "a name that is no source id: refused with a clear message" "$T/hostile.log" \
    "taawun-propose: source id: only letters, digits, - and _ (give --source-id)"
check_eq "-leading.txt is read as a file and proposed; the two others refused" "-leading.json" \
    "$(ls "$T/hostile out")"

finish
