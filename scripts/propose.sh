#!/usr/bin/env bash
# make propose: taawun-propose on each ARTICLES/<id>.txt, into PROPOSED/<id>.json,
# for a person to review (docs/propose.md).  Article names are data: they are
# passed as quoted arguments, never to make or to a shell as code.  A proposal
# newer than its article is kept (it may be under review).  An article whose
# name is no source id (letters, digits, - and _) is refused by taawun-propose
# with a message; the others are still proposed, and the run exits 1.
# usage: scripts/propose.sh PROPOSE-PROGRAM CATALOG ARTICLES PROPOSED
set -euo pipefail
prog=$1 cat=$2 articles=$3 proposed=$4
[ -d "$articles" ] || { echo "propose: $articles: no such folder (expected ARTICLES=a folder of <id>.txt articles)" >&2; exit 2; }
mkdir -p -- "$proposed"
index=
[ ! -f "$articles/INDEX.csv" ] || index=$articles/INDEX.csv
failed=0
while IFS= read -r -d '' txt; do
    name=${txt##*/}
    out=$proposed/${name%.txt}.json
    if [ -e "$out" ] && [ "$out" -nt "$txt" ] && [ "$out" -nt "$prog" ]; then
        continue
    fi
    echo "propose: $txt -> $out"
    # one article refused (a name that is no source id, bad text) does not
    # stop the others; the run then fails
    if [ -n "$index" ]; then
        "$prog" --catalog "$cat" --index "$index" --output "$out" -- "$txt" || failed=1
    else
        "$prog" --catalog "$cat" --output "$out" -- "$txt" || failed=1
    fi
done < <(find "$articles" -maxdepth 1 -type f -name '*.txt' -print0 | sort -z)
exit "$failed"
