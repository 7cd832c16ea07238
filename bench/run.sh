#!/usr/bin/env bash
# make bench: job R1 (bench/peer/JOB-R1.md) on 100k and 1M facts, for the
# peer (pandas + XlsxWriter + matplotlib) and for taawun, in the same run,
# with a cJSON-only parse of the same file as the floor, and the full demo
# (88 scopes, 2 languages, workbooks and PDFs) on the 1M synthetic file.
# Input files are generated once and cached in bench/data/ and build/demo/
# (git-ignored).  Prints the table and the targets, and writes
# bench/data/last-run.md; copy it into bench/RESULTS.md when performance
# changes.
#
#   RUNS=3              runs per measure (the median is shown)
#   SIZES="100000 1000000"
#   NO_PEER=1           leave the peer out (quicker; no ratios against it)
#   NO_DEMO=1           leave the demo out
set -eu
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-3}
D=bench/data
M=(make --no-print-directory -s)
mkdir -p "$D"
cc -O2 -o "$D/cjson_floor" bench/cjson_floor.c -lcjson
"${M[@]}" all

gnu_time() {   # FILE -> "wall_s rss_mib cpu_s" (CPU: user + system, waited-for children included)
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
                /Maximum resident set size/ { r = $2 / 1024 }
                /User time \(seconds\)|System time \(seconds\)/ { c += $2 }
                END { printf "%.2f %.0f %.2f\n", w, r, c }' "$1"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
timed() {   # NAME SIZE CMD...: runs CMD under /usr/bin/time -v, keeps wall and RSS
    local name=$1 n=$2 w r c
    shift 2
    /usr/bin/time -v -o "$D/t" "$@" > "$D/$name.$n.log" 2>&1 || { cat "$D/$name.$n.log" "$D/t" >&2; exit 1; }
    read -r w r c < <(gnu_time "$D/t")
    echo "$w" >> "$D/$name.$n.walls"
    echo "$r" >> "$D/$name.$n.rss"
    echo "$c" >> "$D/$name.$n.cpu"
}
row() {   # NAME SIZE LABEL: the median line of the table, and W_NAME_SIZE / R_NAME_SIZE / C_NAME_SIZE
    local w r c=
    w=$(median < "$D/$1.$2.walls")
    r=$(median < "$D/$1.$2.rss")
    [ ! -s "$D/$1.$2.cpu" ] || c=$(median < "$D/$1.$2.cpu")
    echo "| $2 | $3 | $w | $c | $r |" >> "$out"
    eval "W_$1_$2=$w R_$1_$2=$r C_$1_$2=$c"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = op == ">=" ? v >= t : v <= t; print ok ? "met" : "missed" }'; }

out="$D/last-run.md"
{
echo "# Benchmark run $(date -u +%Y-%m-%d)"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "Software: $(gcc --version | head -1); peer: Python $($PY -c 'import sys; print(sys.version.split()[0])'), pandas $($PY -c 'import pandas; print(pandas.__version__)')"
echo "Runs per measure: $RUNS (median shown).  Wall time, CPU time (user + system, children"
echo "included) and max RSS from /usr/bin/time -v; for a make run the RSS is the largest"
echo "single process (make -j2 runs two at once)."
echo
echo "| facts | what | wall s | CPU s | max RSS MiB |"
echo "|---|---|---|---|---|"
} > "$out"
targets=""

for n in $SIZES; do
    f=$D/facts_$n.ndjson
    [ -s "$f" ] || $PY bench/peer/gen_facts.py --seed 1 --facts "$n" --out "$f"
    for what in floor ingest aggregate r1 r1_render file_xlsx file_pdf peer; do
        : > "$D/$what.$n.walls"
        : > "$D/$what.$n.rss"
        : > "$D/$what.$n.cpu"
    done
    w=$D/work_$n o=$D/r1_out_$n
    for i in $(seq "$RUNS"); do
        echo "bench: $n facts, run $i of $RUNS" >&2
        timed floor "$n" "$D/cjson_floor" "$f"
        # the two first stages on their own (what the floor is compared with)
        rm -rf "$w"
        timed ingest "$n" build/bin/taawun-ingest -q -o "$w/facts.tsv" -s "$w/sources.json" "$f"
        timed aggregate "$n" build/bin/taawun-aggregate -q -f "$w/facts.tsv" -s "$w/sources.json" -o "$w"
        # R1 end to end, as a user runs it, from nothing
        rm -rf "$w" "$o"
        timed r1 "$n" "${M[@]}" -j2 reports INPUT="$f" TEMPLATES=templates/r1 OUTPUT="$o" WORK="$w"
        # the renderers alone: the 26 outputs again from the same work files
        rm -rf "$o"
        timed r1_render "$n" "${M[@]}" -j2 reports INPUT="$f" TEMPLATES=templates/r1 OUTPUT="$o" WORK="$w"
        # one file on its own: the national workbook and PDF, as make runs them
        for r in xlsx pdf; do
            timed "file_$r" "$n" env FONTCONFIG_FILE="$PWD/render/fonts.conf" build/bin/taawun-$r --slice "$w/cube/MA.json" \
                --lang fr --templates templates/r1 --catalog input/catalog --output "$D/file_$n.$r"
        done
        if [ -z "${NO_PEER:-}" ]; then
            rm -rf "$D/peer_out_$n"
            (cd bench/peer && /usr/bin/time -v -o "../../$D/t" $PY peer.py "../../$f" "../../$D/peer_out_$n" > /dev/null 2>&1)
            read -r pw pr pc < <(gnu_time "$D/t")
            echo "$pw" >> "$D/peer.$n.walls"
            echo "$pr" >> "$D/peer.$n.rss"
            echo "$pc" >> "$D/peer.$n.cpu"
        fi
    done
    row floor "$n" "cJSON-only parse (floor)"
    row ingest "$n" "taawun-ingest"
    row aggregate "$n" "taawun-aggregate"
    row r1_render "$n" "R1 renderers only (26 files, make -j2)"
    row r1 "$n" "**R1 end to end (make -j2)**"
    # rendering cost per file: the renderers' CPU over the files they wrote
    files=$(find "$o" -maxdepth 1 -type f \( -name '*.xlsx' -o -name '*.pdf' \) | wc -l)
    eval "rc=\$C_r1_render_$n"
    echo "| $n | R1 rendering, per file (CPU of the renderers / $files files) | | $(awk -v c="$rc" -v k="$files" 'BEGIN { printf "%.3f", c / k }') | |" >> "$out"
    row file_xlsx "$n" "one file: the national workbook (taawun-xlsx)"
    row file_pdf "$n" "one file: the national PDF (taawun-pdf)"
    eval "fl=\$W_floor_$n ia=\$(awk -v a=\$W_ingest_$n -v b=\$W_aggregate_$n 'BEGIN { print a + b }') r1=\$W_r1_$n r1rss=\$R_r1_$n"
    echo "| $n | ingest + aggregate | $ia | | |" >> "$out"
    echo "| $n | (ingest + aggregate) / floor | $(ratio "$ia" "$fl")x | | |" >> "$out"
    if [ -s "$D/peer.$n.walls" ]; then
        row peer "$n" "peer (pandas, R1)"
        eval "pw=\$W_peer_$n"
        sp=$(ratio "$pw" "$r1")
        echo "| $n | **peer / taawun, R1** | ${sp}x | | |" >> "$out"
        want=$([ "$n" = 100000 ] && echo 30 || echo 20)
        targets+="| R1 at $n facts: ≥ ${want}× faster than the peer | ${sp}× | $(verdict "$sp" ">=" "$want") |"$'\n'
    fi
    if [ "$n" = 1000000 ]; then
        targets+="| R1 at 1M facts: peak memory ≤ 64 MiB | $r1rss MiB | $(verdict "$r1rss" "<=" 64) |"$'\n'
        targets+="| ingest + aggregate at 1M ≤ 1.5× the cJSON floor | $(ratio "$ia" "$fl")× | $(verdict "$(ratio "$ia" "$fl")" "<=" 1.5) |"$'\n'
    fi
done

if [ -z "${NO_DEMO:-}" ]; then
    demo=build/demo/synthetic-1000000.ndjson
    [ -s "$demo" ] || "${M[@]}" "$demo" DEMO_FACTS=1000000
    : > "$D/demo.1000000.walls"
    : > "$D/demo.1000000.rss"
    : > "$D/demo.1000000.cpu"
    for i in $(seq "$RUNS"); do
        echo "bench: demo, run $i of $RUNS" >&2
        rm -rf "$D/demo_out" "$D/demo_work"
        timed demo 1000000 "${M[@]}" -j2 reports INPUT="$demo" OUTPUT="$D/demo_out" WORK="$D/demo_work"
    done
    row demo 1000000 "demo: 88 scopes × ar, fr, workbooks and PDFs (make -j2)"
    targets+="| full demo from 1M facts < 10 s with make -j2 | $W_demo_1000000 s | $(verdict "$W_demo_1000000" "<=" 10) |"$'\n'
fi

# taawun-propose on a 1 000-word article (the seed articles' words, in order)
cat input/sources/*.txt | tr -s ' \n' '\n\n' | head -1000 | paste -sd' ' > "$D/article_1000w.txt"
: > "$D/propose.1000w.walls"
: > "$D/propose.1000w.rss"
: > "$D/propose.1000w.cpu"
for i in $(seq "$RUNS"); do
    timed propose 1000w build/bin/taawun-propose --output "$D/article_1000w.json" "$D/article_1000w.txt"
done
row propose 1000w "taawun-propose, one 1 000-word article"
targets+="| taawun-propose on a 1 000-word article < 50 ms | $W_propose_1000w s | $(verdict "$W_propose_1000w" "<=" 0.05) |"$'\n'

# taawun-propose on 10 000 figures in one sentence (no full stop): every
# figure's character offsets were counted from the start (161 s for 60 000
# before 2026-12-06), now from the figure before
seq 10000 | sed 's/$/ بتازناخت،/' | paste -sd' ' | sed 's/^/بلغت 1300 أسرة /' > "$D/article_10000n.txt"
: > "$D/propose.10000n.walls"
: > "$D/propose.10000n.rss"
: > "$D/propose.10000n.cpu"
timed propose 10000n build/bin/taawun-propose --output "$D/article_10000n.json" "$D/article_10000n.txt"
row propose 10000n "taawun-propose, 10 000 figures in one sentence"

{
echo
echo "| target | measured | |"
echo "|---|---|---|"
printf "%s" "$targets"
} >> "$out"
cat "$out"
