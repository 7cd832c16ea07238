#!/usr/bin/python3
"""Reads the workbooks of taawun-xlsx back (openpyxl, the zip's chart XML,
and LibreOffice for a real spreadsheet program's view) and checks real
values.  Prints one line per check: "ok - ..." or "not ok - ...", then
"N passed, N failed".

usage: check_xlsx.py --seeds DIR --made DIR --synthetic DIR [--lo-dir TMP]
  --seeds      workbooks of the seed documents (make reports on input/)
  --made       workbooks of tests/xlsx's made-up document (formula-like
               quotes, two regions, two years)
  --synthetic  workbooks of a synthetic stream
  --lo-dir     scratch folder for LibreOffice (its profile and CSV files);
               without it the LibreOffice checks are skipped
"""
import argparse
import csv
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
import xml.etree.ElementTree as ET

import openpyxl
from openpyxl.utils import get_column_letter, range_boundaries

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check as _check, finish  # noqa: E402


def check(cond, name, detail=""):
    return _check(name, cond, ": " + str(detail) if detail != "" else "")


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


CAT = os.path.join(ROOT, "input", "catalog")
PROG = {p["code"]: p for p in load_json(os.path.join(CAT, "programmes.json"))["programmes"]}
IND = {i["code"]: i for i in load_json(os.path.join(CAT, "indicators.json"))["indicators"]}
RULES = {r["id"]: r for r in load_json(os.path.join(CAT, "rules.json"))["rules"]}
REPORTS = load_json(os.path.join(ROOT, "templates", "reports.json"))
LABELS = load_json(os.path.join(ROOT, "templates", "labels.json"))
SHEETS = {s["id"]: s for s in REPORTS["reports"][0]["workbook"]["sheets"]}


def sheet_name(sid, lang):
    return SHEETS[sid]["name"][lang]


def label(key, lang):
    return LABELS[lang][key]


class Book:
    """A workbook opened twice: formulas, and the values stored with them."""

    def __init__(self, path):
        self.path = path
        self.f = openpyxl.load_workbook(path)
        self.v = openpyxl.load_workbook(path, data_only=True)
        self.lang = "ar" if path.endswith("-ar.xlsx") else "fr"

    def table(self, sid):
        """(worksheet formulas, worksheet values, header, first data row,
        last data row, totals row or None, min_col) of the sheet's Excel
        table."""
        name = sheet_name(sid, self.lang)
        if name not in self.f.sheetnames:
            return None
        ws, wv = self.f[name], self.v[name]
        for tname in list(ws.tables.keys()):
            t = ws.tables[tname]
            if tname.startswith("tbl_" + sid + "_"):
                min_col, min_row, max_col, max_row = range_boundaries(t.ref)
                totals = max_row if t.totalsRowCount else None
                last = max_row - 1 if totals else max_row
                header = [ws.cell(min_row, c).value for c in range(min_col, max_col + 1)]
                return ws, wv, header, min_row + 1, last, totals, min_col
        return None

    def row_by_label(self, sid, lbl):
        t = self.table(sid)
        ws, wv, header, first, last, totals, c0 = t
        for r in range(first, last + 1):
            if wv.cell(r, c0).value == lbl:
                return {h: wv.cell(r, c0 + i).value for i, h in enumerate(header)}
        return None


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def prog_name(code, lang):
    return PROG[code][lang]


def ind_name(code, lang):
    return IND[code][lang]


# ---- charts: sheet -> charts, through the package's relationships -----------

NS = {
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}


def rels(z, path):
    d, b = os.path.split(path)
    rp = os.path.join(d, "_rels", b + ".rels")
    if rp not in z.namelist():
        return {}
    out = {}
    for rel in ET.fromstring(z.read(rp)).findall("pr:Relationship", NS):
        out[rel.get("Id")] = os.path.normpath(os.path.join(d, rel.get("Target")))
    return out


def charts_by_sheet(path):
    z = zipfile.ZipFile(path)
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    wrels = rels(z, "xl/workbook.xml")
    out = {}
    for sh in wb.find("m:sheets", NS):
        name = sh.get("name")
        spath = wrels[sh.get("{%s}id" % NS["r"])]
        out[name] = []
        for dpath in rels(z, spath).values():
            if "drawings/" not in dpath:
                continue
            for cpath in rels(z, dpath).values():
                if "charts/" not in cpath:
                    continue
                x = ET.fromstring(z.read(cpath))
                kind = None
                for tag in ("barChart", "doughnutChart", "lineChart", "pieChart"):
                    el = x.find(".//c:" + tag, NS)
                    if el is not None:
                        kind = tag[:-len("Chart")]
                        if tag == "barChart":
                            kind = "column" if el.find("c:barDir", NS).get("val") == "col" else "bar"
                refs = [f.text.replace("'", "") for f in x.iter("{%s}f" % NS["c"])]
                title = x.find("c:chart/c:title", NS)
                title_text = "".join(t.text or "" for t in title.iter("{%s}t" % NS["a"])) if title is not None else ""
                axes = {}
                for ax in ("catAx", "valAx"):
                    el = x.find(".//c:" + ax, NS)
                    if el is not None:
                        o = el.find("c:scaling/c:orientation", NS)
                        t = el.find("c:title", NS)
                        axes[ax] = {
                            "reversed": o is not None and o.get("val") == "maxMin",
                            "title": "".join(tt.text or "" for tt in t.iter("{%s}t" % NS["a"])) if t is not None else "",
                        }
                out[name].append({"kind": kind, "refs": refs, "title": title_text, "axes": axes, "file": cpath})
    return out


def col_range(sheet, col, first, last):
    c = get_column_letter(col)
    return "%s!$%s$%d:$%s$%d" % (sheet, c, first, c, last)


# ---- the checks ---------------------------------------------------------------

def check_programmes_ma06(b):
    lang = b.lang
    tag = "MA-06-%s" % lang
    t = b.table("programmes")
    if not check(t is not None, "%s: the programme table is an Excel table" % tag):
        return
    ws, wv, header, first, last, totals, c0 = t
    tbl = [ws.tables[n] for n in ws.tables.keys() if n.startswith("tbl_programmes_")][0]
    check(tbl.autoFilter is not None, "%s: the programme table has an autofilter" % tag)
    cen, ben = ind_name("centres", lang), ind_name("beneficiaries", lang)
    check(header[0] == label("programme", lang) and cen in header and ben in header,
          "%s: programme table header" % tag, header)
    expect = {"kindergarten": (23, 1175), "education_training": (88, 7284), "vocational_apprenticeship": (14, 808),
              "vocational_familiarization": (5, 64), "citizen_house": (3, 409), "social_complex": (9, 2042),
              "literacy": (48, 2326)}
    for code, (c, n) in expect.items():
        row = b.row_by_label("programmes", prog_name(code, lang))
        check(row is not None and row[cen] == c and row[ben] == n and is_number(row[cen]) and is_number(row[ben]),
              "%s: %s: %d centres, %d beneficiaries (numbers)" % (tag, code, c, n), row)
    # each programme its latest figures, the period in the row: the social
    # care institutions' only figure is their 2011 budget (issue 13)
    per = label("period", lang)
    check(per in header and all(b.row_by_label("programmes", prog_name(code, lang))[per] == "2011/2012" for code in expect),
          "%s: the seven programmes of 2011/2012 say their period in the row" % tag)
    row = b.row_by_label("programmes", prog_name("social_care_institution", lang))
    check(row is not None and row[per] == "2011" and row[ind_name("budget_mad", lang)] == 4424000,
          "%s: social care institutions: their latest figure, budget 4 424 000 of 2011" % tag, row)
    check(last - first + 1 == 8, "%s: 8 programme rows (no programme without a figure)" % tag, last - first + 1)
    bens = [wv.cell(r, c0 + header.index(ben)).value for r in range(first, last + 1)]
    check(bens[-1] is None and bens[:-1] == sorted(bens[:-1], reverse=True),
          "%s: rows sorted by beneficiaries, largest first, the row without any last" % tag, bens)
    # totals row: SUM formulas, with the computed value stored
    check(totals == last + 1, "%s: the table has a totals row" % tag)
    check(wv.cell(totals, c0).value == label("sum_of_rows", lang), "%s: totals row label" % tag,
          wv.cell(totals, c0).value)
    for ind, want in (("centres", 190), ("beneficiaries", 14108)):
        col = c0 + header.index(ind_name(ind, lang))
        letter = get_column_letter(col)
        formula = ws.cell(totals, col).value
        check(formula == "=SUM(%s%d:%s%d)" % (letter, first, letter, last),
              "%s: totals row %s is =SUM over the rows" % (tag, ind), formula)
        check(wv.cell(totals, col).value == want, "%s: totals row %s: stored value %d" % (tag, ind, want),
              wv.cell(totals, col).value)
        own = wv.cell(totals + 1, col).value
        check(own == want and is_number(own), "%s: reported total %s: %d" % (tag, ind, want), own)
    check(wv.cell(totals + 1, c0).value == label("reported_total", lang), "%s: reported total label" % tag,
          wv.cell(totals + 1, c0).value)
    # number formats: thousands separators, percent as a literal sign (values are 0-100)
    fcol = c0 + header.index(ind_name("female_share_pct", lang))
    fmt = ws.cell(totals + 1, fcol).number_format
    check(wv.cell(totals + 1, fcol).value == 80 and re.sub(r'"[^"]*"', "", fmt).count("%") == 0 and "%" in fmt,
          "%s: 80 percent stays 80 with a literal %% sign" % tag, fmt)
    bfmt = ws.cell(first, c0 + header.index(ben)).number_format
    check(bfmt.startswith("#,##0"), "%s: beneficiaries with thousands separators" % tag, bfmt)
    # charts of the sheet, on the table's cells
    charts = charts_by_sheet(b.path).get(ws.title, [])
    kinds = sorted(c["kind"] for c in charts)
    check(kinds == ["column", "doughnut"], "%s: a column and a doughnut chart" % tag, kinds)
    cats = col_range(ws.title, c0, first, last)
    for c in charts:
        col = ben if c["kind"] == "column" else cen
        want = [cats, col_range(ws.title, c0 + header.index(col), first, last)]
        check(all(w in c["refs"] for w in want), "%s: %s chart refers to %s" % (tag, c["kind"], want), c["refs"])
        if c["kind"] == "column":
            title = SHEETS["programmes"]["charts"][0]["title"][lang]
            check(c["title"] == title, "%s: column chart title in the report's language" % tag, c["title"])
            check(c["axes"]["catAx"]["title"] == label("programme", lang) and c["axes"]["valAx"]["title"] == ben,
                  "%s: axis titles" % tag, c["axes"])
            check(c["axes"]["catAx"]["reversed"] == (lang == "ar"),
                  "%s: category order %s" % (tag, "mirrored (first on the right)" if lang == "ar" else "left to right"),
                  c["axes"])


def check_azilal(b):
    lang = b.lang
    tag = "MA-AZI-%s" % lang
    row = b.row_by_label("programmes", prog_name("social_care_institution", lang))
    cen, ben, bud = ind_name("centres", lang), ind_name("beneficiaries", lang), ind_name("budget_mad", lang)
    check(row is not None and row[cen] == 37 and row[ben] == 2476 and row[bud] == 2796000,
          "%s: social care: 37 centres, 2476 beneficiaries, 2796000 MAD" % tag, row)
    ws, wv, header, first, last, totals, c0 = b.table("programmes")
    r = [r for r in range(first, last + 1) if wv.cell(r, c0).value == prog_name("social_care_institution", lang)][0]
    fmt = ws.cell(r, c0 + header.index(bud)).number_format
    check(("MAD" if lang == "fr" else "درهم") in fmt and fmt.startswith("#,##0"), "%s: dirhams format" % tag, fmt)
    # a figure for women only (Azilal's 827 of education and training, issue
    # 13): a number, not a partial total '≥ 827', and the row's note says so
    r = [r for r in range(first, last + 1) if wv.cell(r, c0).value == prog_name("education_training", lang)][0]
    v = wv.cell(r, c0 + header.index(ben))
    note = wv.cell(r, c0 + len(header) - 1).value or ""
    check(v.value == 827 and is_number(v.value) and not v.number_format.startswith('"≥ "'),
          "%s: women-only 827 stays a number, not shown ≥ 827" % tag, (v.value, v.number_format))
    women_only = label("only_part", lang).replace("{n}", label("female", lang))
    check(header[-1] == label("flags", lang) and note.startswith(women_only + " (" + ben + ")"),
          "%s: the row's note says women only (%s)" % (tag, women_only), note)


def check_summary_national(b):
    lang = b.lang
    ws = b.v[sheet_name("summary", lang)]
    cells = {}
    for row in ws.iter_rows(values_only=True):
        if row and isinstance(row[0], str):
            cells[row[0]] = row[1:]
    tag = "MA-%s summary" % lang
    check(cells.get(label("period", lang), [None])[0] == "2015", "%s: period 2015" % tag, cells.get(label("period", lang)))
    c = cells.get(ind_name("centres", lang), [None])
    n = cells.get(ind_name("beneficiaries", lang), [None])
    check(c[0] == 3988 and is_number(c[0]), "%s: 3988 centres" % tag, c)
    check(n[0] == 493970 and is_number(n[0]), "%s: 493970 beneficiaries" % tag, n)
    check(c[1] == "2015" and n[1] == "2015", "%s: each headline figure with its period (2015)" % tag, (c, n))
    check(label("qualifier_at_least", lang) in (n[3] or ""), "%s: 493970 is 'at least'" % tag, n)
    b = cells.get(ind_name("budget_mad", lang), [None])
    check(b[0] == 2796000 and b[1] == "2019" and label("partial_note", lang) in (b[3] or ""),
          "%s: budget: only a partial sum exists (2019), and it says so" % tag, b)


def check_common(b, scope):
    lang = b.lang
    tag = os.path.basename(b.path)
    names = b.f.sheetnames
    want = [s["name"][lang] for s in REPORTS["reports"][0]["workbook"]["sheets"]]
    check(all(n in want for n in names) and names == [w for w in want if w in names] and names[0] == want[0],
          "%s: sheet names from the template, in its order" % tag, names)
    rtl = [bool(ws.sheet_view.rightToLeft) for ws in b.f.worksheets]
    if lang == "ar":
        check(all(rtl), "%s: every sheet right to left" % tag, rtl)
    else:
        check(not any(rtl), "%s: no sheet right to left" % tag, rtl)
    p = b.f.properties
    title = REPORTS["reports"][0]["title"][lang].replace("{territory}", "")
    check(p.title and p.title.startswith(title) and p.creator == REPORTS["author"] and p.keywords and p.subject,
          "%s: document properties (title, author, subject, keywords)" % tag, (p.title, p.creator))
    ok_print = True
    for ws in b.f.worksheets:
        ps = ws.page_setup
        ok_print &= ws.sheet_properties.pageSetUpPr is not None and bool(ws.sheet_properties.pageSetUpPr.fitToPage)
        ok_print &= str(ps.fitToWidth) in ("1", "None") and str(ps.fitToHeight) == "0" and str(ps.paperSize) == "9"
        ok_print &= "&P / &N" in (ws.oddFooter.center.text or "")
        ok_print &= bool(ws.oddHeader.center.text)
    check(ok_print, "%s: every sheet fits one A4 page wide, with header and page N / M" % tag)
    # Arabic cells read right to left
    if lang == "ar":
        ws = b.f.worksheets[0]
        check(ws["A1"].alignment.readingOrder == 2, "%s: cells in right-to-left reading order" % tag,
              ws["A1"].alignment.readingOrder)
    # every table has repeated, frozen header rows
    for sid in ("programmes", "figures", "sources"):
        name = sheet_name(sid, lang)
        if name in names and b.table(sid) is not None:
            ws = b.f[name]
            check(ws.freeze_panes is not None and ws.print_title_rows is not None,
                  "%s: %s: frozen and repeated header" % (tag, sid), (ws.freeze_panes, ws.print_title_rows))


def check_made(out):
    """The made-up document: formula-like strings stay text; a national table
    of regions with a bar chart; a trend with a line chart; a failed rule."""
    for lang in ("fr", "ar"):
        b = Book(os.path.join(out, "MA-01-%s.xlsx" % lang))
        ws = b.f[sheet_name("sources", lang)]
        cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
        for s in ("=1+1", "@SUM(A1:A2)", "-200 bénéficiaires", "+150 bénéficiaires", "=SUM(1,2) looks like a formula"):
            c = cells.get(s)
            check(c is not None and c.data_type == "s", "MA-01-%s: %r stays a string" % (lang, s),
                  c.data_type if c is not None else "missing")
        z = zipfile.ZipFile(b.path)
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
        check(b"<f>1+1</f>" not in xml and b"<f>SUM(1,2)" not in xml, "MA-01-%s: no formula made of data" % lang)
        # sources sheet: date as a date, line as a number
        t = b.table("sources")
        sws, swv, header, first, last, totals, c0 = t
        row = {h: swv.cell(first, c0 + i).value for i, h in enumerate(header)}
        check(str(row[label("date", lang)]).startswith("2021-06-30") and is_number(row[label("line", lang)]),
              "MA-01-%s: source date and line are a date and a number" % lang, row)
        # the trend: two years, a line chart over its columns
        ws, wv, header, first, last, totals, c0 = b.table("trend")
        years = [wv.cell(r, c0).value for r in range(first, last + 1)]
        check(years == ["2020", "2021"], "MA-01-%s: trend rows 2020, 2021" % lang, years)
        charts = charts_by_sheet(b.path).get(ws.title, [])
        allcol = c0 + header.index(prog_name("all", lang))
        want = [col_range(ws.title, c0, first, last), col_range(ws.title, allcol, first, last)]
        check(len(charts) == 1 and charts[0]["kind"] == "line" and all(w in charts[0]["refs"] for w in want),
              "MA-01-%s: line chart on the trend table" % lang, charts)
        # the failed rule, in words from rules.json
        q = b.v[sheet_name("quality", lang)]
        texts = [c for row in q.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        check(RULES["programme_beneficiaries_add_up"][lang] in texts and label("fail", lang) in texts,
              "MA-01-%s: failed rule shown with its text" % lang)

        # national: the regions, sorted, summed, and a bar chart
        b = Book(os.path.join(out, "MA-%s.xlsx" % lang))
        t = b.table("territories")
        if not check(t is not None, "MA-%s (made-up): territories table" % lang):
            continue
        ws, wv, header, first, last, totals, c0 = t
        check(header[0] == label("region", lang), "MA-%s: rows are regions" % lang, header[0])
        ben = c0 + header.index(ind_name("beneficiaries", lang))
        vals = [(wv.cell(r, c0).value, wv.cell(r, ben).value) for r in range(first, last + 1)]
        check([v for _, v in vals] == [300, 200], "MA-%s: regions 300, 200 (largest first)" % lang, vals)
        check(wv.cell(totals, ben).value == 500 and ws.cell(totals, ben).value.startswith("=SUM("),
              "MA-%s: regions sum 500 by formula" % lang, ws.cell(totals, ben).value)
        check(wv.cell(totals + 1, ben).value == 500, "MA-%s: the cube's own national figure 500" % lang)
        charts = charts_by_sheet(b.path).get(ws.title, [])
        want = [col_range(ws.title, c0, first, last), col_range(ws.title, ben, first, last)]
        check(len(charts) == 1 and charts[0]["kind"] == "bar" and all(w in charts[0]["refs"] for w in want),
              "MA-%s: bar chart of the regions" % lang, charts)
        if charts:
            # bars: first region on top in both languages; in Arabic they grow from the right
            ax = charts[0]["axes"]
            check(ax["catAx"]["reversed"] and ax["valAx"]["reversed"] == (lang == "ar"),
                  "MA-%s: bar chart axes %s" % (lang, "mirrored" if lang == "ar" else "left to right"), ax)
        q = b.v[sheet_name("quality", lang)]
        texts = [c for row in q.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        check("2/12" in texts and "1/12" in texts, "MA-%s: quality: coverage 2/12 and 1/12 of the regions" % lang)
        # a row sum that disagrees with the cube's own total is flagged in the note
        ws, wv, header, first, last, totals, c0 = b.table("programmes")
        note = wv.cell(totals + 1, c0 + len(header) - 1).value or ""
        check(label("total_differs", lang) in note, "MA-%s: sum of rows 120 against 500: the note says so" % lang, note)


def check_synthetic(out):
    for lang in ("fr", "ar"):
        path = os.path.join(out, "MA-AZI-%s.xlsx" % lang)
        b = Book(path)
        mark = label("synthetic", lang)
        ws = b.v.worksheets[0]
        texts = [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
        check(mark in texts, "synthetic %s: the summary says %r" % (lang, mark))
        heads = [mark in (w.oddHeader.center.text or "") for w in b.f.worksheets]
        check(all(heads), "synthetic %s: every sheet's printed header says so" % lang, heads)


def libreoffice(seeds, lo_dir):
    """A real spreadsheet program reads the same numbers, recalculating the
    formulas (a copy with wrong stored sums proves it recalculates)."""
    soffice = shutil.which("soffice")
    if not check(soffice is not None, "LibreOffice installed (libreoffice-calc-nogui)"):
        return
    home = os.path.join(lo_dir, "home")
    prof = os.path.join(home, ".config", "libreoffice", "4", "user")
    os.makedirs(prof, exist_ok=True)
    with open(os.path.join(prof, "registrymodifications.xcu"), "w") as f:
        # recalculate Excel files on load: the CSV shows LibreOffice's own sums
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                '<item oor:path="/org.openoffice.Office.Calc/Formula/Load">'
                '<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>\n'
                '</oor:items>\n')
    src = os.path.join(lo_dir, "in")
    csvdir = os.path.join(lo_dir, "csv")
    os.makedirs(src, exist_ok=True)
    os.makedirs(csvdir, exist_ok=True)
    files = []
    for name in ("MA-06-fr", "MA-06-ar", "MA-AZI-fr"):
        shutil.copy(os.path.join(seeds, name + ".xlsx"), os.path.join(src, name + ".xlsx"))
        files.append(os.path.join(src, name + ".xlsx"))
    # a copy whose stored sums are wrong
    zi = zipfile.ZipFile(os.path.join(seeds, "MA-06-fr.xlsx"))
    tampered = os.path.join(src, "tampered.xlsx")
    with zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as zo:
        for it in zi.infolist():
            d = zi.read(it.filename)
            if it.filename.startswith("xl/worksheets/sheet"):
                d = re.sub(rb"(<f>SUM\([^<]*\)</f><v>)[0-9.]+(</v>)", rb"\g<1>999\2", d)
            zo.writestr(it, d)
    files.append(tampered)
    env = dict(os.environ, HOME=home)
    try:
        r = subprocess.run([soffice, "--headless", "--norestore", "--nologo", "--convert-to",
                            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                            "--outdir", csvdir] + files, env=env, capture_output=True, timeout=240)
        check(r.returncode == 0, "LibreOffice converts the workbooks", r.stderr[-300:])
    except subprocess.TimeoutExpired:
        check(False, "LibreOffice converts the workbooks", "timed out")
        return

    def rows(stem, sid, lang):
        path = os.path.join(csvdir, "%s-%s.csv" % (stem, sheet_name(sid, lang)))
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return list(csv.reader(f))

    for stem, lang in (("MA-06-fr", "fr"), ("MA-06-ar", "ar"), ("tampered", "fr")):
        rs = rows(stem, "programmes", lang)
        if not check(rs is not None, "LibreOffice: %s programme sheet as CSV" % stem):
            continue
        total = [r for r in rs if r and r[0] == label("sum_of_rows", lang)]
        own = [r for r in rs if r and r[0] == label("reported_total", lang)]
        check(total and total[0][1:4] == ["2011/2012", "190", "14108"], "LibreOffice: %s totals row 2011/2012, 190, 14108%s" %
              (stem, " (recalculated over stored 999)" if stem == "tampered" else ""), total)
        check(own and own[0][1:4] == ["2011/2012", "190", "14108"], "LibreOffice: %s reported total 190, 14108" % stem, own)
        kg = [r for r in rs if r and r[0] == prog_name("kindergarten", lang)]
        check(kg and kg[0][1:4] == ["2011/2012", "23", "1175"], "LibreOffice: %s kindergarten 23, 1175" % stem, kg)
    rs = rows("MA-AZI-fr", "programmes", "fr") or []
    sc = [r for r in rs if r and r[0] == prog_name("social_care_institution", "fr")]
    check(sc and sc[0][2:4] == ["37", "2476"] and "2796000" in sc[0], "LibreOffice: Azilal social care 37, 2476, 2796000", sc)
    rs = rows("MA-06-fr", "sources", "fr") or []
    check(any("ليصل بذلك مجموع المراكز إلى 190 مركزا" in c for r in rs for c in r),
          "LibreOffice: the Arabic quote reads back unchanged")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--made", required=True)
    ap.add_argument("--synthetic", required=True)
    ap.add_argument("--lo-dir")
    a = ap.parse_args()
    scopes = ["MA", "MA-05", "MA-06", "MA-11", "MA-AZI", "MA-LAA"]
    for s in scopes:
        for lang in ("ar", "fr"):
            path = os.path.join(a.seeds, "%s-%s.xlsx" % (s, lang))
            if check(os.path.exists(path), "workbook %s-%s.xlsx written" % (s, lang)):
                check_common(Book(path), s)
    for lang in ("fr", "ar"):
        check_programmes_ma06(Book(os.path.join(a.seeds, "MA-06-%s.xlsx" % lang)))
        check_azilal(Book(os.path.join(a.seeds, "MA-AZI-%s.xlsx" % lang)))
        check_summary_national(Book(os.path.join(a.seeds, "MA-%s.xlsx" % lang)))
        # national: the trend over the years has a line chart on its table
        b = Book(os.path.join(a.seeds, "MA-%s.xlsx" % lang))
        t = b.table("trend")
        if check(t is not None, "MA-%s: trend table" % lang):
            ws, wv, header, first, last, totals, c0 = t
            ch = charts_by_sheet(b.path).get(ws.title, [])
            # 17 021 (2011/2012, 2 of 12 regions), 493 970 (2015), 5 097 (2019, 1 province): no two
            # complete figures follow each other, so no line (issue 13: it looked like a collapse)
            check(len(ch) == 0, "MA-%s: no line chart: no series joins two complete figures" % lang, ch)
        # MA-06: figures for 2011 (a budget) and 2011/2012, beneficiaries for
        # 2011/2012 only: a one-row trend is no trend, no sheet
        b = Book(os.path.join(a.seeds, "MA-06-%s.xlsx" % lang))
        check(b.table("trend") is None, "MA-06-%s: no trend sheet (one period of beneficiaries)" % lang, b.f.sheetnames)
    check_made(a.made)
    check_synthetic(a.synthetic)
    if a.lo_dir:
        libreoffice(a.seeds, a.lo_dir)
    finish()


if __name__ == "__main__":
    sys.exit(main())
