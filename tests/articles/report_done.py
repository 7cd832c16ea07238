#!/usr/bin/python3
"""Issue 13's "done when", read back as a reader would (pdftotext, openpyxl):

    report_done.py NAME INPUT_DIR OUTPUT_DIR CUBE_DIR

on the reports `make reports INPUT=INPUT_DIR` wrote into OUTPUT_DIR (slices
in CUBE_DIR):

1. every figure of every fact is visible in the PDF body of its territory's
   report, in French and in Arabic: a number of the text before the list of
   sources (not only in it);
2. each headline figure is on the cover with its own period, and the
   tables by programme carry a period in each row and the headlines'
   figure in their total (the latest complete one, not one period per
   report);
3. no PDF page and no workbook sheet holds only "no data".

Prints "ok - ..." / "not ok - ..." and "N passed, N failed"."""
import glob
import json
import os
import re
import subprocess
import sys
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

import openpyxl  # noqa: E402

NAME, INPUT, OUT, CUBE = sys.argv[1:5]
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
LABELS = json.load(open(os.path.join(ROOT, "templates", "labels.json"), encoding="utf-8"))
LANGS = ("fr", "ar")


def pdf_pages(path):
    t = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", path, "-"], capture_output=True, text=True).stdout
    t = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", unicodedata.normalize("NFC", t))
    return t.split("\f")[:-1]


def numbers(text, lang):
    """The numbers a reader sees, as canonical strings ("10548", "47.81"):
    French groups thousands with a space and has a decimal comma; Arabic
    reports group with a comma and have a decimal point."""
    if lang == "fr":
        pat, group, dec = r"(?<![\d,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?!\d)|(?<![\d,])\d+(?:,\d+)?(?!\d)", " \u00a0\u202f", ","
    else:
        pat, group, dec = r"(?<![\d.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|(?<![\d.])\d+(?:\.\d+)?(?!\d)", ",", "."
    found = set()
    for m in re.findall(pat, text):
        s = "".join(ch for ch in m if ch not in group).replace(dec, ".")
        found.add(s)
    return found


def canon(v):
    if float(v) == int(v):
        return str(int(v))
    return ("%.2f" % v).rstrip("0").rstrip(".")


def body(pages, lang):
    """The report before its list of sources (the heading "Source")."""
    text = "\n".join(pages)
    head = LABELS[lang]["source"]
    cut = [m.start() for m in re.finditer(r"^\s*%s\s*$" % re.escape(head), text, re.M)]
    return text[:cut[-1]] if cut else text


facts = []
for path in sorted(glob.glob(os.path.join(INPUT, "*.json"))):
    doc = json.load(open(path, encoding="utf-8"))
    facts += [(doc["source"]["id"], f) for f in doc.get("facts", [])]
check("%s: facts read (%d)" % (NAME, len(facts)), len(facts) > 0)

# ---- 1. every figure in the body of its territory's report
pages_of = {}
for lang in LANGS:
    missing = []
    for src, f in facts:
        key = (f["geo"], lang)
        if key not in pages_of:
            p = os.path.join(OUT, "%s-%s.pdf" % key)
            pages_of[key] = pdf_pages(p) if os.path.exists(p) else []
        if canon(f["value"]) not in numbers(body(pages_of[key], lang), lang):
            missing.append("%s:%s %s %s %s=%s" % (src, f["geo"], f["period"], f["programme"], f["indicator"], canon(f["value"])))
    check("%s %s: every figure of the %d facts is in the PDF body of its territory (not only its sources)"
          % (NAME, lang, len(facts)), not missing, "%d missing: %s" % (len(missing), missing[:8]))

# ---- 2. headlines with their periods; tables with a period in each row
for cube in sorted(glob.glob(os.path.join(CUBE, "*.json"))):
    sl = json.load(open(cube, encoding="utf-8"))
    code = sl["scope"]["code"]
    heads = [h for h in sl.get("headlines", []) if h["indicator"] in ("centres", "beneficiaries", "female_share_pct", "budget_mad")]
    for lang in LANGS:
        pages = pages_of.get((code, lang))
        if pages is None:
            p = os.path.join(OUT, "%s-%s.pdf" % (code, lang))
            pages = pages_of[(code, lang)] = pdf_pages(p) if os.path.exists(p) else []
        if not pages:
            check("%s %s-%s: the PDF exists" % (NAME, code, lang), False)
            continue
        cover = pages[0]
        bad = [(h["indicator"], h["period"], h["value"]) for h in heads
               if canon(h["value"]) not in numbers(cover, lang) or h["period"] not in cover]
        check("%s %s-%s: the cover shows each headline figure with its period (%d)" % (NAME, code, lang, len(heads)),
              not bad, bad)
    # the workbook's programmes table: a period in each row, no row without a figure,
    # its total the headline (latest complete) figure
    p = os.path.join(OUT, "%s-fr.xlsx" % code)
    wb = openpyxl.load_workbook(p, read_only=True)
    if "Programmes" in wb.sheetnames:
        rows = [r for r in wb["Programmes"].iter_rows(values_only=True)]
        hdr = [i for i, r in enumerate(rows) if r and r[0] == LABELS["fr"]["programme"]]
        if check("%s %s-fr: the Programmes sheet has its table" % (NAME, code), hdr, rows[:4]):
            h = rows[hdr[0]]
            per = h.index(LABELS["fr"]["period"]) if LABELS["fr"]["period"] in h else None
            body_rows = []
            for r in rows[hdr[0] + 1:]:
                if not r or r[0] in (None, LABELS["fr"]["sum_of_rows"], LABELS["fr"]["reported_total"]):
                    break
                body_rows.append(r)
            figs = [i for i, x in enumerate(h) if x not in (None, LABELS["fr"]["programme"], LABELS["fr"]["period"], LABELS["fr"]["flags"])]
            empty = [r[0] for r in body_rows if not any(isinstance(r[i], (int, float)) for i in figs)]
            check("%s %s-fr: each programme row has its period and a figure (%d rows)" % (NAME, code, len(body_rows)),
                  per is not None and all(r[per] for r in body_rows) and not empty, (h, empty))
            own = [r for r in rows if r and r[0] == LABELS["fr"]["reported_total"]]
            cen = [h_ for h_ in heads if h_["indicator"] == "centres" and not h_["partial"]]
            if own and cen and per is not None:
                c = h.index("Centres") if "Centres" in h else None
                check("%s %s-fr: the programmes' total is the headline centres figure %s (%s)"
                      % (NAME, code, canon(cen[0]["value"]), cen[0]["period"]),
                      c is not None and own[0][c] == cen[0]["value"] and own[0][per] == cen[0]["period"], own[0])
    wb.close()

# ---- 3. no page, no sheet of only "no data"
for lang in LANGS:
    nodata = LABELS[lang]["no_data"]
    empty_pages = []
    for pdf in sorted(glob.glob(os.path.join(OUT, "*-%s.pdf" % lang))):
        for i, pg in enumerate(pdf_pages(pdf)):
            lines = [l.strip() for l in pg.splitlines() if l.strip()]
            content = lines[1:-1]   # without the running header and the footer
            if nodata in pg and len([l for l in content if nodata not in l]) < 4:
                empty_pages.append("%s p%d" % (os.path.basename(pdf), i + 1))
    check("%s %s: no PDF page holds only '%s'" % (NAME, lang, nodata), not empty_pages, empty_pages[:10])
    # a name broken letter by letter in a column too narrow for it: lines
    # whose first (or, right to left, last) column is one letter ("P", "r", "o")
    one_letter = re.compile(r"(?m)(^\s*[^\W\d_]-?(\s{2,}|$))|((^|\s{2,})[^\W\d_]-?\s*$)")
    broken = []
    for pdf in sorted(glob.glob(os.path.join(OUT, "*-%s.pdf" % lang))):
        for i, pg in enumerate(pdf_pages(pdf)):
            if len(one_letter.findall(pg)) >= 3:
                broken.append("%s p%d" % (os.path.basename(pdf), i + 1))
    check("%s %s: no table breaks a name letter by letter" % (NAME, lang), not broken, broken[:10])
    empty_sheets = []
    for x in sorted(glob.glob(os.path.join(OUT, "*-%s.xlsx" % lang))):
        wb = openpyxl.load_workbook(x, read_only=True)
        for ws in wb.worksheets:
            vals = [v for r in ws.iter_rows(values_only=True) for v in r if v not in (None, "")]
            if any(isinstance(v, str) and nodata in v for v in vals) and len(vals) <= 4:
                empty_sheets.append("%s/%s" % (os.path.basename(x), ws.title))
        wb.close()
    check("%s %s: no workbook sheet holds only '%s'" % (NAME, lang, nodata), not empty_sheets, empty_sheets[:10])
finish()
