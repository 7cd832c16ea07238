#!/usr/bin/python3
"""Stage 2 on its own: the seed checks of issue 3, then small MADE-UP inputs
(clearly not real figures) for every qualifier, rule operator, missing-value
strategy, conflicting sources, partial coverage, months and sexes."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, eq, finish  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.path.join(ROOT, "build", "bin")


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def pipeline(inputs, work, rules=None):
    """ingest + aggregate; returns (stderr of aggregate, slices by scope)."""
    r = run([BIN + "/taawun-ingest", "-q", "-c", ROOT + "/input/catalog", "-o", work + "/facts.tsv",
             "-s", work + "/sources.json"] + inputs)
    assert r.returncode == 0, r.stderr
    args = [BIN + "/taawun-aggregate", "-c", ROOT + "/input/catalog", "-f", work + "/facts.tsv",
            "-s", work + "/sources.json", "-o", work]
    if rules:
        args += ["-r", rules]
    r = run(args)
    assert r.returncode == 0, r.stderr
    slices = {}
    for f in os.listdir(work + "/cube"):
        slices[f[:-5]] = json.load(open(os.path.join(work, "cube", f), encoding="utf-8"))
    return r.stderr, slices


def cell(sl, geo, period, prog, ind, sex="", item=""):
    for c in sl["cells"]:
        if (c["geo"], c["period"], c["programme"], c["indicator"], c["sex"], c["item"]) == (geo, period, prog, ind, sex, item):
            return c
    return None


def derived(c, basis):
    for d in c["derived"]:
        if d["basis"] == basis:
            return d
    return None


def doc(path, sid, facts):
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"format": "entraide-facts/1", "source": {"id": sid, "title": "MADE-UP test document"},
                   "facts": facts}, f, ensure_ascii=False)


def fact(geo, period, prog, ind, value, **kw):
    return dict(geo=geo, period=period, programme=prog, indicator=ind, value=value, **kw)


tmp = tempfile.mkdtemp(prefix="taawun-agg-")
try:
    # ---- the seeds ---------------------------------------------------------
    err, S = pipeline([ROOT + "/input"], tmp + "/seeds")
    eq("seeds: scopes", ["MA", "MA-05", "MA-06", "MA-11", "MA-AZI", "MA-LAA"], sorted(S))
    eq("seeds: scopes.mk", "SCOPES := MA MA-05 MA-06 MA-11 MA-AZI MA-LAA",
       open(tmp + "/seeds/scopes.mk").read().splitlines()[-1])
    ma06 = S["MA-06"]
    progs = ["kindergarten", "education_training", "vocational_apprenticeship", "vocational_familiarization",
             "citizen_house", "social_complex", "literacy"]
    eq("Casablanca 2011/2012: kindergarten 23 / 1175",
       (23, 1175), tuple(cell(ma06, "MA-06", "2011/2012", "kindergarten", i)["value"] for i in ("centres", "beneficiaries")))
    eq("Casablanca: the seven programmes' centres sum to 190",
       190, sum(cell(ma06, "MA-06", "2011/2012", p, "centres")["value"] for p in progs))
    for ind, total in (("centres", 190), ("beneficiaries", 14108)):
        c = cell(ma06, "MA-06", "2011/2012", "all", ind)
        eq("Casablanca all %s: reported %d" % (ind, total), (total, "reported"), (c["value"], c["basis"]))
        d = derived(c, "programmes")
        eq("Casablanca all %s: derived from 7 programmes = %d" % (ind, total), (total, 7), (d["value"], d["have"]))
        eq("Casablanca all %s: no flag" % ind, [], c["flags"])
        eq("Casablanca all %s: pre-2015 region kept" % ind, "OLD-08", c["reported"][0].get("reported_territory"))
    q = [r for r in ma06["quality"] if r["rule"].startswith("programme_")]
    eq("Casablanca: no failed add-up rule", [], q)

    ma05 = S["MA-05"]
    c = cell(ma05, "MA-05", "2019", "social_care_institution", "beneficiaries")
    d = derived(c, "territories")
    eq("Béni Mellal-Khénifra: Azilal's 2476 rolled up", (2476, "territories"), (c["value"], c["basis"]))
    eq("Béni Mellal-Khénifra: coverage 1 of 5 provinces, partial", (1, 5, True, True),
       (d["have"], d["of"], d["partial"], c["partial"]))
    check("Béni Mellal-Khénifra: flagged partial", "partial" in c["flags"])

    ma = S["MA"]
    for ind, v in (("centres", 3988), ("beneficiaries", 493970)):
        c = cell(ma, "MA", "2015", "all", ind)
        eq("national 2015 %s: reported %d" % (ind, v), (v, "reported"), (c["value"], c["basis"]))
    eq("national 2015 beneficiaries: qualifier at_least", "at_least", cell(ma, "MA", "2015", "all", "beneficiaries")["qualifier"])
    complete_derived = [c for c in ma["cells"] if c["geo"] == "MA" and c["basis"] == "territories" and not c["partial"]]
    eq("national: no territorial sum presented as complete", [], complete_derived)
    c = cell(ma, "MA", "2011/2012", "all", "centres")
    eq("national 2011/2012 centres: 2/12 regions, partial", (2, 12, True),
       (derived(c, "territories")["have"], derived(c, "territories")["of"], c["partial"]))

    laa = S["MA-LAA"]
    c = cell(laa, "MA-LAA", "2011/2012", "citizen_house", "beneficiaries")
    d = derived(c, "facilities")
    eq("Laâyoune citizen houses: 242 + 240 + 335 = 817", (817, 3, "facilities"), (c["value"], d["have"], c["basis"]))
    eq("Laâyoune citizen houses: each centre's fact kept with its quote", [(242, "دار المواطن العيون 242"), (240, "دار المواطن 240"), (335, "دار المواطن الحكونية 335")],
       [(p["value"], p["quote"]) for p in d.get("parts", [])])
    # the region's slice shows Laâyoune's sum and its coverage, not the
    # centres again: they are listed once, in Laâyoune's own slice
    c11 = cell(S["MA-11"], "MA-LAA", "2011/2012", "citizen_house", "beneficiaries")
    d11 = derived(c11, "facilities")
    eq("Laâyoune-Sakia El Hamra's slice: Laâyoune's 817 from 3 centres, without the centres' facts",
       (817, 3, None, None), (c11["value"], d11["have"], d11.get("parts"), d11.get("parts_more")))
    eq("Laâyoune's slice and its region's: the same cell but for the parts",
       {k: v for k, v in c.items() if k != "derived"}, {k: v for k, v in c11.items() if k != "derived"})
    m = [x for x in laa["measures"] if x["programme"] == "citizen_house" and x["measure"] == "beneficiaries_per_centre"]
    eq("Laâyoune: 817 / 3 beneficiaries per centre", 272.33, m[0]["value"] if m else None)
    azi = S["MA-AZI"]
    m = [x for x in azi["measures"] if x["programme"] == "social_care_institution" and x["measure"] == "mad_per_beneficiary"]
    eq("Azilal: 2796000 / 2476 dirhams per beneficiary", 1129.24, m[0]["value"] if m else None)
    eq("Azilal: sources cited", ["004_edb9a20724460159"], [s["id"] for s in azi["sources"]])
    eq("seeds: nothing synthetic", [False] * 6, [S[k]["synthetic"] for k in sorted(S)])

    # ---- made-up: qualifiers against a sum of provinces ----------------------
    w = tmp + "/qual"
    os.makedirs(w + "/in")
    doc(w + "/in/a.json", "made-up-a", [
        # MA-05 provinces: AZI BEM FQH KHN KHO (5 of 5)
        *[fact("MA-%s" % p, "2019", "kindergarten", "beneficiaries", v) for p, v in
          (("AZI", 400), ("BEM", 400), ("FQH", 400), ("KHN", 400), ("KHO", 350))],          # 1950
        fact("MA-05", "2019", "kindergarten", "beneficiaries", 1900, qualifier="at_least"),  # consistent
        *[fact("MA-%s" % p, "2019", "literacy", "beneficiaries", v) for p, v in
          (("AZI", 3000), ("BEM", 3000), ("FQH", 3000), ("KHN", 3000), ("KHO", 2108))],     # 14108
        fact("MA-05", "2019", "literacy", "beneficiaries", 14000, qualifier="approx"),      # consistent
        *[fact("MA-%s" % p, "2019", "literacy", "centres", v) for p, v in
          (("AZI", 20), ("BEM", 20), ("FQH", 20), ("KHN", 20), ("KHO", 25))],               # 105
        fact("MA-05", "2019", "literacy", "centres", 100),                                  # differs by 5
        *[fact("MA-%s" % p, "2019", "kindergarten", "centres", 12) for p in ("AZI", "BEM", "FQH", "KHN", "KHO")],
        fact("MA-05", "2019", "kindergarten", "centres", 50, qualifier="at_most"),          # 60 > 50
        # partial coverage: 2 of 5 provinces
        fact("MA-AZI", "2019", "student_house", "beneficiaries", 40),
        fact("MA-BEM", "2019", "student_house", "beneficiaries", 30),
        fact("MA-05", "2019", "student_house", "beneficiaries", 100),                       # 70 <= 100: fine
        fact("MA-AZI", "2019", "social_complex", "beneficiaries", 90),
        fact("MA-BEM", "2019", "social_complex", "beneficiaries", 30),
        fact("MA-05", "2019", "social_complex", "beneficiaries", 100),                      # 120 > 100: exceeds
    ])
    _, Q = pipeline([w + "/in"], w)
    r5 = Q["MA-05"]
    eq("at_least 1900 vs derived 1950: consistent", [], cell(r5, "MA-05", "2019", "kindergarten", "beneficiaries")["flags"])
    eq("approx 14000 vs derived 14108: consistent", [], cell(r5, "MA-05", "2019", "literacy", "beneficiaries")["flags"])
    c = cell(r5, "MA-05", "2019", "literacy", "centres")
    eq("exact 100 vs derived 105: differs by 5", (["differs"], 5, "territories"),
       (c["flags"], c.get("difference"), c.get("difference_basis")))
    eq("exact 100 vs derived 105: reported value shown, both kept", (100, 105),
       (c["value"], derived(c, "territories")["value"]))
    eq("at_most 50 vs derived 60: differs", ["differs"], cell(r5, "MA-05", "2019", "kindergarten", "centres")["flags"])
    c = cell(r5, "MA-05", "2019", "student_house", "beneficiaries")
    eq("partial 70 (2/5) under reported 100: no flag", ([], 2, 5, True),
       (c["flags"], derived(c, "territories")["have"], derived(c, "territories")["of"], derived(c, "territories")["partial"]))
    eq("partial 120 (2/5) over reported 100: parts exceed total", ["parts_exceed_total"],
       cell(r5, "MA-05", "2019", "social_complex", "beneficiaries")["flags"])
    c = cell(Q["MA"], "MA", "2019", "literacy", "beneficiaries")
    eq("national from 1 of 12 regions: partial, never complete", (True, 1, 12),
       (c["partial"], derived(c, "territories")["have"], derived(c, "territories")["of"]))

    # ---- made-up: two sources, one cell -------------------------------------
    w = tmp + "/two"
    os.makedirs(w + "/in")
    doc(w + "/in/a.json", "made-up-a", [fact("MA-AZI", "2019", "kindergarten", "centres", 32, quote="32 روضا")])
    doc(w + "/in/b.json", "made-up-b", [fact("MA-AZI", "2019", "kindergarten", "centres", 35, quote="35 روضا"),
                                        fact("MA-AZI", "2019", "literacy", "centres", 7)])
    doc(w + "/in/c.json", "made-up-c", [fact("MA-AZI", "2019", "literacy", "centres", 7, qualifier="approx")])
    _, T = pipeline([w + "/in"], w)
    c = cell(T["MA-AZI"], "MA-AZI", "2019", "kindergarten", "centres")
    eq("two sources disagree: flagged", ["conflicting_sources"], c["flags"])
    eq("two sources: both kept with provenance", [("made-up-a", 32, "32 روضا"), ("made-up-b", 35, "35 روضا")],
       [(r["source"], r["value"], r["quote"]) for r in c["reported"]])
    eq("two sources agree (exact 7 and approx 7): no flag", [],
       cell(T["MA-AZI"], "MA-AZI", "2019", "literacy", "centres")["flags"])

    # ---- made-up: months, sexes, ratios -------------------------------------
    w = tmp + "/months"
    os.makedirs(w + "/in")
    facts = [fact("MA-AZI", "2020-%02d" % m, "literacy", "beneficiaries", 10 * m) for m in range(1, 13)]      # 780
    facts += [fact("MA-AZI", "2020-%02d" % m, "kindergarten", "beneficiaries", 5) for m in range(1, 4)]      # 3 months
    facts += [fact("MA-AZI", "2020-%02d" % m, "literacy", "centres", 6 + m // 6) for m in range(1, 13)]      # last: 8
    facts += [fact("MA-AZI", "2021", "literacy", "beneficiaries", 300, sex="female"),
              fact("MA-AZI", "2021", "literacy", "beneficiaries", 100, sex="male"),
              fact("MA-AZI", "2021", "kindergarten", "beneficiaries", 300, sex="female"),
              fact("MA-AZI", "2021", "kindergarten", "beneficiaries", 301),
              fact("MA-AZI", "2021", "literacy", "female_share_pct", 70)]
    facts += [fact("MA-AZI", "2021", "education_training", "beneficiaries", 50, facility="MA-AZI/F%d" % i) for i in range(4)]
    facts += [fact("MA-AZI", "2021-%02d" % m, "education_training", "beneficiaries", 10, facility="MA-AZI/F9") for m in range(1, 13)]
    doc(w + "/in/m.json", "made-up-m", facts)
    _, M = pipeline([w + "/in"], w)
    azi = M["MA-AZI"]
    c = cell(azi, "MA-AZI", "2020", "literacy", "beneficiaries")
    eq("12 months sum into the year: 780, complete", (780, "months", False, 12), (c["value"], c["basis"], c["partial"], derived(c, "months")["have"]))
    c = cell(azi, "MA-AZI", "2020", "kindergarten", "beneficiaries")
    eq("3 months of 12: partial 15", (15, True, 3), (c["value"], c["partial"], derived(c, "months")["have"]))
    eq("centres over time: last month's value", 8, cell(azi, "MA-AZI", "2020", "literacy", "centres")["value"])
    c = cell(azi, "MA-AZI", "2021", "literacy", "beneficiaries")
    eq("women + men = 400", (400, "sexes", False), (c["value"], c["basis"], c["partial"]))
    c = cell(azi, "MA-AZI", "2021", "literacy", "female_share_pct")
    eq("female share 70 reported, recomputed 75: differs", (70, 75, ["differs"]),
       (c["value"], derived(c, "ratio")["value"], c["flags"]))
    c = cell(azi, "MA-AZI", "2021", "kindergarten", "beneficiaries", sex="female")
    check("female 300 <= total 301: rule passes",
          not [r for r in azi["quality"] if r["rule"] == "female_le_total" and r["programme"] == "kindergarten"])
    c = cell(azi, "MA-AZI", "2021", "education_training", "beneficiaries")
    eq("facilities: 4 yearly x 50 + 12 months x 10 = 320", (320, "facilities", 16), (c["value"], c["basis"], derived(c, "facilities")["have"]))
    c = cell(azi, "MA-AZI", "2021", "kindergarten", "female_share_pct")
    check("female share 300/301 recomputed", c is not None and abs(c["value"] - 100 * 300 / 301) < 1e-9, c)

    # ---- made-up: every rule operator and missing strategy -------------------
    w = tmp + "/rules"
    os.makedirs(w + "/in")
    doc(w + "/in/r.json", "made-up-r", [
        fact("MA-AZI", "2019", "kindergarten", "centres", 10), fact("MA-AZI", "2019", "kindergarten", "beneficiaries", 20),
        fact("MA-AZI", "2019", "literacy", "centres", 30)])
    rules = {"format": "taawun-rules/1", "rules": []}
    ops = [("==", 0, 1), ("!=", 1, 0), ("<", 1, 0), ("<=", 1, 0), (">", 0, 1), (">=", 0, 1)]
    for op, pass_kg, _ in ops:
        rules["rules"].append({"id": "op " + op, "ar": "-", "fr": "-", "importance": "low",
                               "left": {"indicator": "centres"}, "operator": op, "right": {"indicator": "beneficiaries"},
                               "missing": "skip_if_any_missing"})
    rules["rules"] += [
        {"id": "pair", "ar": "-", "fr": "-", "importance": "low", "left": {"indicator": "centres"},
         "operator": "compulsory_pair", "right": {"indicator": "beneficiaries"}},
        {"id": "exclusive", "ar": "-", "fr": "-", "importance": "low", "left": {"indicator": "centres"},
         "operator": "exclusive_pair", "right": {"indicator": "beneficiaries"}},
        {"id": "never_skip", "ar": "-", "fr": "-", "importance": "low", "left": {"indicator": "beneficiaries"},
         "operator": ">=", "right": {"value": 1}, "missing": "never_skip"},
        {"id": "skip_if_all", "ar": "-", "fr": "-", "importance": "low", "left": {"indicator": "beneficiaries"},
         "operator": "<=", "right": {"indicator": "centres"}, "missing": "skip_if_all_missing"}]
    json.dump(rules, open(w + "/rules.json", "w"))
    _, R = pipeline([w + "/in"], w, rules=w + "/rules.json")
    fails = sorted((r["rule"], r["programme"]) for r in R["MA-AZI"]["quality"])
    # kindergarten 10 centres / 20 people; literacy 30 centres, no people;
    # all (derived): 40 centres / 20 people, sums over 2 of the programmes
    # only (partial): "==" cannot fail on a lower bound
    expected = sorted([("op ==", "kindergarten"), ("op >", "kindergarten"), ("op >=", "kindergarten"),
                       ("pair", "literacy"), ("exclusive", "kindergarten"), ("never_skip", "literacy"),
                       ("skip_if_all", "kindergarten"),
                       ("op <", "all"), ("op <=", "all"), ("exclusive", "all")])
    eq("rule operators and missing strategies: exactly the expected failures", expected, fails)
    eq("rule results counted", {"failed": 10, "passed": 14}, R["MA-AZI"]["quality_summary"])

    # ---- incremental: only changed scopes are rewritten ----------------------
    w = tmp + "/incr"
    os.makedirs(w + "/in")
    for f in os.listdir(ROOT + "/input"):
        if f.endswith(".json"):
            shutil.copy(os.path.join(ROOT, "input", f), w + "/in")
    pipeline([w + "/in"], w)
    before = {f: os.stat(os.path.join(w, "cube", f)).st_mtime_ns for f in os.listdir(w + "/cube")}
    agg = [BIN + "/taawun-aggregate", "-f", w + "/facts.tsv", "-s", w + "/sources.json", "-o", w]
    r = run(agg, cwd=ROOT)
    check("rerun on the same facts: 0 slices changed", "6 scopes (0 changed)" in r.stderr, r.stderr)
    after = {f: os.stat(os.path.join(w, "cube", f)).st_mtime_ns for f in os.listdir(w + "/cube")}
    eq("rerun: slices untouched (make will not re-render)", before, after)
    d = json.load(open(w + "/in/001_08d17d1d1ab95b3d.json", encoding="utf-8"))
    d["facts"][0]["value"] += 1
    json.dump(d, open(w + "/in/001_08d17d1d1ab95b3d.json", "w", encoding="utf-8"), ensure_ascii=False, indent=1)
    run([BIN + "/taawun-ingest", "-q", "-o", w + "/facts.tsv", "-s", w + "/sources.json", w + "/in"], cwd=ROOT)
    r = run(agg, cwd=ROOT)
    check("one Laâyoune figure changed: 3 slices rewritten (MA, MA-11, MA-LAA)", "6 scopes (3 changed)" in r.stderr, r.stderr)
finally:
    shutil.rmtree(tmp)

finish()
