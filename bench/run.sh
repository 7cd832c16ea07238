#!/usr/bin/env bash
# make bench: job R1 (bench/peer/JOB-R1.md) on 100k and 1M facts, for the
# peer (pandas + XlsxWriter + matplotlib) and for taawun, in the same run,
# with a cJSON-only parse of the same file as the floor.  Input files are
# generated once and cached in bench/data/ (git-ignored).  Prints a table
# and writes bench/data/last-run.md; copy it into bench/RESULTS.md when
# performance changes.
set -eu
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
SIZES=${SIZES:-"100000 1000000"}
RUNS=${RUNS:-3}
D=bench/data
mkdir -p "$D"
cc -O2 -o "$D/cjson_floor" bench/cjson_floor.c -lcjson
make --no-print-directory -s all

gnu_time() {   # FILE -> "wall_s rss_mib"
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
                /Maximum resident set size/ { r = $2 / 1024 }
                END { printf "%.2f %.0f\n", w, r }' "$1"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

out="$D/last-run.md"
{
echo "# Benchmark run $(date -u +%Y-%m-%d)"
echo
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "Software: $(gcc --version | head -1); peer: Python $($PY -c 'import sys; print(sys.version.split()[0])'), pandas $($PY -c 'import pandas; print(pandas.__version__)')"
echo "Runs per measure: $RUNS (median shown)."
echo
echo "| facts | what | wall s | max RSS MiB |"
echo "|---|---|---|---|"
} > "$out"

for n in $SIZES; do
    f=$D/facts_$n.ndjson
    [ -s "$f" ] || $PY bench/peer/gen_facts.py --seed 1 --facts "$n" --out "$f"
    for what in floor ingest aggregate taawun_total peer; do
        : > "$D/$what.$n.walls"; : > "$D/$what.$n.rss"
    done
    for i in $(seq "$RUNS"); do
        /usr/bin/time -v -o "$D/t" "$D/cjson_floor" "$f" > /dev/null
        read -r w r < <(gnu_time "$D/t"); echo "$w" >> "$D/floor.$n.walls"; echo "$r" >> "$D/floor.$n.rss"
        rm -rf "$D/work_$n"
        /usr/bin/time -v -o "$D/t" build/bin/taawun-ingest -q -o "$D/work_$n/facts.tsv" -s "$D/work_$n/sources.json" "$f"
        read -r w1 r < <(gnu_time "$D/t"); echo "$w1" >> "$D/ingest.$n.walls"; echo "$r" >> "$D/ingest.$n.rss"
        /usr/bin/time -v -o "$D/t" build/bin/taawun-aggregate -q -f "$D/work_$n/facts.tsv" -s "$D/work_$n/sources.json" -o "$D/work_$n"
        read -r w2 r < <(gnu_time "$D/t"); echo "$w2" >> "$D/aggregate.$n.walls"; echo "$r" >> "$D/aggregate.$n.rss"
        echo "$w1 $w2" | awk '{ print $1 + $2 }' >> "$D/taawun_total.$n.walls"
        if [ -z "${NO_PEER:-}" ]; then
            rm -rf "$D/peer_out_$n"
            (cd bench/peer && /usr/bin/time -v -o "../../$D/t" $PY peer.py "../../$f" "../../$D/peer_out_$n" 2> /dev/null)
            read -r w r < <(gnu_time "$D/t"); echo "$w" >> "$D/peer.$n.walls"; echo "$r" >> "$D/peer.$n.rss"
        fi
    done
    for what in floor ingest aggregate taawun_total peer; do
        [ -s "$D/$what.$n.walls" ] || continue
        w=$(median < "$D/$what.$n.walls")
        r=$( [ -s "$D/$what.$n.rss" ] && median < "$D/$what.$n.rss" || echo "-")
        echo "| $n | $what | $w | $r |" >> "$out"
        eval "W_${what}_$n=$w"
    done
    eval "fl=\$W_floor_$n tot=\$W_taawun_total_$n"
    echo "| $n | ingest+aggregate / cJSON floor | $(awk -v a="$tot" -v b="$fl" 'BEGIN { printf "%.2fx", a / b }') | |" >> "$out"
    if [ -z "${NO_PEER:-}" ]; then
        eval "pw=\$W_peer_$n"
        echo "| $n | peer / (ingest+aggregate) | $(awk -v a="$pw" -v b="$tot" 'BEGIN { printf "%.1fx", a / b }') | |" >> "$out"
    fi
done
cat "$out"
