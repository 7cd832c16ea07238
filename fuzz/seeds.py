#!/usr/bin/python3
"""Writes the seed corpus of each fuzz harness from the inputs committed in
the repository (nothing large is committed under fuzz/):

  document  input/*.json, tests/ingest/bad/*.json, a few made-up documents
  stream    lines of a stream made from input/*.json (small files of a few
            lines), tests/ingest/bad/*.ndjson
  template  templates/*.json
  catalog   input/catalog/*.json
  recipients  input/delivery/recipients.json, the bad recipients files of
            tests/mail/run.sh and a few made-up ones
  slice     made-up slices (taawun-cube/1, docs/slice-format.md)

usage: fuzz/seeds.py OUTDIR NAME...   (writes OUTDIR/corpus-NAME/seed-*)"""
import glob
import json
import os
import sys


def write(d, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def docs():
    return [(p, json.load(open(p, encoding="utf-8"))) for p in sorted(glob.glob("input/*.json"))]


def document(d):
    for p in sorted(glob.glob("input/*.json")) + sorted(glob.glob("tests/ingest/bad/*.json")):
        write(d, p.replace("/", "_"), read(p))
    # small ones that reach the less common paths
    fact = {"geo": "MA-AZI", "period": "2019", "programme": "kindergarten", "indicator": "centres", "value": 32}
    small = {
        "one": {"format": "entraide-facts/1", "source": {"id": "s"}, "facts": [fact]},
        "monthly": {"format": "entraide-facts/1", "source": {"id": "m", "published": "2019-02-27"},
                    "facts": [dict(fact, period="2019-03", facility="MA-AZI/F1", sex="female", area="rural",
                                   qualifier="at_least", quote="أكثر من 32", note="a\tb\nc")]},
        "items": {"format": "entraide-facts/1", "source": {"id": "i"},
                  "facts": [dict(fact, indicator="items", item="wheelchair", x_extra={"a": [1, 2]})]},
        "old_region": {"format": "entraide-facts/1", "source": {"id": "o"},
                       "facts": [dict(fact, geo="MA-06", geo_as_reported="جهة الدارالبيضاء الكبرى")]},
        "bidi": {"format": "entraide-facts/1", "source": {"id": "b", "title": "\u202eabc"},
                 "facts": [dict(fact, quote="x\u202ey", facility="\u2066F\u2069")]},
        "control": {"format": "entraide-facts/1", "source": {"id": "c"},
                    "facts": [dict(fact, quote="a\u001b[31mb", note="\u0085")]},
    }
    for k, v in small.items():
        write(d, k + ".json", json.dumps(v, ensure_ascii=False))
    write(d, "nul.json", '{"format": "entraide-facts/1", "source": {"id": "n"}, "facts": [{"geo": "MA\\u0000"}]}')


def stream(d):
    lines = []
    for p, doc in docs():
        for f in doc["facts"]:
            lines.append(json.dumps(dict(f, source=doc["source"]["id"]), ensure_ascii=False))
    for i in range(0, len(lines), 4):
        write(d, "input-%03d.ndjson" % i, "\n".join(lines[i:i + 4]) + "\n")
    for p in sorted(glob.glob("tests/ingest/bad/*.ndjson")):
        write(d, p.replace("/", "_"), read(p))


def template(d):
    for p in sorted(glob.glob("templates/*.json")):
        write(d, p.replace("/", "_"), read(p))
    t = json.load(open("templates/reports.json", encoding="utf-8"))
    for r in t.get("reports", []):
        write(d, "report-%s.json" % r.get("id", "x"),
              json.dumps(dict(t, reports=[r]), ensure_ascii=False))


def catalog(d):
    for p in sorted(glob.glob("input/catalog/*.json")):
        write(d, p.replace("/", "_"), read(p))


def recipients(d):
    write(d, "input_delivery_recipients.json", read("input/delivery/recipients.json"))
    good = {"name": "Azilal", "address": "azilal@example.org", "language": "fr", "territories": ["MA-AZI"]}

    def doc(*contacts, **top):
        return json.dumps(dict({"format": "taawun-recipients/1", "contacts": list(contacts)}, **top),
                          ensure_ascii=False)
    cases = {
        "one": doc(good),
        "region_provinces": doc(dict(good, address="r@example.org", territories=["MA-05", "MA-AZI"],
                                     with_provinces=True)),
        "arabic": doc(dict(good, name="المندوبية الجهوية", language="ar", territories=["MA", "MA-06", "MA-11"],
                           x_note="x")),
        # the bad files of tests/mail/run.sh
        "crlf_address": doc(good, dict(good, name="X", address="x@example.org\r\nBcc: victim@example.org")),
        "lf_name": doc(dict(good, name="A\nSubject: spam")),
        "two_at": doc(dict(good, address="a@b@example.org")),
        "angle": doc(dict(good, address="<a@example.org>")),
        "space": doc(dict(good, address="a b@example.org")),
        "territory": doc(dict(good, territories=["MA-99"])),
        "old_region": doc(dict(good, territories=["OLD-06"])),
        "language": doc(dict(good, language="en")),
        "provinces": doc(dict(good, with_provinces=True)),
        "duplicate": doc(good, dict(good, address="AZILAL@example.org")),
        "twice": doc(dict(good, territories=["MA", "MA"])),
        "types": doc(dict(good, name=1, language=None, territories="MA", with_provinces=1), 7),
        "unknown_fields": doc(dict(good, y=1), y=2),
        "format": json.dumps({"format": "taawun-recipients/2", "contacts": [good]}),
        "empty": doc(),
        "bidi_name": doc(dict(good, name="\u202eevil")),
    }
    for k, v in cases.items():
        write(d, k + ".json", v)
    write(d, "dup_key.json", '{"format": "taawun-recipients/1", "format": "x", "contacts": []}')
    write(d, "not_object.json", '["taawun-recipients/1"]')
    write(d, "nul.json", '{"format": "taawun-recipients/1\\u0000", "contacts": []}')


def propose(d):
    # the seed articles, the real articles of the development sets (not the
    # blind test set), and short texts with every number form
    for n in sorted(os.listdir(os.path.join("input", "sources"))):
        write(d, n, read(os.path.join("input", "sources", n)))
    for folder in ("articles", "heldout", "heldout2", "heldout3"):
        path = os.path.join("tests", "propose", folder)
        for n in sorted(os.listdir(path)):
            if n.endswith(".txt"):
                write(d, folder + "_" + n, read(os.path.join(path, n)))
    write(d, "forms.txt", "بلغ 14 ألف و 5,5 مليون و أربعة ملايين و 424 ألف درهم و ثلاثمائة وخمسون أسرة "
          "و ألفين و 80 في المائة بحوالي ثلاثة آلاف، الذكرى الـ59، القانون 14.05\n١٤ ألفا و ١٠٨ مستفيدين")


def slice(d):
    rep = {"value": 1200, "qualifier": "approx", "source": "s2", "quote": "نحو 1200", "file": "b.json", "line": 7,
           "geo_as_reported": "جهة تادلة أزيلال", "reported_territory": "OLD-05",
           "reported_territory_provinces": 3, "territory_provinces": 0, "period_basis": "publication"}
    part = {"facility": "روض 1", "value": 600, "source": "s3", "quote": "600", "file": "c.json", "line": 1}
    der = {"basis": "facilities", "value": 1050, "have": 2, "of": 0, "partial": False, "qualifier": "at_least",
           "sources": ["s3"], "sources_more": 1, "parts": [part, dict(part, facility="روض 2")], "parts_more": 0}
    cell = {"geo": "MA-AZI", "period": "2019", "programme": "kindergarten", "indicator": "beneficiaries",
            "sex": "", "area": "", "item": "", "value": 1200, "basis": "reported", "partial": False,
            "qualifier": "approx", "flags": ["differs", "conflicting_sources"], "difference": -150,
            "difference_basis": "facilities", "reported": [rep, dict(rep, value=1100, source="s1", note="n")],
            "derived": [der], "previous": {"period": "2018", "value": 1000, "change": 200, "change_pct": 20}}
    whole = {"format": "taawun-cube/1",
             "scope": {"code": "MA-AZI", "level": "province", "name_ar": "أزيلال", "name_fr": "Azilal",
                       "parent": "MA-05"},
             "children": [{"code": "MA-X", "name_ar": "س", "name_fr": "X", "has_data": False}],
             "periods": [{"code": "2018", "kind": "year"}, {"code": "2019", "kind": "year"}],
             "synthetic": False, "data_version": "0123456789abcdef",
             "cells": [cell, dict(cell, programme="all", basis="programmes", flags=["partial", "synthetic"],
                                  reported=[], previous={"period": "2018", "value": 0, "change": 1200,
                                                         "change_pct": None})],
             "headlines": [{"indicator": "beneficiaries", "period": "2019", "value": 1200, "qualifier": "exact",
                            "basis": "programmes", "partial": True}],
             "measures": [{"geo": "MA-AZI", "period": "2019", "programme": "kindergarten",
                           "measure": "beneficiaries_per_centre", "value": 37.5, "partial": False}],
             "quality": [{"rule": "r", "importance": "medium", "operator": "==", "geo": "MA-AZI", "period": "2019",
                          "programme": None, "left": 115, "right": None, "verdict": "fail"}],
             "quality_summary": {"failed": 1, "passed": 4},
             "sources": [{"id": "s2", "title": "مقال", "published": "2020-01", "input": "b.json"}, {"id": "s3"}]}
    write(d, "whole.json", json.dumps(whole, ensure_ascii=False, separators=(",", ":")))
    # odd shapes: lists as objects or numbers, keys twice, nulls, another format
    odd = dict(cell, reported={"a": rep}, derived=[dict(der, parts=3, sources="s"), 5], flags=["nope", 1])
    write(d, "odd.json", json.dumps(dict(whole, cells=[odd, 7, [1]], headlines=[1], measures={"m": 1}),
                                    ensure_ascii=False))
    write(d, "twice.json", '{"format":"taawun-cube/1","cells":[{"geo":"MA","value":1,"reported":[],'
          '"reported":[{"value":1},{"value":2}],"derived":[{"parts":[],"parts":[{},{}]}]}]}')
    write(d, "format.json", json.dumps(dict(whole, format="taawun-cube/2")))
    write(d, "empty.json", '{"format":"taawun-cube/1"}')


def main():
    out, names = sys.argv[1], sys.argv[2:]
    for n in names:
        d = os.path.join(out, "corpus-" + n)
        os.makedirs(d, exist_ok=True)
        globals()[n](d)


if __name__ == "__main__":
    main()
