#!/usr/bin/python3
"""Checks that every file under the given folders is complete: each JSON
parses, each canonical facts file has whole lines, each workbook opens, each
PDF passes qpdf --check, each PNG ends with its IEND chunk.  Prints one line
per bad file and exits 1 if any; temporary files (.NAME.tmpPID) are listed
separately (a SIGKILL cannot clean them; the next run does)."""
import json
import os
import subprocess
import sys
import zipfile

bad = 0
temps = 0
for top in sys.argv[1:]:
    for dirpath, _, files in os.walk(top):
        for name in files:
            path = os.path.join(dirpath, name)
            if name.startswith(".") and ".tmp" in name:
                temps += 1
                continue
            try:
                if name.endswith(".json"):
                    json.load(open(path, encoding="utf-8"))
                elif name == "scopes.tsv":
                    lines = open(path, encoding="utf-8").read().split("\n")
                    assert lines[0] == "code\tlevel\tparent" and lines[-1] == "", "cut scopes list"
                    assert all(line.count("\t") == 2 for line in lines[1:-1]), "cut scopes line"
                elif name.endswith(".tsv"):
                    with open(path, encoding="utf-8") as f:
                        header = f.readline()
                        assert header.startswith("source\tfile\tline") and header.endswith("\n"), "no header"
                        for n, line in enumerate(f, 2):
                            # as many columns as the header (FACTS_TSV_HEADER)
                            assert line.endswith("\n") and line.count("\t") == header.count("\t"), "line %d cut" % n
                elif name.endswith(".mk"):
                    assert open(path).read().endswith("\n")
                elif name.endswith(".xlsx"):
                    z = zipfile.ZipFile(path)
                    assert z.testzip() is None
                    import openpyxl
                    openpyxl.load_workbook(path)
                elif name.endswith(".pdf"):
                    r = subprocess.run(["qpdf", "--check", path], capture_output=True, text=True)
                    assert r.returncode == 0, r.stdout[-200:] + r.stderr[-200:]
                elif name.endswith(".png"):
                    data = open(path, "rb").read()
                    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[-8:-4] == b"IEND", "cut PNG"
            except Exception as e:  # noqa: BLE001 - any failure means an incomplete file
                bad += 1
                print("incomplete: %s: %s" % (path, e))
print("checked; %d incomplete, %d temporary" % (bad, temps))
sys.exit(1 if bad else 0)
