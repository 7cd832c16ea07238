#!/usr/bin/python3
"""After a killed build: every file must be the previous complete version or
the new complete version of itself.

usage: versions.py PREV NEW NOW
  three listings "MD5  PATH" (md5sum), PATH relative and the same in all:
  PREV before the killed run, NEW a complete build of the same input in
  other folders (builds are reproducible: tests/repro), NOW after the kill.

Prints "N new, M previous" and exits 0, or one line per file that is
neither (or missing, or unexpected) and exits 1."""
import sys


def listing(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        if line.strip():
            digest, name = line.rstrip("\n").split(None, 1)
            out[name.lstrip("*")] = digest
    return out


prev, new, now = (listing(p) for p in sys.argv[1:4])
bad = 0
counts = {"new": 0, "previous": 0}
for name in sorted(set(prev) | set(new) | set(now)):
    h = now.get(name)
    if h is None:
        if name in prev:   # a file that was there must still be there
            bad += 1
            print("missing: %s" % name)
        continue
    if h == new.get(name) and name in new:
        counts["new"] += 1
    elif h == prev.get(name) and name in prev:
        counts["previous"] += 1
    else:
        bad += 1
        print("neither the previous nor the new version: %s" % name)
if not now:
    bad += 1
    print("no file at all")
print("%d new, %d previous" % (counts["new"], counts["previous"]))
sys.exit(1 if bad else 0)
