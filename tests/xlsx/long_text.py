"""The cell of a quote longer than Excel's 32 767 characters: written cut,
ending in "[…]", never empty.  usage: long_text.py WORKBOOK SHEET QUOTE-START"""
import sys

import openpyxl

path, sheet, start = sys.argv[1:4]
ws = openpyxl.load_workbook(path)[sheet]
cells = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(start)]
if len(cells) != 1:
    sys.exit("%d cells start with %r (expected 1)" % (len(cells), start))
v = cells[0]
print(len(v), v[-3:], v.count("نص"))
