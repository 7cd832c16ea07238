#!/usr/bin/python3
"""Every figure of the real articles is in the workbook of its territory, in
each language: a number cell with the fact's value (openpyxl).

    figures_in_workbooks.py ARTICLES_DIR OUTPUT_DIR LANG...

Prints "ok - ..." / "not ok - ..." per article and language, and
"N passed, N failed"."""
import glob
import json
import os
import sys

import openpyxl

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402

art, out, langs = sys.argv[1], sys.argv[2], sys.argv[3:]
cache = {}


def numbers(path):
    if path not in cache:
        found = set()
        if os.path.exists(path):
            wb = openpyxl.load_workbook(path, read_only=True)
            for ws in wb.worksheets:
                for row in ws.iter_rows(values_only=True):
                    found.update(v for v in row if isinstance(v, (int, float)) and not isinstance(v, bool))
            wb.close()
        cache[path] = found
    return cache[path]


for path in sorted(glob.glob(os.path.join(art, "*.json"))):
    doc = json.load(open(path, encoding="utf-8"))
    aid = doc["source"]["id"]
    for lang in langs:
        missing = [(f["geo"], f["value"]) for f in doc["facts"]
                   if f["value"] not in numbers(os.path.join(out, "%s-%s.xlsx" % (f["geo"], lang)))]
        what = "%s: its %d figures are in the %s workbooks of their territories" % (aid, len(doc["facts"]), lang)
        check(what, not missing, "(missing %s)" % (missing[:5],))
finish()
