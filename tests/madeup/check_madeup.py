#!/usr/bin/python3
"""What a reader sees of the made-up inputs (tests/madeup/madeup_*.json),
read back from the PDF (pdftotext) and the workbook (openpyxl).
usage: check_madeup.py OUTPUT WORK"""
import os
import re
import subprocess
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, eq, finish  # noqa: E402

OUT, WORK = sys.argv[1], sys.argv[2]


def pdf_text(name):
    t = subprocess.run(["pdftotext", os.path.join(OUT, name), "-"], capture_output=True, text=True, check=True).stdout
    # pdftotext marks Arabic runs with bidi controls: drop them
    return re.sub("[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", t)


def sheet_rows(name):
    wb = openpyxl.load_workbook(os.path.join(OUT, name), read_only=True)
    return {ws.title: [tuple("" if v is None else v for v in r) for r in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}


def rows_with(book, text):
    return [r for rows in book.values() for r in rows if any(text in str(v) for v in r)]


# ---- 1. every part a sum rests on: 45 centres, the PDF lists 8 and says
# how many more, the workbook lists all 45; the sum is theirs
fr, ar = pdf_text("MA-AZI-fr.pdf"), pdf_text("MA-AZI-ar.pdf")
# (the sources list names the first 8 centres and says how many more; the
# figures block lists every figure of the scope up to 80, so all 45 here)
check("PDF (fr): the sources list names 8 centres, then 'et 37 autres : voir le classeur'",
      "et 37 autres : voir le classeur" in fr and fr.count("Centre fictif 08") > fr.count("Centre fictif 09"))
check("PDF (fr): the figures block lists all 45 centres",
      all("Centre fictif %02d" % i in fr for i in range(1, 46)))
check("PDF (ar): 'و37 أخرى: انظر المصنف'", re.search(r"و\s*37\s*أخرى\s*:\s*انظر المصنف", ar) is not None)
book = sheet_rows("MA-AZI-fr.xlsx")
centres = sorted({v for r in rows_with(book, "Centre fictif") for v in r if str(v).startswith("Centre fictif")})
eq("workbook (fr): all 45 centres listed", ["Centre fictif %02d" % i for i in range(1, 46)], centres)
src = book["Sources"]
head = [r for r in src if "Valeur" in r][0]
eq("workbook (fr): the centres' values add up to the sum shown, 1 440", 1440,
   sum(r[head.index("Valeur")] for r in src if str(r[head.index("Centre")]).startswith("Centre fictif")))
check("PDF (fr): the sum shown is the 45 parts' sum, 1 440", "1 440" in fr.replace("\u202f", " ").replace("\xa0", " "))

# ---- 2. a disagreement names its numbers: 10 548 reported, 220 urban +
# 8 348 rural = 8 568 (madeup_urban_rural_disagree.json)
def flat(t):
    return re.sub(r"\s+", " ", t.replace("\u202f", " ").replace("\xa0", " "))


check("PDF (fr): '10 548 déclaré ; 220 urbain + 8 348 rural = 8 568'",
      "10 548 déclaré ; 220 urbain + 8 348 rural = 8 568" in flat(fr), flat(fr)[-600:])
check("PDF (ar): '10,548 معلن؛ 220 حضري + 8,348 قروي = 8,568' (pdftotext reorders the Arabic line: its numbers and words)",
      all(w in flat(ar) for w in ("معلن؛", "220", "حضري", "8,348", "قروي")) and
      ("= 8,568" in flat(ar) or "8,568 =" in flat(ar)))
for lang, want in (("fr", "écart entre déclaré et calculé : 10 548 déclaré ; 220 urbain + 8 348 rural = 8 568"),
                   ("ar", "اختلاف بين المعلن والمحتسب : 10,548 معلن؛ 220 حضري + 8,348 قروي = 8,568")):
    book = sheet_rows("MA-AZI-%s.xlsx" % lang)
    found = [flat(str(v)) for rows in book.values() for r in rows for v in r if want in flat(str(v))]
    check("workbook (%s): %r, in the quality sheet and beside the figure" % (lang, want), len(found) >= 2, found)
# sources that conflict: each value with its source, the newest's first
# (madeup_conflict_a.json, madeup_conflict_b.json)
check("PDF (fr): 'sources discordantes : 320 déclaré (MADE-UP article B) ; 300 déclaré (MADE-UP article A)'",
      "sources discordantes : 320 déclaré (MADE-UP article B) ; 300 déclaré (MADE-UP article A)" in flat(pdf_text("MA-AZI-fr.pdf")))
book = sheet_rows("MA-AZI-fr.xlsx")
check("workbook (fr): the same words beside the figure",
      any("sources discordantes : 320 déclaré (MADE-UP article B) ; 300 déclaré (MADE-UP article A)" in flat(str(v))
          for rows in book.values() for r in rows for v in r))

# ---- 3. a figure for one sex or one area only is shown as that: "hommes :
# 200", "rural : 8 348", never "≥ 200" (madeup_boys_only.json)
fr, ar = flat(pdf_text("MA-LAA-fr.pdf")), flat(pdf_text("MA-LAA-ar.pdf"))
check("PDF (fr): 'hommes : 200' and 'rural : 8 348' in the table", "hommes : 200" in fr and "rural : 8 348" in fr, fr[:900])
check("PDF (fr): no '≥ 200', no '≥ 8 348'", "≥ 200" not in fr and "≥ 8 348" not in fr)
check("PDF (fr): the chart names the part: 'Dar Taliba / Dar Talib (hommes)', 'Alphabétisation (rural)'",
      "Dar Taliba / Dar Talib (hommes)" in fr and "Alphabétisation (rural)" in fr)
# (pdftotext puts the colon of an Arabic line after the number)
check("PDF (ar): 'ذكور: 200' and 'قروي: 8,348', no '≥ 200'",
      re.search(r"ذكور\s*(:\s*200|200\s*:)", ar) is not None and re.search(r"قروي\s*(:\s*8,348|8,348\s*:)", ar) is not None
      and "≥ 200" not in ar, ar[:900])
for lang, words in (("fr", ("hommes seulement", "rural seulement")), ("ar", ("ذكور فقط", "قروي فقط"))):
    book = sheet_rows("MA-LAA-%s.xlsx" % lang)
    for word, value in zip(words, (200, 8348)):
        rows = [r for r in rows_with(book, word) if value in r]
        check("workbook (%s): %s beside %d, not marked partial" % (lang, word, value),
              len(rows) >= 2 and all(not any(v in ("partiel", "جزئي") for v in r) for r in rows), rows)

# a women-only figure of the whole institution is the headline, said so
tet = flat(pdf_text("MA-TET-fr.pdf"))
check("PDF (fr): Tétouan's cover tile 'femmes : 640', no '≥ 640'", "femmes : 640" in tet and "≥ 640" not in tet, tet[:400])

# ---- 4. a campaign of one month stays under its month: the caïdats' 1 200
# + 800 families of May 2019 are May's 2 000, not a year's figure
# (madeup_one_month_campaign.json)
every = sheet_rows("MA-LAA-fr.xlsx")["Tous les chiffres"]
food = [r[1:4] + (r[6],) for r in every if "Aides alimentaires" in r]
eq("workbook (fr): the food-aid families of Laâyoune: May 2019's 2 000 only, no yearly row",
   [("2019-05", "Aides alimentaires", "Familles", 2000)], food)
check("PDF (fr): the caïdats' figures listed under 2019-05, none under 2019",
      "Caïdat fictif A · 2019-05 · Aides alimentaires · Familles: 1 200" in fr
      and "Caïdat fictif B · 2019-05 · Aides alimentaires · Familles: 800" in fr and "2019 · Aides alimentaires" not in fr)
finish()
