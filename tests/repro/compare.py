#!/usr/bin/python3
"""Compares two builds of the same input made with different
SOURCE_DATE_EPOCH values and checks that they differ only in dates.

usage: compare.py DIR1 EPOCH1 DIR2 EPOCH2 FILE...   (FILE relative to both)

For each FILE prints "ok - ..." or "not ok - ..." (tests/lib.sh counting).
What a date may change, found by comparing the two builds (each is checked,
nothing else may differ):

  *.xlsx  the zip holds the same members in the same order, with the same
          zip metadata (names, times, flags, attributes); members differ
          only in
            docProps/core.xml        dcterms:created and dcterms:modified
                                     (W3CDTF, the epoch's time);
            xl/worksheets/sheetN.xml the print footer "Généré le DAY" /
                                     "تاريخ الإنجاز DAY" of every sheet, and
                                     on the summary sheet the generation
                                     date cell, an Excel serial day number;
          once DAY (YYYY-MM-DD), the serial day and the W3CDTF time of each
          epoch are replaced by a placeholder, every member is identical.
  *.pdf   pdftotext output: the same number of lines; the lines that differ
          are the page footers, one per page, each with the epoch's day,
          and are identical once it is replaced; pdfinfo: CreationDate and
          ModDate are the epochs' times, and every other field is equal but
          "File size" (the footer's digits are drawn from embedded font
          subsets and compressed content streams, whose bytes change with
          the glyphs: the text check above is what says only the date did).
  other   byte-identical (PNG charts, the work slices, facts, sources).
"""
import datetime
import re
import subprocess
import sys
import zipfile


def day(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%d")


def w3cdtf(epoch):
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def serial(epoch):   # Excel's day number (1900 system), of the UTC day
    d = datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).date()
    return (d - datetime.date(1899, 12, 30)).days


def pdf_time(epoch):   # as pdfinfo prints it with TZ=UTC
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%a %b %d %H:%M:%S %Y UTC")


class Differ(Exception):
    pass


def first_difference(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "at %d: %r / %r" % (i, a[max(0, i - 40):i + 40], b[max(0, i - 40):i + 40])
    return "lengths %d / %d" % (len(a), len(b))


def xlsx(p1, e1, p2, e2):
    z1, z2 = zipfile.ZipFile(p1), zipfile.ZipFile(p2)
    i1, i2 = z1.infolist(), z2.infolist()
    if [i.filename for i in i1] != [i.filename for i in i2]:
        raise Differ("different members: %s / %s" % ([i.filename for i in i1], [i.filename for i in i2]))
    for a, b in zip(i1, i2):
        for attr in ("date_time", "compress_type", "flag_bits", "external_attr", "create_system", "extra", "comment"):
            if getattr(a, attr) != getattr(b, attr):
                raise Differ("%s: zip %s differs" % (a.filename, attr))
    changed = []
    counts = {"core": 0, "footer": 0, "serial": 0}
    for a in i1:
        m1, m2 = z1.read(a).decode("utf-8"), z2.read(a.filename).decode("utf-8")
        if m1 == m2:
            continue
        changed.append(a.filename)
        if a.filename == "docProps/core.xml":
            for tag in ("created", "modified"):
                for m, e, who in ((m1, e1, p1), (m2, e2, p2)):
                    want = '<dcterms:%s xsi:type="dcterms:W3CDTF">%s</dcterms:%s>' % (tag, w3cdtf(e), tag)
                    if want not in m:
                        raise Differ("%s: core.xml has no %s" % (who, want))
            n1, n2 = m1.replace(w3cdtf(e1), "@TIME@"), m2.replace(w3cdtf(e2), "@TIME@")
            counts["core"] += 1
        elif re.fullmatch(r"xl/worksheets/sheet[0-9]+\.xml", a.filename):
            n1, n2 = m1, m2
            for k, (m, e) in enumerate(((m1, e1), (m2, e2))):
                f = len(re.findall(r"<oddFooter>[^<]*%s" % day(e), m))
                s = len(re.findall(r"<v>%d</v>" % serial(e), m))
                m = re.sub(r"(<oddFooter>[^<]*)%s" % day(e), r"\1@DAY@", m)
                m = m.replace("<v>%d</v>" % serial(e), "<v>@SERIAL@</v>")
                if k == 0:
                    n1 = m
                    counts["footer"] += f
                    counts["serial"] += s
                else:
                    n2 = m
        else:
            raise Differ("%s differs, and holds no date" % a.filename)
        if n1 != n2:
            raise Differ("%s differs beyond the dates: %s" % (a.filename, first_difference(n1, n2)))
    if counts["core"] != 1 or not counts["footer"] or counts["serial"] != 1:
        raise Differ("expected the dates in core.xml, the sheet footers and one date cell; found %s" % counts)
    return "only dates differ (%s: %d footers, 1 date cell, created/modified)" % (
        ", ".join(changed), counts["footer"])


def run(*cmd):
    return subprocess.run(cmd, capture_output=True, text=True, check=True, env={"TZ": "UTC", "PATH": "/usr/bin:/bin"}).stdout


def pdf(p1, e1, p2, e2):
    t1, t2 = run("pdftotext", "-layout", p1, "-").split("\n"), run("pdftotext", "-layout", p2, "-").split("\n")
    if len(t1) != len(t2):
        raise Differ("pdftotext: %d / %d lines" % (len(t1), len(t2)))
    diff = [(a, b) for a, b in zip(t1, t2) if a != b]
    info1 = dict(line.split(":", 1) for line in run("pdfinfo", p1).splitlines())
    info2 = dict(line.split(":", 1) for line in run("pdfinfo", p2).splitlines())
    pages = int(info1["Pages"])
    for a, b in diff:
        if day(e1) not in a or day(e2) not in b or a.replace(day(e1), "@DAY@") != b.replace(day(e2), "@DAY@"):
            raise Differ("a line differs beyond the date: %r / %r" % (a, b))
    if len(diff) != pages:
        raise Differ("%d lines differ, expected one footer per page (%d pages)" % (len(diff), pages))
    for key, info, e in (("CreationDate", info1, e1), ("ModDate", info1, e1), ("CreationDate", info2, e2),
                         ("ModDate", info2, e2)):
        if info.get(key, "").strip() != pdf_time(e):
            raise Differ("pdfinfo %s: %r, expected %r" % (key, info.get(key, "").strip(), pdf_time(e)))
    other = sorted(k for k in set(info1) | set(info2)
                   if k not in ("CreationDate", "ModDate", "File size") and info1.get(k) != info2.get(k))
    if other:
        raise Differ("pdfinfo differs in %s" % other)
    return "only dates differ (%d footer lines of %d pages; CreationDate, ModDate %s -> %s)" % (
        len(diff), pages, pdf_time(e1), pdf_time(e2))


def same_bytes(p1, e1, p2, e2):
    a, b = open(p1, "rb").read(), open(p2, "rb").read()
    if a != b:
        raise Differ("bytes differ: %s" % first_difference(a, b))
    return "byte-identical"


def main():
    d1, e1, d2, e2 = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    failed = 0
    for f in sys.argv[5:]:
        check = xlsx if f.endswith(".xlsx") else pdf if f.endswith(".pdf") else same_bytes
        try:
            print("ok - SOURCE_DATE_EPOCH %d vs %d: %s: %s" % (e1, e2, f, check(d1 + "/" + f, e1, d2 + "/" + f, e2)))
        except (Differ, OSError, KeyError, ValueError, zipfile.BadZipFile, subprocess.CalledProcessError) as x:
            failed += 1
            print("not ok - SOURCE_DATE_EPOCH %d vs %d: %s: %s" % (e1, e2, f, x))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
