#!/usr/bin/python3
"""Checks the reports in OUT after a run on a full disk.

usage: check_files.py OUT OLD NEW [--learn] [--all-new]

OLD holds the reports as they were before the run, NEW the versions the
run makes (the reference).  Every file of OLD must be in OUT, complete
(a PDF that `qpdf --check` accepts, a workbook whose zip members all test
good, a PNG whose chunks, CRCs and image data are all there) and equal to
its OLD or its NEW version; no temporary (.NAME.tmp...) may be left.
--learn: a file that is neither, but complete, becomes its NEW version
(for `make reports`, whose new versions are not known beforehand); a later
run must then give the same bytes.  --all-new: every file must be its NEW
version (or OLD when the two are the same bytes: charts carry no date).
Prints one line per problem and a summary; exits 1 on any problem.
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import zipfile
import zlib


def png_complete(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return "not a PNG signature"
    pos, idat, ihdr, end = 8, b"", None, False
    while pos + 8 <= len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if len(body) != n or pos + 12 + n > len(data):
            return "chunk %r cut short" % kind
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            return "chunk %r: bad CRC" % kind
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            end = True
            break
        pos += 12 + n
    if not end or not ihdr:
        return "no IHDR or IEND: truncated"
    w, h, depth, colour = ihdr[:4]
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour, 1)
    try:
        raw = zlib.decompress(idat)
    except zlib.error as e:
        return "image data: %s" % e
    if len(raw) != h * (1 + w * channels * depth // 8):
        return "image data: %d bytes, expected %d" % (len(raw), h * (1 + w * channels * depth // 8))
    return None


def complete(path):
    """None when the file is whole, else what is wrong."""
    if path.endswith(".pdf"):
        r = subprocess.run(["qpdf", "--check", path], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return None if r.returncode == 0 else "qpdf --check: exit %d" % r.returncode
    if path.endswith(".xlsx"):
        try:
            with zipfile.ZipFile(path) as z:
                bad = z.testzip()
                if bad:
                    return "zip member %s is damaged" % bad
                if "[Content_Types].xml" not in z.namelist():
                    return "no [Content_Types].xml"
        except (zipfile.BadZipFile, OSError) as e:
            return "not a zip: %s" % e
        return None
    if path.endswith(".png"):
        return png_complete(path)
    return None


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def files_under(top):
    out = []
    for d, _, names in os.walk(top):
        for n in names:
            out.append(os.path.relpath(os.path.join(d, n), top))
    return sorted(out)


def main():
    out, old, new = sys.argv[1:4]
    learn = "--learn" in sys.argv
    all_new = "--all-new" in sys.argv
    problems = []
    verified = {}   # digest -> None or the problem of that version
    n_old = n_new = 0

    def whole(path):
        h = digest(path)
        if h not in verified:
            verified[h] = complete(path)
        return verified[h]

    for rel in files_under(out):
        base = os.path.basename(rel)
        if base.startswith(".") and ".tmp" in base:
            problems.append("%s: a temporary file was left" % rel)
    for rel in files_under(old):
        o, n, f = os.path.join(old, rel), os.path.join(new, rel), os.path.join(out, rel)
        if not os.path.exists(f):
            problems.append("%s: missing (the old file was lost)" % rel)
            continue
        why = whole(f)
        if why:
            problems.append("%s: incomplete: %s" % (rel, why))
            continue
        hf, ho = digest(f), digest(o)
        if not os.path.exists(n) and learn and hf != ho:
            os.makedirs(os.path.dirname(n), exist_ok=True)
            shutil.copyfile(f, n)
        hn = digest(n) if os.path.exists(n) else None
        if all_new and hf != (hn or ho):
            problems.append("%s: not the new version" % rel)
        elif hf == hn:
            n_new += 1
        elif hf == ho:
            n_old += 1
        else:
            problems.append("%s: neither the old nor the new version" % rel)
    for p in problems:
        print(p)
    print("%d files: %d old, %d new, %d problems" % (n_old + n_new, n_old, n_new, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
