#!/usr/bin/python3
"""Scores taawun-propose against hand-made facts (make score-propose).

Runs the program on each article, matches its proposals one to one with the
hand facts of the same article, at four levels:
  value; value+indicator; value+indicator+programme;
  value+indicator+programme+geo+period (full key),
and prints precision, recall and F1 per level and the qualifier accuracy on
the facts matched at value+indicator.

Sets: the seeds (hand facts input/*.json, texts input/sources/, dev) and the
articles of a folder with INDEX.csv (<id>.txt, <id>.json; column "set" (or "split"):
dev or test).  A publication date given in the hand document's source is
passed with --published, as a reviewer would from the clipping; INDEX.csv is
passed with --index (its published column, as make propose does)."""
import argparse, csv, json, os, subprocess, sys, tempfile

LEVELS = ["value", "value+indicator", "value+indicator+programme", "full key"]


def key(f, level):
    v = round(float(f["value"]), 6)
    if level == 0: return (v,)
    if level == 1: return (v, f["indicator"])
    if level == 2: return (v, f["indicator"], f["programme"])
    return (v, f["indicator"], f["programme"], f["geo"], f["period"])


def match(prop, gold, level):
    used = [False] * len(gold)
    pairs = []
    for p in prop:
        for j, g in enumerate(gold):
            if not used[j] and key(p, level) == key(g, level):
                used[j] = True
                pairs.append((p, g))
                break
    return pairs


def propose(binary, catalog, text, hand, tmp):
    out = os.path.join(tmp, "p.json")
    cmd = [binary, "--catalog", catalog, "--output", out]
    pub = hand.get("source", {}).get("published")
    if pub:
        cmd += ["--published", pub]
    index = os.path.join(os.path.dirname(text), "INDEX.csv")
    if os.path.isfile(index):   # else the index's date, as make propose does
        cmd += ["--index", index]
    cmd.append(text)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("taawun-propose failed on %s (exit %d): %s" % (text, r.returncode, r.stderr))
    with open(out, encoding="utf-8") as f:
        return json.load(f)["facts"]


def score(name, items, binary, catalog, verbose):
    tot = [[0, 0, 0] for _ in LEVELS]   # matched, proposed, gold
    q_ok = q_n = 0
    with tempfile.TemporaryDirectory() as tmp:
        for text, hand_path in items:
            with open(hand_path, encoding="utf-8") as f:
                hand = json.load(f)
            gold = hand["facts"]
            prop = propose(binary, catalog, text, hand, tmp)
            for lv in range(len(LEVELS)):
                m = match(prop, gold, lv)
                tot[lv][0] += len(m); tot[lv][1] += len(prop); tot[lv][2] += len(gold)
                if lv == 1:
                    for p, g in m:
                        q_n += 1
                        q_ok += p.get("qualifier", "exact") == g.get("qualifier", "exact")
            if verbose:
                m = match(prop, gold, 3)
                print("  %-40s proposed %2d  hand %2d  full-key matches %2d" %
                      (os.path.basename(text), len(prop), len(gold), len(m)))
    print("%s: %d articles" % (name, len(items)))
    res = {}
    for lv, (m, p, g) in enumerate(tot):
        P = m / p if p else 0.0
        R = m / g if g else 0.0
        F = 2 * P * R / (P + R) if P + R else 0.0
        res[LEVELS[lv]] = F
        print("  %-28s P %.3f  R %.3f  F1 %.3f   (%d matched, %d proposed, %d hand)" % (LEVELS[lv], P, R, F, m, p, g))
    print("  qualifier accuracy on value+indicator matches: %s" %
          ("%.3f (%d/%d)" % (q_ok / q_n, q_ok, q_n) if q_n else "n/a"))
    return res


def lang(hand_path):
    with open(hand_path, encoding="utf-8") as f:
        return json.load(f).get("source", {}).get("lang", "ar")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", default="build/bin/taawun-propose")
    ap.add_argument("--catalog", default="input/catalog")
    ap.add_argument("--seeds", default="input", help="folder of the seed hand facts (texts in its sources/)")
    ap.add_argument("--articles", default="tests/propose/articles", help="folder with INDEX.csv")
    ap.add_argument("--sets", default="", help="comma-separated sets of INDEX.csv to score (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    seeds = []
    for n in sorted(os.listdir(a.seeds)):
        if not n.endswith(".json"):
            continue
        p = os.path.join(a.seeds, n)
        with open(p, encoding="utf-8") as f:
            src = json.load(f).get("source", {})
        t = os.path.join(a.seeds, "sources", src.get("file", ""))
        if src.get("file") and os.path.isfile(t):
            seeds.append((t, p))
    score("seeds (dev)", seeds, a.bin, a.catalog, a.verbose)
    index = os.path.join(a.articles, "INDEX.csv")
    if not os.path.isfile(index):
        print("articles: no %s: not scored" % index)
        return
    sets = {}
    with open(index, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            aid = row.get("id") or row.get("article") or ""
            t, h = os.path.join(a.articles, aid + ".txt"), os.path.join(a.articles, aid + ".json")
            if aid and os.path.isfile(t) and os.path.isfile(h):
                sets.setdefault((row.get("set") or row.get("split") or "dev").strip(), []).append((t, h))
    wanted = [x for x in a.sets.split(",") if x]
    for s in sorted(sets):
        if wanted and s not in wanted:
            continue
        score("articles (%s)" % s, sets[s], a.bin, a.catalog, a.verbose)
        # taawun-propose reads Arabic: an article in French gets an empty
        # document with a note (issue 16); the Arabic ones alone:
        ar = [(t, h) for t, h in sets[s] if lang(h) == "ar"]
        if len(ar) != len(sets[s]):
            score("articles (%s, Arabic only)" % s, ar, a.bin, a.catalog, False)


if __name__ == "__main__":
    main()
