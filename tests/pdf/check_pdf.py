#!/usr/bin/python3
"""Reads the seed PDF reports back (pdftotext, pdffonts, pdfinfo, qpdf) and
checks what a reader would: labels and figures in both languages, Arabic in
logical order, fonts embedded, a valid file, outline and metadata."""
import json
import os
import re
import subprocess
import sys
import unicodedata
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

OUT = sys.argv[1]


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def text(pdf):
    t = run("pdftotext", "-layout", "-enc", "UTF-8", pdf, "-").stdout
    # poppler wraps right-to-left runs in bidi controls: drop them
    t = re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", t)
    # thousands separators may be narrow no-break spaces: fold every space
    return re.sub(r"[\u00a0\u202f\u2009 ]+", " ", unicodedata.normalize("NFC", t))


def digits(s):
    return re.sub(r"[\u00a0\u202f\u2009 ,]", "", s)


pdfs = sorted(f for f in os.listdir(OUT) if f.endswith(".pdf"))
check("a PDF per scope and language (12)", len(pdfs) == 12, pdfs)

for f in pdfs:
    path = os.path.join(OUT, f)
    q = run("qpdf", "--check", path)
    check("%s: qpdf --check" % f, q.returncode == 0, q.stdout[-300:])
    fonts = run("pdffonts", path).stdout.splitlines()[2:]
    check("%s: every font embedded (%d)" % (f, len(fonts)), fonts and all(" yes " in l.split("  ", 1)[1] or l.split()[-5] == "yes" for l in fonts),
          "\n".join(fonts))
    # text in Noto; symbols Noto lacks (≥) fall back to DejaVu, embedded too
    check("%s: text fonts are Noto" % f, fonts and any("NotoSans-" in l for l in fonts) and all("Noto" in l or "DejaVu" in l for l in fonts),
          "\n".join(fonts))
    info = run("pdfinfo", path).stdout
    check("%s: A4 pages" % f, "595.28 x 841.89 pts (A4)" in info, info)
    check("%s: author and title set" % f, re.search(r"^Author: +Entraide Nationale$", info, re.M) and "Title:" in info, info)
    outl = json.loads(run("qpdf", "--json=2", "--json-key=outlines", path).stdout).get("outlines", [])
    check("%s: an outline entry per section (%d)" % (f, len(outl)), len(outl) >= 3, outl)

t = text(os.path.join(OUT, "MA-06-fr.pdf"))
for s in ("Casablanca-Settat", "Jardins d'enfants", "Centres d'éducation et de formation", "Bilan des programmes sociaux, 2011/2012"):
    check("MA-06 fr: text %r" % s, s in t)
d = digits(t)
for n in ("1175", "7284", "14108", "190", "2326"):
    check("MA-06 fr: figure %s" % n, n in d)
check("MA-06 fr: page numbers", re.search(r"Page 1 / \d", t))
check("MA-06 fr: a source quote", "مستفيدا" in t and "1175" in digits(t))

# lam-alef ligatures (one glyph for two letters) extract as their letters, in
# order, in every Arabic report: words of the labels and of the seed quotes
for f in sorted(p for p in pdfs if p.endswith("-ar.pdf")):
    t = text(os.path.join(OUT, f))
    # (the female share's column, with "الإناث", is only where it has a figure)
    for s in ("الاجتماعية", "الأطفال") + (("الإناث",) if f in ("MA-ar.pdf", "MA-06-ar.pdf") else ()):
        check("%s: lam-alef word %r extracts" % (f, s), s in t)
    check("%s: no lam-alef extracted backwards (%d)" % (f, t.count("االجتماعية") + t.count("االإ")),
          "االجتماعية" not in t and "االإ" not in t and "\ufefb" not in t)
t = text(os.path.join(OUT, "MA-06-ar.pdf"))
for s in ("الأطفال", "الاستئناس", "خلال"):
    check("MA-06 ar: lam-alef in a seed quote or label %r" % s, s in t)
# lam + alef maksura is a ligature of the font too
check("MA-06 ar: 'إلى' (lam-alef maksura ligature) in the seed quotes (6)", t.count("إلى") == 6, t.count("إلى"))
for s in ("الدار البيضاء-سطات", "رياض", "مراكز التربية والتكوين", "المستفيدون", "المركبات"):
    check("MA-06 ar: Arabic in logical order %r" % s, s in t)
d = digits(t)
for n in ("1175", "7284", "14108", "190"):
    check("MA-06 ar: figure %s (Western digits)" % n, n in d)
check("MA-06 ar: no Arabic-Indic digits", not re.search("[\u0660-\u0669]", t))

t = text(os.path.join(OUT, "MA-LAA-fr.pdf"))
check("Laâyoune fr: the citizen houses' own facts are cited (242, 240, 335)", all(n in t for n in ("242", "240", "335")) and "MA-LAA/citizen-house-3" in t)
t = text(os.path.join(OUT, "MA-fr.pdf"))
check("national fr: period 2015 with reported totals", "2015" in t and "3988" in digits(t) and "493970" in digits(t))
check("national fr: 'plus de' for at_least 493 970", "plus de 493" in t)
# the cover's tiles: each figure its own period; the budget, known only as
# Azilal's partial sum of 2019, says so and never stands beside 2015 as whole
cover = t.split("\f")[0]
check("national fr cover: centres and beneficiaries of 2015, budget of 2019 partial",
      re.search(r"2015 · déclaré", cover) and "≥ 2 796 000" in cover.replace("\u202f", " ") and "2019 ·" in cover, cover)
check("national fr cover: no tile says 'Pas de données'", "Pas de données" not in cover, cover)
t = text(os.path.join(OUT, "MA-AZI-fr.pdf"))
cover = t.split("\f")[0]
check("Azilal fr cover: the sum of 3 programmes' centres is partial (≥ 102), not Azilal's total", "≥ 102" in cover, cover)
# things handed out are named in the reader's language, not by their code
check("Azilal fr: items named ('fauteuil roulant'), no code 'wheelchair'", "fauteuil roulant" in t and "wheelchair" not in t)
ta = text(os.path.join(OUT, "MA-AZI-ar.pdf"))
check("Azilal ar: items named ('كرسي متحرك'), no code 'hearing_aid'", "كرسي متحرك" in ta and "hearing_aid" not in ta)
t = text(os.path.join(OUT, "MA-05-fr.pdf"))
check("MA-05 fr: Azilal's figures, partial (≥ 2 476)", "≥ 2 476" in t or "≥ 2476" in t, t[:2000])
check("MA-05 fr: coverage 1/5 said", "1/5" in t)
# the trend page only where the trend has two periods: MA-06 has figures for
# 2011 (a budget) and 2011/2012, but beneficiaries only for 2011/2012
t = text(os.path.join(OUT, "MA-06-fr.pdf"))
check("MA-06 fr: no trend page (one period of beneficiaries)", "Évolution des bénéficiaires" not in t)
t = text(os.path.join(OUT, "MA-fr.pdf"))
check("national fr: a trend page (beneficiaries in 2011/2012, 2015, 2019)", "Évolution des bénéficiaires" in t)
# ... but no trend line: 2011/2012 (two regions) and 2019 (one province) are
# partial sums, 2015 the complete figure; no series joins two complete points
# (the chart's title "Évolution des bénéficiaires" would stand beside the
# table's "Évolution des bénéficiaires par programme")
check("national fr: no line chart joins partial sums to the complete 2015 figure",
      t.count("Évolution des bénéficiaires") == t.count("Évolution des bénéficiaires par programme") == 1,
      t.count("Évolution des bénéficiaires"))
# what the source said beside a figure is a footnote under its table: the
# territory it was reported for (Casablanca's seed names the pre-2015
# region), an assumed period (Laâyoune's undated article), the note
t = text(os.path.join(OUT, "MA-06-fr.pdf"))
check("MA-06 fr: 190 centres reported for the pre-2015 region, a footnote says so",
      re.search(r"\b190 \[\d+\]", t) and "Déclaré pour" in t and "région d'avant 2015" in t, t[:3000])
check("MA-06 fr: a fact's note is shown (Literacy spaces counted among the 190 centres)",
      "Literacy spaces" in t and "counted among the 190 centres" in t)
t = text(os.path.join(OUT, "MA-LAA-fr.pdf"))
check("Laâyoune fr: its figures' period is marked assumed", "période déduite (2011/2012)" in t, t[:3000])
t = text(os.path.join(OUT, "MA-06-ar.pdf"))
check("MA-06 ar: the footnote in Arabic (مصرح به لـ, جهة ما قبل 2015)", "مصرح به لـ" in t and "جهة ما قبل" in t)

# sparse data, short reports: a page marked "flow" continues the page
# before, so the observations never stand alone on a page of white
for f in sorted(pdfs):
    pages = text(os.path.join(OUT, f)).split("\f")
    # a page of the observations' heading, a line or two, header and footer
    alone = [i + 1 for i, p in enumerate(pages)
             if ("Observations" in p or "ملاحظات" in p) and len([l for l in p.splitlines() if l.strip()]) < 8]
    check("%s: the observations share their page (%d pages)" % (f, len(pages) - 1), not alone, alone)
check("Laâyoune fr (a province with a few figures): 4 pages with its footnotes and the list of its figures",
      len(text(os.path.join(OUT, "MA-LAA-fr.pdf")).split("\f")) - 1 == 4)
# every figure of the scope in the body: the list of figures reported (issue 13)
t = text(os.path.join(OUT, "MA-LAA-fr.pdf"))
body = re.split(r"\n *Source *\n", t)[0]
listed = body.split("Chiffres déclarés")[-1]
check("Laâyoune fr: 'Chiffres déclarés' lists each centre's figure (citizen house 3: 335) before the sources",
      "Chiffres déclarés" in body and "335" in digits(listed) and "242" in digits(listed), listed[:2000])
# the national support programmes: ten indicators, more than a page's
# width: one line per figure (programme, period, indicator, value), no name
# broken letter by letter
t = text(os.path.join(OUT, "MA-fr.pdf"))
check("MA fr: support programmes one line per figure, each with its period",
      "Appui à la scolarisation 2019 Bénéficiaires ≥ 170 (1/12)" in t and "2019 Budget (MAD) ≥ 1 669 140 MAD (1/12)" in t
      and "Veille sociale 2016 Cellules 52" in t, t[t.find("Programmes d'appui"):][:1500])
finish()
