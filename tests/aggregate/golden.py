#!/usr/bin/python3
"""Golden aggregation tests: tests/aggregate/golden/*.test, plain text.

A test file holds MADE-UP documents (one JSON document per `doc:` line, the
facts format without "format") and the cells expected of the cube, one per
`expect:` line, as this script prints them:

    GEO PERIOD PROGRAMME INDICATOR [sex=S] [area=A] => VALUE QUALIFIER BASIS [partial]
        | reported: V Q SOURCE, ... | derived: BASIS V[Q] HAVE/OF [partial], ... | flags: F,...
        [| only: [sex=S] [area=A] [partial]]   (a figure for one sex or one area only)

(`-` where a list is empty); an `absent: KEY` line expects no such cell; a
`headline: SCOPE INDICATOR => PERIOD VALUE QUALIFIER BASIS [partial] [| only: ...]` line
expects that headline figure of the scope's slice; a
`parts: GEO PERIOD PROGRAMME INDICATOR => N SUM` line expects the centres'
facts a cell's "facilities" sum lists in its own territory's slice: how
many, and their sum; a `terms: GEO PERIOD PROGRAMME INDICATOR => BASIS: DIM=CODE V + ...
= SUM; ...` line expects the values each sum that disagrees added up.
Lines starting with # are comments.  Run with
--update NAME to print what a test gives now."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "build", "bin")
GOLDEN = os.path.join(os.path.dirname(os.path.abspath(__file__)), "golden")


def parse(path):
    docs, expects = [], []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, _, rest = line.partition(":")
            if kind == "doc":
                docs.append(json.loads(rest))
            elif kind == "expect":
                expects.append(rest.strip())
            elif kind == "headline":
                expects.append("headline " + rest.strip())
            elif kind == "terms":
                expects.append("terms " + rest.strip())
            elif kind == "parts":
                expects.append("parts " + rest.strip())
            elif kind == "absent":
                expects.append(rest.strip() + " => (no such cell)")
            else:
                sys.exit("%s:%d: unknown line (expected doc:, expect:, absent:, headline:, parts:, terms: or #)" % (path, n))
    return docs, expects


def num(v):
    return ("%d" % v) if float(v).is_integer() else ("%.10g" % v)


def render(c):
    key = [c["geo"], c["period"], c["programme"], c["indicator"]]
    if c["sex"]:
        key.append("sex=" + c["sex"])
    if c["area"]:
        key.append("area=" + c["area"])
    head = "%s => %s %s %s%s" % (" ".join(key), num(c["value"]), c["qualifier"], c["basis"],
                                  " partial" if c["partial"] else "")
    rep = ", ".join("%s %s %s" % (num(r["value"]), r["qualifier"], r["source"]) for r in c["reported"]) or "-"
    der = ", ".join("%s %s%s %d/%d%s" % (d["basis"], num(d["value"]),
                                         " " + d["qualifier"] if d.get("qualifier") else "",
                                         d["have"], d["of"], " partial" if d["partial"] else "")
                    for d in c["derived"]) or "-"
    flags = ",".join(c["flags"]) or "-"
    only = ""
    if "only" in c:   # a figure for one sex or one area only
        only = " | only: %s%s" % (" ".join("%s=%s" % (k, c["only"][k]) for k in ("sex", "area") if k in c["only"]),
                                   " partial" if c["only"]["partial"] else "")
    return "%s | reported: %s | derived: %s | flags: %s%s" % (head, rep, der, flags, only)


def key_of(line):
    return line.split(" => ")[0]


def run_test(path, tmp):
    docs, expects = parse(path)
    inp = os.path.join(tmp, "in")
    os.makedirs(inp)
    for i, d in enumerate(docs):
        d = dict(format="entraide-facts/1", **d)
        with open(os.path.join(inp, "%02d.json" % i), "w", encoding="utf-8") as f:
            json.dump(d, f, ensure_ascii=False)
    work = os.path.join(tmp, "work")
    r = subprocess.run([BIN + "/taawun-ingest", "-q", "-c", ROOT + "/input/catalog", "-o", work + "/facts.tsv",
                        "-s", work + "/sources.json", inp], capture_output=True, text=True)
    if r.returncode:
        return None, expects, "ingest: " + r.stderr
    r = subprocess.run([BIN + "/taawun-aggregate", "-q", "-c", ROOT + "/input/catalog", "-f", work + "/facts.tsv",
                        "-s", work + "/sources.json", "-o", work], capture_output=True, text=True)
    if r.returncode:
        return None, expects, "aggregate: " + r.stderr
    got = {}
    for f in sorted(os.listdir(work + "/cube")):
        sl = json.load(open(os.path.join(work, "cube", f), encoding="utf-8"))
        for c in sl["cells"]:
            line = render(c)
            got.setdefault(key_of(line), line)
            sums = ["%s: %s = %s" % (d["basis"], " + ".join(
                        "%s=%s %s%s" % (k, t[k], num(t["value"]), " " + t["qualifier"] if "qualifier" in t else "")
                        for t in d.get("terms", []) for k in ("geo", "period", "programme", "sex", "area") if k in t),
                        num(d["value"])) for d in c["derived"] if d.get("disagrees")]
            if sums:
                tline = "terms %s => %s" % (key_of(line), "; ".join(sums))
                got.setdefault(key_of(tline), tline)
            for d in c["derived"]:
                if "parts" in d and c["geo"] == sl["scope"]["code"]:
                    pline = "parts %s => %d %s" % (key_of(line), len(d["parts"]), num(sum(p["value"] for p in d["parts"])))
                    got[key_of(pline)] = pline
        for h in sl.get("headlines", []):
            line = "headline %s %s => %s %s %s %s%s" % (sl["scope"]["code"] if isinstance(sl.get("scope"), dict) else f[:-5],
                                                       h["indicator"], h["period"], num(h["value"]), h["qualifier"],
                                                       h["basis"], " partial" if h["partial"] else "")
            if "only" in h:
                line += " | only: %s%s" % (" ".join("%s=%s" % (k, h["only"][k]) for k in ("sex", "area") if k in h["only"]),
                                           " partial" if h["only"]["partial"] else "")
            got[key_of(line)] = line
    return got, expects, ""


def main():
    update = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--update" else None
    for name in sorted(os.listdir(GOLDEN)):
        if not name.endswith(".test") or (update and name != update):
            continue
        with tempfile.TemporaryDirectory(prefix="taawun-golden-") as tmp:
            got, expects, err = run_test(os.path.join(GOLDEN, name), tmp)
        if update:
            for e in expects:
                g = (got or {}).get(key_of(e), "(no such cell)")
                print(("headline: " + g[9:]) if g.startswith("headline ") else
                      ("parts: " + g[6:]) if g.startswith("parts ") else
                      ("terms: " + g[6:]) if g.startswith("terms ") else "expect: " + g)
            print(err, end="")
            return 0
        if got is None:
            check("%s: %s" % (name, err.strip()), False)
            continue
        for e in expects:
            g = got.get(key_of(e), key_of(e) + " => (no such cell)")
            check("%s: %s" % (name, key_of(e)), g == e, "\n#   expected: %s\n#   got:      %s" % (e, g))
    finish()


if __name__ == "__main__":
    sys.exit(main())
