#!/usr/bin/python3
"""The structure tree of the PDF reports, read from `qpdf --json`: each is a
tagged PDF in its language (/Lang, /MarkInfo), one Document element over
headings, paragraphs, tables (rows of header and data cells) and figures,
and each figure's alternative text states the chart's figures."""
import json
import os
import re
import subprocess
import sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

OUT = sys.argv[1]


def load(pdf):
    j = json.loads(subprocess.run(["qpdf", "--json=2", pdf], capture_output=True, text=True).stdout)
    objs = j["qpdf"][1]
    return objs, objs["trailer"]["value"]


def deref(objs, v):
    # an indirect reference "N G R" stands for its object's value
    if isinstance(v, str) and re.fullmatch(r"\d+ \d+ R", v):
        return objs["obj:" + v].get("value")
    return v


def text(v):
    # qpdf writes text strings as "u:..." (decoded); spaces folded for comparison
    return re.sub(r"[\u00a0\u202f\u2009 ]+", " ", v[2:]) if isinstance(v, str) and v.startswith("u:") else None


def walk(objs, node, out, parent_s=None, depth=0):
    """Structure elements under node, depth first: (S, dict, parent S)."""
    node = deref(objs, node)
    if depth > 50:
        return
    if isinstance(node, list):
        for k in node:
            walk(objs, k, out, parent_s, depth + 1)
    elif isinstance(node, dict) and "/S" in node:
        out.append((node["/S"][1:], node, parent_s))
        if "/K" in node:
            walk(objs, node["/K"], out, node["/S"][1:], depth + 1)


pdfs = sorted(f for f in os.listdir(OUT) if f.endswith(".pdf"))
check("PDFs to check (12)", len(pdfs) == 12, pdfs)
alts = {}
for f in pdfs:
    path = os.path.join(OUT, f)
    lang = f.rsplit("-", 1)[1][:2]
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
    check("%s: pdfinfo says Tagged: yes" % f, re.search(r"^Tagged: +yes$", info, re.M), info)
    objs, trailer = load(path)
    cat = deref(objs, trailer["/Root"])
    check("%s: /Lang %s" % (f, lang), text(cat.get("/Lang")) == lang, cat.get("/Lang"))
    check("%s: /MarkInfo /Marked true" % f, deref(objs, cat.get("/MarkInfo", {})).get("/Marked") is True, cat.get("/MarkInfo"))
    root = deref(objs, cat.get("/StructTreeRoot"))
    check("%s: a StructTreeRoot" % f, isinstance(root, dict) and root.get("/Type") == "/StructTreeRoot", root)
    if not isinstance(root, dict):
        continue
    top = deref(objs, root.get("/K"))
    check("%s: one Document element at the top" % f, isinstance(top, dict) and top.get("/S") == "/Document", top)
    elems = []
    walk(objs, root.get("/K"), elems)
    count = {}
    for s, _, _ in elems:
        count[s] = count.get(s, 0) + 1
    check("%s: one H1 (the territory), H2 headings (%d)" % (f, count.get("H2", 0)), count.get("H1") == 1 and count.get("H2", 0) >= 2, count)
    check("%s: paragraphs (%d)" % (f, count.get("P", 0)), count.get("P", 0) >= 5, count)
    check("%s: tables (%d) with header cells (%d) and data cells (%d)" % (f, count.get("Table", 0), count.get("TH", 0), count.get("TD", 0)),
          count.get("Table", 0) >= 1 and count.get("TH", 0) >= 2 and count.get("TD", 0) >= 2, count)
    # the national report draws no chart (its trend joins no two complete
    # figures, and its programmes table has none): every other one does
    if not f.startswith("MA-ar") and not f.startswith("MA-fr"):
        check("%s: figures (%d)" % (f, count.get("Figure", 0)), count.get("Figure", 0) >= 1, count)
    bad = [(s, p) for s, _, p in elems if (s == "TR" and p != "Table") or (s in ("TH", "TD") and p != "TR")
           or (s in ("H1", "H2", "P", "Table", "Figure") and p != "Document")]
    check("%s: TR in Table, TH/TD in TR, blocks in Document" % f, not bad, bad[:5])
    # each table's first row is its header row, the others data rows
    heads_ok = True
    for s, e, _ in elems:
        if s == "Table":
            rows = [deref(objs, r) for r in (deref(objs, e["/K"]) if isinstance(deref(objs, e["/K"]), list) else [e["/K"]])]
            cells = [[deref(objs, c)["/S"] for c in (deref(objs, r["/K"]) if isinstance(deref(objs, r["/K"]), list) else [r["/K"]])] for r in rows]
            heads_ok &= len(cells) >= 2 and set(cells[0]) == {"/TH"} and all(set(c) == {"/TD"} for c in cells[1:])
    check("%s: each table: a row of TH, then rows of TD" % f, heads_ok)
    leaves = [e for s, e, _ in elems if s in ("H1", "H2", "P", "TH", "TD")]
    check("%s: every heading, paragraph and cell marks content on a page (%d)" % (f, len(leaves)),
          all("/Pg" in e and isinstance(deref(objs, e.get("/K")), (int, list)) for e in leaves))
    fa = [text(e.get("/Alt")) for s, e, _ in elems if s == "Figure"]
    check("%s: every figure has an alternative text" % f, all(a and len(a) > 20 for a in fa), fa)
    alts[f] = fa

# the alternative texts state the charts' figures, as the labels write them
a = alts.get("MA-06-fr.pdf", [])
check("MA-06 fr: figure 1 alt, title and figures",
      a and a[0].startswith("Bénéficiaires par programme, 2011/2012.") and "Jardins d'enfants : 1 175" in a[0]
      and "Centres d'éducation et de formation : 7 284" in a[0] and "Alphabétisation : 2 326" in a[0], a[:1])
check("MA-06 fr: figure 2 alt, centres by programme",
      len(a) > 1 and a[1].startswith("Répartition des centres par programme.") and "Centres d'éducation et de formation : 88" in a[1], a[1:2])
a = alts.get("MA-06-ar.pdf", [])
check("MA-06 ar: figure 1 alt, in Arabic, with the figures",
      a and a[0].startswith("المستفيدون حسب البرنامج، 2011/2012.") and "رياض الأطفال: 1,175" in a[0]
      and "مراكز التربية والتكوين: 7,284" in a[0], a[:1])
finish()
