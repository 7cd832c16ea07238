#!/usr/bin/python3
"""Job R1 (bench/peer/JOB-R1.md): our outputs against the peer's.

usage: check_r1.py PEER_DIR OUR_DIR

PEER_DIR holds what `peer.py FACTS PEER_DIR --csv` wrote, OUR_DIR what
`make reports TEMPLATES=templates/r1` wrote.  Compares the file names, every
cell of every sheet (with openpyxl), the cells against the peer's CSVs for
the latest year, the native charts (type, <c:cat> and <c:val> ranges,
anchor cell) and the PDFs (3 A4 landscape pages, qpdf --check).  Prints
"ok - ..." / "not ok - ..." lines and "N passed, N failed".
"""
import csv
import os
import re
import subprocess
import sys
import zipfile
from collections import defaultdict

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check as _check, finish  # noqa: E402

REGIONS = ["MA-%02d" % i for i in range(1, 13)]
MEASURES = ["centres", "beneficiaries", "beneficiaries_female", "budget_mad"]


def check(name, cond, why=""):
    return _check(name, cond, ": " + why if why else "")


def fail(name, why):
    check(name, False, why)


def cells(ws):
    """Every non-empty cell of a sheet: {"A1": value}."""
    return {c.coordinate: c.value for row in ws.iter_rows() for c in row if c.value is not None}


def first_diff(a, b):
    for k in sorted(set(a) | set(b), key=lambda k: (int(re.sub(r"\D", "", k)), k)):
        if a.get(k) != b.get(k):
            return "%s: peer %r, ours %r" % (k, a.get(k), b.get(k))
    return ""


def charts(path):
    """[(kind, direction, [(cat, val), ...]), ...] per chart, and the anchors (sheet drawing, col, row)."""
    out, anchors = [], []
    with zipfile.ZipFile(path) as z:
        names = sorted(n for n in z.namelist() if re.match(r"xl/charts/chart\d+\.xml$", n))
        for n in sorted(names, key=lambda n: int(re.findall(r"\d+", n)[0])):
            x = z.read(n).decode("utf-8")
            kinds = re.findall(r"<c:(barChart|bar3DChart|lineChart|pieChart|doughnutChart|areaChart)>", x)
            bar_dir = re.findall(r'<c:barDir val="(\w+)"/>', x)
            series = []
            for ser in re.findall(r"<c:ser>(.*?)</c:ser>", x, re.S):
                cat = re.findall(r"<c:cat>.*?<c:f>(.*?)</c:f>", ser, re.S)
                val = re.findall(r"<c:val>.*?<c:f>(.*?)</c:f>", ser, re.S)
                # 'by_region'!$H$2 and by_region!$H$2 are the same range
                series.append((cat[0].replace("'", "") if cat else None, val[0].replace("'", "") if val else None))
            out.append((kinds, bar_dir, series))
        for n in sorted(n for n in z.namelist() if re.match(r"xl/drawings/drawing\d+\.xml$", n)):
            x = z.read(n).decode("utf-8")
            anchors += re.findall(r"<xdr:from><xdr:col>(\d+)</xdr:col><xdr:colOff>-?\d+</xdr:colOff>"
                                  r"<xdr:row>(\d+)</xdr:row>", x)
    return out, sorted(anchors)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_from_csv(peer, name, latest):
    """The two sheets of a workbook as the CSVs give them: {sheet: {cell: value}}."""
    if name == "national":
        key, rows = "region", [r for r in read_csv(os.path.join(peer, "by_region.csv")) if int(r["year"]) == latest]
        trend_rows = read_csv(os.path.join(peer, "national.csv"))
    else:
        key = "province"
        rows = [r for r in read_csv(os.path.join(peer, "by_province.csv"))
                if r["region"] == name and int(r["year"]) == latest]
        trend_rows = [r for r in read_csv(os.path.join(peer, "by_region.csv")) if r["region"] == name]
    rows.sort(key=lambda r: (r[key].encode(), r["programme"].encode()))
    sheet = {"A1": key, "B1": "programme", "C1": MEASURES[0], "D1": MEASURES[1], "E1": MEASURES[2], "F1": MEASURES[3],
             "H1": key, "I1": "beneficiaries"}
    totals = defaultdict(int)
    for i, r in enumerate(rows, start=2):
        sheet["A%d" % i], sheet["B%d" % i] = r[key], r["programme"]
        for col, m in zip("CDEF", MEASURES):
            sheet["%s%d" % (col, i)] = int(r[m])
        totals[r[key]] += int(r["beneficiaries"])
    for i, k in enumerate(sorted(totals, key=str.encode), start=2):
        sheet["H%d" % i], sheet["I%d" % i] = k, totals[k]
    years = sorted({int(r["year"]) for r in trend_rows})
    progs = sorted({r["programme"] for r in trend_rows}, key=str.encode)
    ben = defaultdict(int)
    for r in trend_rows:
        ben[int(r["year"]), r["programme"]] += int(r["beneficiaries"])
    trend = {"A1": "year"}
    for j, p in enumerate(progs):
        trend[openpyxl.utils.get_column_letter(j + 2) + "1"] = p
    for i, y in enumerate(years, start=2):
        trend["A%d" % i] = y
        for j, p in enumerate(progs):
            trend["%s%d" % (openpyxl.utils.get_column_letter(j + 2), i)] = ben.get((y, p), 0)
    return {"by_" + key: sheet, "trend": trend}


def main():
    peer, ours = sys.argv[1], sys.argv[2]
    names = ["national"] + REGIONS
    want = sorted(n + e for n in names for e in (".xlsx", ".pdf"))
    got = sorted(os.listdir(ours))
    check("the 26 files of R1, and nothing else", got == want,
          "missing %s, extra %s" % (sorted(set(want) - set(got)), sorted(set(got) - set(want))))
    peer_files = sorted(f for f in os.listdir(peer) if not f.endswith(".csv"))
    check("the peer wrote the same 26 file names", peer_files == want, "peer has %s" % peer_files)
    latest = max(int(r["year"]) for r in read_csv(os.path.join(peer, "national.csv")))

    for n in names:
        path, ppath = os.path.join(ours, n + ".xlsx"), os.path.join(peer, n + ".xlsx")
        if not os.path.exists(path):
            fail("%s.xlsx" % n, "missing")
            continue
        wb, pwb = openpyxl.load_workbook(path), openpyxl.load_workbook(ppath)
        check("%s.xlsx: sheets %s" % (n, pwb.sheetnames), wb.sheetnames == pwb.sheetnames, "ours %s" % wb.sheetnames)
        from_csv = expected_from_csv(peer, n, latest)
        for ws in pwb:
            if ws.title not in wb.sheetnames:
                fail("%s.xlsx %s: every cell as the peer's" % (n, ws.title), "no such sheet")
                continue
            a, b = cells(ws), cells(wb[ws.title])
            check("%s.xlsx %s: every cell as the peer's (%d cells)" % (n, ws.title, len(a)), a == b, first_diff(a, b))
            c = from_csv.get(ws.title, {})
            check("%s.xlsx %s: every cell as the peer's CSV for %d" % (n, ws.title, latest), c == b, first_diff(c, b))
        ch, anch = charts(path)
        pch, panch = charts(ppath)
        check("%s.xlsx: charts (type, ranges) as the peer's: %s" % (n, ", ".join(
            "%s%s x%d" % (k[0][0] if k[0] else "?", "/" + k[1][0] if k[1] else "", len(k[2])) for k in pch)),
            ch == pch, "ours %s, peer %s" % (ch, pch))
        check("%s.xlsx: charts placed as the peer's (%s)" % (n, ", ".join(
            openpyxl.utils.get_column_letter(int(c) + 1) + str(int(r) + 1) for c, r in panch)),
            anch == panch, "ours %s, peer %s" % (anch, panch))

    for n in names:
        path = os.path.join(ours, n + ".pdf")
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
        size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
        landscape = bool(size) and abs(float(size.group(1)) - 841.89) < 1 and abs(float(size.group(2)) - 595.28) < 1
        check("%s.pdf: 3 pages, A4 landscape" % n, pages and pages.group(1) == "3" and landscape,
              "pdfinfo: %s" % info.strip().replace("\n", "; "))
        q = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
        check("%s.pdf: qpdf --check" % n, q.returncode == 0, q.stdout.strip()[-200:] + q.stderr.strip()[-200:])

    finish()


if __name__ == "__main__":
    sys.exit(main())
