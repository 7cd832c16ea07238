#!/usr/bin/python3
"""Checks the extracted facts (input/*.json, input/*.ndjson) against the seed texts
(input/sources/*.txt) and the catalogues (input/catalog/).

Standard library only.  Run from anywhere:

    /usr/bin/python3 tests/check_seed_figures.py [-v]

What is checked
  1. the catalogues: every code of the facts format, in its order, labels, aggregation
     rules; codes added by the project carry a "note"; each rule is checked on its own
     and a failure names the rule the entry breaks (indicator_rules);
  2. every document: container, source block (publisher, url, published as YYYY,
     YYYY-MM or YYYY-MM-DD), period_basis (inferred needs a note, publication is the
     publication year), every fact's fields and codes (programme,
     indicator, geo in input/catalog/morocco-territories.csv or "MA", facility under its
     geo, period syntax, qualifier/sex/area/item), no cell stated twice in one document;
  3. every quote is a verbatim substring of its source text, found exactly once (so it
     has one position), and geo_as_reported is verbatim too;
  4. the fact's value can be read from its quote: a number written in digits, a number
     word of WORD_NUMBERS, or a compound such as "14 ألفا و 108" (rule in quote_values);
     a quote that puts "حوالي" / "أكثر من" / "ما يزيد عن" right before the number needs
     qualifier approx / at_least, and those qualifiers need such a word;
  5. every number written in digits (ASCII or Arabic-Indic) and every number word of
     WORD_NUMBERS in every source text is inside the quote of some fact of that text,
     or in ALLOWLIST (with the reason); allowlist entries must point at exactly one
     number that no quote covers;
  6. spot checks with the expected values (SPOT_CHECKS) and the Grand Casablanca sums.

The last line is "N passed, M failed"; the exit status is 1 when anything failed.
"""
import csv
import json
import math
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUT = os.path.join(ROOT, "input")
SOURCES = os.path.join(INPUT, "sources")
CATALOG = os.path.join(INPUT, "catalog")

# --------------------------------------------------------------------------- rules

SPEC_PROGRAMMES = [
    "all", "kindergarten", "education_training", "vocational_apprenticeship",
    "vocational_familiarization", "citizen_house", "social_complex", "literacy",
    "social_care_institution", "student_house", "disability_centre", "disability_support",
    "schooling_support", "reception_orientation", "child_protection_cell", "minors_protection",
    "income_generating", "cooperatives", "solidarity_marketing", "association_partnership",
    "indh_partnership", "food_aid", "street_people", "social_vigilance",
]
# programmes of the centre network whose centres/beneficiaries add up to "all"
IN_TOTAL = {
    "kindergarten", "education_training", "vocational_apprenticeship",
    "vocational_familiarization", "citizen_house", "social_complex", "literacy",
    "social_care_institution", "student_house", "disability_centre",
}
SPEC_INDICATORS = [
    "centres", "beneficiaries", "families", "budget_mad", "female_share_pct", "agreements",
    "associations", "cooperatives", "projects", "exhibitions", "cells", "items",
]
UNITS = {"count", "people", "families", "mad", "percent"}
STOCKS = {"centres", "cells", "associations", "cooperatives"}          # over_time: last
FLOWS = {"beneficiaries", "budget_mad", "agreements", "exhibitions", "projects", "items", "families"}

FACT_FIELDS = {"geo", "facility", "geo_as_reported", "period", "programme", "indicator",
               "value", "qualifier", "sex", "area", "item", "source", "quote", "note", "period_basis"}
REQUIRED = ("geo", "period", "programme", "indicator", "value")
QUALIFIERS = {"exact", "approx", "at_least", "at_most"}
SEXES = {"female", "male"}
AREAS = {"urban", "rural", "periurban"}
SOURCE_FIELDS = {"id", "title", "publisher", "url", "published", "lang", "file"}   # and x_ extensions
PERIOD_BASES = {"stated", "publication", "inferred"}

# Numbers written in words in the seed texts.  Only these are read; add a word here
# (with its value) when a new source spells a figure out.
WORD_NUMBERS = {
    "ثلاثة": 3,    # 000 «دور المواطن» وعددها ثلاثة; 001 ثلاثة مؤسسات; 003 ثلاثة آلاف; 004 ثلاثة جمعيات
    "أربعة": 4,    # 000 أربعة ملايين
    "خمسة": 5,     # 000 خمسة مراكز
    "السبع": 7,    # 004 فضاءات محو الأمية السبع ("the seven")
    "تسعة": 9,     # 000 المركبات الاجتماعية، وهي تسعة
}
# Multipliers after a number.  Rule for compounds: terms "N [scale]" joined only by
# "و" (with or without spaces) add up: "14 ألفا و 108" = 14*1000 + 108 = 14108,
# "أربعة ملايين و 424 ألف" = 4*10^6 + 424*1000 = 4424000, "493 ألف و970" = 493970,
# "ثلاثة آلاف" = 3000.
SCALES = {"ألف": 1000, "ألفا": 1000, "آلاف": 1000, "مليون": 10**6, "ملايين": 10**6}
APPROX_WORDS = ("حوالي", "قرابة", "زهاء", "نحو")
AT_LEAST_WORDS = ("أكثر من", "ما يزيد عن", "ما يزيد على", "أزيد من")

# a quote is the clause that states the figure, not a paragraph: it may not cover
# more than this many characters or numbers written in digits
MAX_QUOTE_CHARS = 160
MAX_QUOTE_NUMBERS = 3

DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
NUMBER_TOKEN = re.compile("[%s]+(?:[.,/][%s]+)*" % (DIGITS, DIGITS))

# Numbers in the seed texts that state no figure of the institution's activity, or
# restate one already held by a fact.  (file, anchor, number, reason): the anchor is
# a verbatim piece of the text found exactly once, the number a token inside it.
ALLOWLIST = [
    ("000_a02a9928ffe59c10.txt", "خلال الموسم الاجتماعي 2011/2012", "2011/2012",
     "the period itself (social season 2011/2012)"),
    ("000_a02a9928ffe59c10.txt", "وذلك على امتداد 190 مركزا اجتماعيا", "190",
     "first statement of the 190 centres; the fact quotes the total 'مجموع المراكز إلى 190'"),
    ("000_a02a9928ffe59c10.txt", "التي ينظمها القانون 14.05،", "14.05",
     "law number 14.05 (social care institutions)"),
    ("000_a02a9928ffe59c10.txt", "ما بين 3 و 6 سنوات", "3", "age range 3 to 6 years"),
    ("000_a02a9928ffe59c10.txt", "ما بين 3 و 6 سنوات", "6", "age range 3 to 6 years"),
    ("000_a02a9928ffe59c10.txt", "البالغ عددها 190 مركزا، فالبنسبة", "190",
     "third statement of the 190 centres (same cell as the total)"),
    ("000_a02a9928ffe59c10.txt", "طبقا للمادة 1 من", "1", "article 1 of law 14.05"),
    ("000_a02a9928ffe59c10.txt", "للمادة 1 من القانون 14.05 ،", "14.05", "law number 14.05"),
    ("000_a02a9928ffe59c10.txt", "من القانون 15.01،", "15.01", "law number 15.01 (abandoned children)"),
    ("001_08d17d1d1ab95b3d.txt", "والإدماج. 1) مراكز", "1", "section number 1)"),
    ("001_08d17d1d1ab95b3d.txt", "1004 2 دروس محو الأمية", "2", "section number 2"),
    ("001_08d17d1d1ab95b3d.txt", "764 3 رياض الأطفال", "3", "section number 3"),
    ("001_08d17d1d1ab95b3d.txt", "من 3 إلى 6 سنوات", "3", "age range 3 to 6 years"),
    ("001_08d17d1d1ab95b3d.txt", "من 3 إلى 6 سنوات", "6", "age range 3 to 6 years"),
    ("001_08d17d1d1ab95b3d.txt", "256 4 دار الطالب", "4", "section number 4"),
    ("001_08d17d1d1ab95b3d.txt", "47 5 مؤسسة صاحبة", "5", "section number 5"),
    ("001_08d17d1d1ab95b3d.txt", "25 6 دور المواطن", "6", "section number 6"),
    ("001_08d17d1d1ab95b3d.txt", "335 7 اتفاقيات الشراكة", "7", "section number 7"),
    ("001_08d17d1d1ab95b3d.txt", "8 التكوين المستمر", "8", "section number 8"),
    ("001_08d17d1d1ab95b3d.txt", "9 إدماج المستفيدين", "9", "section number 9"),
    ("002_e803a8d5beb82784.txt", "يوم 27 أبريل 1957", "27", "founding date 27 April 1957"),
    ("002_e803a8d5beb82784.txt", "يوم 27 أبريل 1957", "1957", "founding year 1957"),
    ("002_e803a8d5beb82784.txt", "طيلة 59 سنة", "59", "age of the institution in years"),
    ("002_e803a8d5beb82784.txt", "وتعكس حصيلة سنة 2015", "2015", "the period itself (results of 2015)"),
    ("002_e803a8d5beb82784.txt", "الإداري الأول لمؤسسة التعاون الوطني برسم سنة 2016", "2016",
     "year of the board meeting (the date of the statement)"),
    ("002_e803a8d5beb82784.txt", "استراتيجية (4+4)", "4", "name of the '4+4' strategy"),
    ("002_e803a8d5beb82784.txt", "استراتيجية (4+4)", "4", "name of the '4+4' strategy"),
    ("002_e803a8d5beb82784.txt", "خطة عملها لسنة 2016", "2016",
     "year of the action plan (the period of the planned 52 cells)"),
    ("003_e34c174c5f7e81b1.txt", "يوم 27 أبريل 1957", "27", "founding date 27 April 1957"),
    ("003_e34c174c5f7e81b1.txt", "يوم 27 أبريل 1957", "1957", "founding year 1957"),
    ("003_e34c174c5f7e81b1.txt", "بالذكرى الـ63", "63", "63rd anniversary (1957 + 63 = 2020, the period)"),
    ("003_e34c174c5f7e81b1.txt", "(كوفيد 19)", "19", "name of the disease COVID-19"),
    ("003_e34c174c5f7e81b1.txt", "اعتمدته سنة 2014", "2014", "year the development plan was adopted"),
    ("003_e34c174c5f7e81b1.txt", "وفق القانون 14.05", "14.05", "law number 14.05"),
    # the text has a no-break space (U+00A0) between "février" and "2019"
    ("004_edb9a20724460159.txt", "27 février\u00a02019", "27", "publication date (source.published)"),
    ("004_edb9a20724460159.txt", "27 février\u00a02019", "2019", "publication date (source.published)"),
]

# Expected facts: (label, selector, expected value, expected qualifier).  The selector
# fields must all match; exactly one fact may match.
SPOT_CHECKS = [
    ("Grand Casablanca kindergarten centres", dict(geo="MA-06", period="2011/2012", programme="kindergarten", indicator="centres"), 23, "exact"),
    ("Grand Casablanca kindergarten beneficiaries", dict(geo="MA-06", period="2011/2012", programme="kindergarten", indicator="beneficiaries"), 1175, "exact"),
    ("Grand Casablanca education_training centres", dict(geo="MA-06", period="2011/2012", programme="education_training", indicator="centres"), 88, "exact"),
    ("Grand Casablanca education_training beneficiaries", dict(geo="MA-06", period="2011/2012", programme="education_training", indicator="beneficiaries"), 7284, "exact"),
    ("Grand Casablanca all centres", dict(geo="MA-06", period="2011/2012", programme="all", indicator="centres"), 190, "exact"),
    ("Grand Casablanca all beneficiaries", dict(geo="MA-06", period="2011/2012", programme="all", indicator="beneficiaries"), 14108, "exact"),
    ("Grand Casablanca female share", dict(geo="MA-06", period="2011/2012", programme="all", indicator="female_share_pct"), 80, "exact"),
    ("Grand Casablanca social care support 2011", dict(geo="MA-06", period="2011", programme="social_care_institution", indicator="budget_mad"), 4424000, "exact"),
    ("Azilal social care institutions", dict(geo="MA-AZI", period="2019", programme="social_care_institution", indicator="centres"), 37, "exact"),
    ("Azilal social care beneficiaries", dict(geo="MA-AZI", period="2019", programme="social_care_institution", indicator="beneficiaries"), 2476, "exact"),
    ("Azilal social care budget", dict(geo="MA-AZI", period="2019", programme="social_care_institution", indicator="budget_mad"), 2796000, "exact"),
    ("Azilal kindergartens", dict(geo="MA-AZI", period="2019", programme="kindergarten", indicator="centres"), 32, "exact"),
    ("Azilal education_training (women)", dict(geo="MA-AZI", period="2019", programme="education_training", indicator="beneficiaries", sex="female"), 827, "exact"),
    ("Azilal wheelchairs", dict(geo="MA-AZI", period="2019", programme="disability_support", indicator="items", item="wheelchair"), 43, "exact"),
    ("Azilal disability aid", dict(geo="MA-AZI", period="2019", programme="disability_support", indicator="beneficiaries"), 1900, "at_least"),
    ("Laâyoune citizen house 1", dict(geo="MA-LAA", facility="MA-LAA/citizen-house-1", programme="citizen_house", indicator="beneficiaries"), 242, "exact"),
    ("Laâyoune citizen house 2", dict(geo="MA-LAA", facility="MA-LAA/citizen-house-2", programme="citizen_house", indicator="beneficiaries"), 240, "exact"),
    ("Laâyoune citizen house 3", dict(geo="MA-LAA", facility="MA-LAA/citizen-house-3", programme="citizen_house", indicator="beneficiaries"), 335, "exact"),
    ("national centres 2015", dict(geo="MA", period="2015", programme="all", indicator="centres"), 3988, "exact"),
    ("national beneficiaries 2015", dict(geo="MA", period="2015", programme="all", indicator="beneficiaries"), 493970, "at_least"),
    ("national vigilance cells planned 2016", dict(geo="MA", period="2016", programme="social_vigilance", indicator="cells"), 52, "exact"),
    ("street people 1 April 2020", dict(geo="MA", period="2020-04-01", programme="street_people", indicator="beneficiaries"), 3000, "approx"),
]

# --------------------------------------------------------------------------- harness

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import checks  # noqa: E402

VERBOSE = "-v" in sys.argv[1:]
checks.show_ok = VERBOSE   # thousands of checks: the failures, unless -v


def check(ok, what):
    return checks.check(what, ok)


def rel(path):
    return os.path.relpath(path, ROOT)


def context(text, start, end, width=30):
    return text[max(0, start - width):end + width].replace("\n", " ")


def load_json(path):
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh), None
    except (OSError, ValueError) as e:
        return None, str(e)


def ascii_digits(s):
    out = []
    for ch in s:
        if "\u0660" <= ch <= "\u0669":
            ch = chr(ord(ch) - 0x0660 + 48)
        elif "\u06f0" <= ch <= "\u06f9":
            ch = chr(ord(ch) - 0x06f0 + 48)
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- numbers in quotes

_WORDS = "|".join(sorted(map(re.escape, WORD_NUMBERS), key=len, reverse=True))
_SCALES = "|".join(sorted(map(re.escape, SCALES), key=len, reverse=True))
TERM = re.compile(r"(?:(?P<digits>[%s]+(?:\.[%s]+)?)|(?<!\w)(?P<word>%s)(?!\w))"
                  r"(?:\s*(?P<scale>%s)(?!\w))?" % (DIGITS, DIGITS, _WORDS, _SCALES))
JOIN = re.compile(r"\s*و\s*$")


def quote_values(quote):
    """[(value, start, end)]: the numbers the quote states.  A term is a digit string
    or a WORD_NUMBERS word, optionally times a SCALES word.  A term with a scale word
    that is followed by "و" and another term forms a compound with it, and the
    compound is read as one number only (its parts are not): "14 ألفا و 108" states
    14108, not 14 or 14000."""
    terms = []
    for m in TERM.finditer(quote):
        if m.group("digits"):
            d = ascii_digits(m.group("digits"))
            n = float(d) if "." in d else int(d)
        else:
            n = WORD_NUMBERS[m.group("word")]
        scale = SCALES[m.group("scale")] if m.group("scale") else None
        terms.append((n * (scale or 1), scale is not None, m.start(), m.end()))
    out = []
    i = 0
    while i < len(terms):
        total, scaled, start, end = terms[i]
        j = i + 1
        while scaled and j < len(terms) and JOIN.fullmatch(quote[end:terms[j][2]]):
            total += terms[j][0]
            scaled, end = terms[j][1], terms[j][3]
            j += 1
        out.append((total, start, end))
        i = j
    return out


FEMININE = ("مستفيدة", "مستفيدات", "امرأة", "نساء", "النساء", "فتاة", "فتيات", "الفتيات", "إناث")


def qualifier_word_before(quote, start):
    before = quote[:start].rstrip()
    before = re.sub(r"ب(?=حوالي$)", "", before)
    for w in AT_LEAST_WORDS:
        if before.endswith(w):
            return "at_least"
    for w in APPROX_WORDS:
        if before.endswith(w):
            return "approx"
    return None


# --------------------------------------------------------------------------- catalogues

def has_labels(e):
    return (isinstance(e.get("ar"), str) and re.search("[\u0600-\u06ff]", e["ar"]) is not None
            and isinstance(e.get("fr"), str) and e["fr"].strip() != "")


def indicator_rules(i, ind_codes):
    """[(rule, holds)] for one entry of indicators.json: each rule is checked and
    reported on its own, so that a failure names the rule the entry breaks."""
    c, unit, ot, oti, mx = i.get("code"), i.get("unit"), i.get("over_territory"), i.get("over_time"), i.get("max", "absent")
    rules = [
        ("rule 'labels': an Arabic (ar) and a French (fr) label", has_labels(i)),
        ("rule 'unit': unit is one of %s (is %r)" % (", ".join(sorted(UNITS)), unit), unit in UNITS),
        ("rule 'over_territory': sum, ratio or none (is %r)" % (ot,), ot in ("sum", "ratio", "none")),
        ("rule 'over_time': sum, last or none (is %r)" % (oti,), oti in ("sum", "last", "none")),
    ]
    if unit == "percent":
        # a share of a whole stops at 100; a rate that can exceed it (growth) has no
        # maximum, and is then never summed nor recomputed: over_territory none
        rules.append(("rule 'percent max': a percent has max 100, or max null with over_territory none "
                      "(a rate that can exceed 100, e.g. growth) (is max %r, over_territory %r)" % (mx, ot),
                      mx == 100 or (mx is None and ot == "none")))
        rules.append(("rule 'percent not summed': a percent is never summed (over_territory ratio or none, "
                      "over_time none) (is %r, %r)" % (ot, oti), ot in ("ratio", "none") and oti == "none"))
    else:
        rules.append(("rule 'max': max is null for a count or an amount (is %r)" % (mx,), mx is None))
    if c in STOCKS:
        rules.append(("rule 'stock': a stock (centres, cells, associations, cooperatives) has over_time last (is %r)" % (oti,),
                      oti == "last"))
    if c in FLOWS:
        rules.append(("rule 'flow': a flow has over_time sum (is %r)" % (oti,), oti == "sum"))
    if ot == "ratio":
        r = i.get("ratio") or {}
        rules.append(("rule 'ratio': numerator and denominator name indicators of this file, scale is a number",
                      all((r.get(k) or {}).get("indicator") in ind_codes for k in ("numerator", "denominator"))
                      and isinstance(r.get("scale"), (int, float))))
    if c not in SPEC_INDICATORS:
        rules.append(("rule 'note': an indicator added beyond the spec explains itself in a note",
                      isinstance(i.get("note"), str) and i["note"].strip() != ""))
    return rules


def check_catalogues():
    progs, err = load_json(os.path.join(CATALOG, "programmes.json"))
    check(progs is not None, "input/catalog/programmes.json is valid JSON" + (": " + err if err else ""))
    inds, err = load_json(os.path.join(CATALOG, "indicators.json"))
    check(inds is not None, "input/catalog/indicators.json is valid JSON" + (": " + err if err else ""))
    prog_codes, ind_codes = {}, {}
    if progs:
        check(progs.get("format") == "taawun-programmes/1", "programmes.json format is taawun-programmes/1")
        lst = progs.get("programmes") or []
        codes = [p.get("code") for p in lst]
        check(codes[:len(SPEC_PROGRAMMES)] == SPEC_PROGRAMMES,
              "programmes.json lists the spec's programme codes first, in the spec's order")
        check(len(codes) == len(set(codes)), "programmes.json: no code listed twice")
        for p in lst:
            c = p.get("code")
            prog_codes[c] = p
            check(has_labels(p), "programme %s: rule 'labels': an Arabic (ar) and a French (fr) label" % c)
            check(isinstance(p.get("in_total"), bool), "programme %s: rule 'in_total': in_total is true or false" % c)
            if c in SPEC_PROGRAMMES:
                check(p.get("in_total") is (c in IN_TOTAL),
                      "programme %s: rule 'spec in_total': in_total is %s" % (c, str(c in IN_TOTAL).lower()))
            else:
                check(isinstance(p.get("note"), str) and p["note"].strip() != "",
                      "programme %s: rule 'note': a programme added beyond the spec explains itself in a note" % c)
    if inds:
        check(inds.get("format") == "taawun-indicators/1", "indicators.json format is taawun-indicators/1")
        lst = inds.get("indicators") or []
        codes = [i.get("code") for i in lst]
        check(codes[:len(SPEC_INDICATORS)] == SPEC_INDICATORS,
              "indicators.json lists the spec's 12 indicator codes first, in the spec's order")
        check(len(codes) == len(set(codes)), "indicators.json: no code listed twice")
        for i in lst:
            ind_codes[i.get("code")] = i
        for i in lst:
            c = i.get("code")
            for rule, ok in indicator_rules(i, ind_codes):
                check(ok, "indicator %s: %s" % (c, rule))
        fs = ind_codes.get("female_share_pct") or {}
        check(fs.get("unit") == "percent" and fs.get("over_territory") == "ratio"
              and (fs.get("ratio") or {}).get("numerator") == {"indicator": "beneficiaries", "sex": "female"}
              and (fs.get("ratio") or {}).get("denominator") == {"indicator": "beneficiaries"}
              and (fs.get("ratio") or {}).get("scale") == 100,
              "female_share_pct is the ratio female beneficiaries / beneficiaries x 100")
    geos = set()
    try:
        with open(os.path.join(CATALOG, "morocco-territories.csv"), encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                geos.add(row["code"])
    except (OSError, KeyError) as e:
        check(False, "input/catalog/morocco-territories.csv readable with a code column: %s" % e)
    geos.add("MA")
    return prog_codes, ind_codes, geos


# --------------------------------------------------------------------------- documents

PERIOD = re.compile(r"^(\d{4})(?:/(\d{4})|-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def period_ok(p):
    m = PERIOD.match(p) if isinstance(p, str) else None
    if not m:
        return False
    if m.group(2) and int(m.group(2)) != int(m.group(1)) + 1:
        return False
    if m.group(4):
        import datetime
        try:
            datetime.date(int(m.group(1)), int(m.group(3)), int(m.group(4)))
        except ValueError:
            return False
    return True


PUBLISHED = {}   # source id -> source.published


def load_documents():
    """[(path, source_id, source_file_or_None, [facts])]"""
    docs = []
    for name in sorted(os.listdir(INPUT)):
        path = os.path.join(INPUT, name)
        if name.endswith(".json") and os.path.isfile(path):
            d, err = load_json(path)
            if not check(isinstance(d, dict), "%s is a JSON object%s" % (rel(path), ": " + err if err else "")):
                continue
            check(d.get("format") == "entraide-facts/1", "%s: format is entraide-facts/1" % rel(path))
            src = d.get("source") or {}
            check(isinstance(src, dict) and {k for k in src if not k.startswith("x_")} <= SOURCE_FIELDS and "id" in src,
                  "%s: source has an id and only the fields %s" % (rel(path), ", ".join(sorted(SOURCE_FIELDS))))
            check(src.get("id") == name[:-5], "%s: source.id is the file's name (%s)" % (rel(path), name[:-5]))
            check(isinstance(src.get("title"), str) and src["title"].strip() != "", "%s: source has a title" % rel(path))
            if "published" in src:
                check(isinstance(src["published"], str) and PERIOD.match(src["published"]) is not None
                      and "/" not in src["published"] and period_ok(src["published"]),
                      "%s: source.published is YYYY, YYYY-MM or YYYY-MM-DD" % rel(path))
            if "url" in src:
                check(isinstance(src["url"], str) and re.fullmatch(r"https?://[^\s\"<>]+", src["url"]) is not None,
                      "%s: source.url is an http(s) address" % rel(path))
            PUBLISHED[src.get("id")] = src.get("published")
            sf = src.get("file")
            if sf is not None:
                check(os.path.isfile(os.path.join(SOURCES, sf)) and os.path.basename(sf) == sf,
                      "%s: source.file %s is a file of input/sources/" % (rel(path), sf))
            facts = d.get("facts")
            check(isinstance(facts, list) and len(facts) > 0, "%s: facts is a non-empty list" % rel(path))
            docs.append((path, src.get("id"), sf, facts if isinstance(facts, list) else []))
        elif name.endswith(".ndjson") and os.path.isfile(path):
            by_source = {}
            with open(path, encoding="utf-8") as fh:
                for n, line in enumerate(fh, 1):
                    if not line.strip():
                        continue
                    try:
                        f = json.loads(line)
                    except ValueError as e:
                        check(False, "%s:%d: valid JSON: %s" % (rel(path), n, e))
                        continue
                    by_source.setdefault(f.get("source"), []).append(f)
            for sid, facts in sorted(by_source.items(), key=lambda kv: str(kv[0])):
                check(isinstance(sid, str) and sid != "", "%s: every line has a source" % rel(path))
                sf = (sid + ".txt") if isinstance(sid, str) and os.path.isfile(os.path.join(SOURCES, sid + ".txt")) else None
                docs.append((path, sid, sf, facts))
    return docs


def fact_label(path, i, f):
    return "%s fact %d (%s %s %s %s=%s)" % (rel(path), i + 1, f.get("geo"), f.get("period"),
                                             f.get("programme"), f.get("indicator"), f.get("value"))


def check_fact(path, sid, i, f, text, progs, inds, geos):
    lab = fact_label(path, i, f)
    if not check(isinstance(f, dict), "%s is an object" % lab):
        return None
    unknown = [k for k in f if k not in FACT_FIELDS and not k.startswith("x_")]
    check(not unknown, "%s: no unknown field%s" % (lab, (" (" + ", ".join(unknown) + ")") if unknown else ""))
    missing = [k for k in REQUIRED if k not in f]
    check(not missing, "%s: required fields present%s" % (lab, (" (missing " + ", ".join(missing) + ")") if missing else ""))
    v = f.get("value")
    check(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v >= 0,
          "%s: value is a finite non-negative number" % lab)
    check(f.get("programme") in progs, "%s: programme %r is in programmes.json" % (lab, f.get("programme")))
    check(f.get("indicator") in inds, "%s: indicator %r is in indicators.json" % (lab, f.get("indicator")))
    check(f.get("geo") in geos and not str(f.get("geo")).startswith("OLD-"),
          "%s: geo %r is MA or an ISO code of morocco-territories.csv" % (lab, f.get("geo")))
    if "facility" in f:
        check(isinstance(f["facility"], str) and f["facility"].startswith(str(f.get("geo")) + "/"),
              "%s: facility %r lies under its geo" % (lab, f.get("facility")))
    check(period_ok(f.get("period")), "%s: period %r is YYYY, YYYY/YYYY+1, YYYY-MM or YYYY-MM-DD" % (lab, f.get("period")))
    basis = f.get("period_basis", "stated")
    check(basis in PERIOD_BASES, "%s: period_basis %r is stated, publication or inferred" % (lab, basis))
    if basis == "inferred":
        check(isinstance(f.get("note"), str) and f["note"].strip() != "",
              "%s: an inferred period says how in note" % lab)
    if basis == "publication":
        pub = PUBLISHED.get(sid)
        check(isinstance(pub, str) and str(f.get("period", ""))[:4] == pub[:4],
              "%s: a period of basis publication is the source's publication year (%s)" % (lab, pub))
    q = f.get("qualifier", "exact")
    check(q in QUALIFIERS, "%s: qualifier %r is one of %s" % (lab, q, ", ".join(sorted(QUALIFIERS))))
    if "sex" in f:
        check(f["sex"] in SEXES, "%s: sex %r is female or male" % (lab, f["sex"]))
    if "area" in f:
        check(f["area"] in AREAS, "%s: area %r is urban, rural or periurban" % (lab, f["area"]))
    if f.get("indicator") == "items" or "item" in f:
        check(f.get("indicator") == "items" and isinstance(f.get("item"), str) and f["item"] != "",
              "%s: item is given exactly for indicator items" % lab)
    ind = inds.get(f.get("indicator")) or {}
    if isinstance(ind.get("max"), (int, float)) and isinstance(v, (int, float)):
        check(v <= ind["max"], "%s: value within the indicator's max %s" % (lab, ind["max"]))
    if "source" in f:
        check(f["source"] == sid, "%s: source %r is the document's id" % (lab, f["source"]))

    span = None
    if text is None:
        return None
    if "geo_as_reported" in f:
        check(isinstance(f["geo_as_reported"], str) and f["geo_as_reported"] in text,
              "%s: geo_as_reported is verbatim in the source text" % lab)
    quote = f.get("quote")
    if not check(isinstance(quote, str) and quote.strip() != "", "%s: has a quote" % lab):
        return None
    n = text.count(quote)
    if not check(n == 1, "%s: quote is a verbatim substring of the source, found once (found %d times): %s"
                 % (lab, n, quote)):
        return None
    start = text.index(quote)
    span = (start, start + len(quote))
    ntok = len(NUMBER_TOKEN.findall(quote))
    check(len(quote) <= MAX_QUOTE_CHARS and ntok <= MAX_QUOTE_NUMBERS,
          "%s: quote is short (%d <= %d characters, %d <= %d numbers in digits)"
          % (lab, len(quote), MAX_QUOTE_CHARS, ntok, MAX_QUOTE_NUMBERS))
    # the value can be read from the quote
    hits = [(s, e) for val, s, e in quote_values(quote)
            if isinstance(v, (int, float)) and abs(val - v) < 1e-9]
    check(bool(hits), "%s: the value %s is stated in the quote (digits, number word or compound): %s"
          % (lab, v, quote))
    if hits:
        s, e = hits[0]
        word = qualifier_word_before(quote, s)
        if word:
            check(q == word, "%s: quote says %s before the number, so qualifier must be %s (is %s)"
                  % (lab, quote[max(0, s - 12):s].strip(), word, q))
        if q in ("approx", "at_least"):
            # approx is also backed by a round "N ألف" with nothing after it ("14 ألف مستفيد")
            rounded = q == "approx" and re.search(r"(?:%s)$" % _SCALES, quote[s:e]) is not None
            check(word == q or rounded,
                  "%s: qualifier %s is backed by the quote (حوالي, أكثر من, ما يزيد عن ... before the number)" % (lab, q))
        after = quote[e:].split()
        if after and after[0].strip("،,.") in FEMININE:
            check(f.get("sex") == "female", "%s: the quote counts %s, so sex must be female" % (lab, after[0]))
        if f.get("sex") == "female":
            check(any(w in quote for w in FEMININE + ("النسوي", "خريجات")),
                  "%s: sex female is backed by a feminine word of the quote" % lab)
    return span


def cell_key(f):
    return tuple(f.get(k) for k in ("geo", "facility", "period", "programme", "indicator", "sex", "area", "item"))


# --------------------------------------------------------------------------- coverage

def resolve_allowlist(texts):
    """{(file, offset): reason}"""
    out = {}
    for fname, anchor, number, reason in ALLOWLIST:
        text = texts.get(fname)
        lab = "ALLOWLIST %s %r in %r" % (fname, number, anchor)
        if not check(text is not None, "%s: the source file exists" % lab):
            continue
        n = text.count(anchor)
        if not check(n == 1, "%s: the anchor is found exactly once (found %d)" % (lab, n)):
            continue
        base = text.index(anchor)
        toks = [m for m in list(NUMBER_TOKEN.finditer(anchor)) + list(WORD_TOKEN.finditer(anchor))
                if ascii_digits(m.group()) == ascii_digits(number)]
        taken = [m for m in toks if (fname, base + m.start()) not in out]
        if not check(bool(taken), "%s: the anchor holds that number (not already allowlisted)" % lab):
            continue
        out[(fname, base + taken[0].start())] = reason
    return out


# the number words of WORD_NUMBERS are held to the same rule as digits
WORD_TOKEN = re.compile(r"(?<!\w)(?:%s)(?!\w)" % _WORDS)


def check_coverage(texts, spans_by_file, allow):
    used = set()
    for fname in sorted(texts):
        text = texts[fname]
        spans = spans_by_file.get(fname, [])
        for m in list(NUMBER_TOKEN.finditer(text)) + list(WORD_TOKEN.finditer(text)):
            s, e = m.start(), m.end()
            covered = [fl for (a, b, fl) in spans if a <= s and e <= b]
            key = (fname, s)
            if key in allow:
                used.add(key)
                check(not covered, "%s: %s at %d is allowlisted (%s) and also covered by %s: drop the allowlist entry"
                      % (fname, m.group(), s, allow[key], covered[0] if covered else ""))
                continue
            check(bool(covered), "%s: number %s at offset %d is held by a fact or allowlisted  [... %s ...]"
                  % (fname, m.group(), s, context(text, s, e)))
    for key in allow:
        check(key in used, "ALLOWLIST entry at %s:%d points at a number token" % key)


# --------------------------------------------------------------------------- spot checks

def check_spots(all_facts):
    for label, sel, value, qual in SPOT_CHECKS:
        hits = [f for f in all_facts if isinstance(f, dict) and all(f.get(k) == v for k, v in sel.items())]
        if not check(len(hits) == 1, "spot check %s: exactly one fact %s (found %d)" % (label, sel, len(hits))):
            continue
        f = hits[0]
        check(f.get("value") == value and f.get("qualifier", "exact") == qual,
              "spot check %s: %s %s (found %s %s)" % (label, value, qual, f.get("value"), f.get("qualifier", "exact")))
    for label, geo, basis, n in (("Laâyoune (undated article)", "MA-LAA", "inferred", 14),
                                 ("Azilal (the article's year)", "MA-AZI", "publication", 26)):
        got = [f.get("period_basis", "stated") for f in all_facts if isinstance(f, dict) and f.get("geo") == geo]
        check(len(got) == n and set(got) == {basis},
              "spot check %s: all %d facts have period_basis %s (found %s)" % (label, n, basis, sorted(set(got))))
    laa = sorted(f.get("value") for f in all_facts if isinstance(f, dict) and f.get("geo") == "MA-LAA"
                 and f.get("programme") == "citizen_house" and f.get("indicator") == "beneficiaries" and "facility" in f)
    check(laa == [240, 242, 335], "spot check Laâyoune: the citizen-house facilities are exactly 240, 242, 335 (found %s)" % laa)
    # Grand Casablanca: the seven programmes add up to the stated totals
    for ind, total in (("centres", 190), ("beneficiaries", 14108)):
        parts = [f for f in all_facts if isinstance(f, dict) and f.get("geo") == "MA-06" and f.get("period") == "2011/2012"
                 and f.get("indicator") == ind and f.get("programme") in IN_TOTAL and "sex" not in f]
        s = sum(f["value"] for f in parts)
        check(len(parts) == 7 and s == total,
              "Grand Casablanca %s: the %d in_total programmes sum to %s (expected 7 programmes, %s)"
              % (ind, len(parts), s, total))


# --------------------------------------------------------------------------- main

def main():
    progs, inds, geos = check_catalogues()
    texts = {}
    for name in sorted(os.listdir(SOURCES)):
        if name.endswith(".txt"):
            with open(os.path.join(SOURCES, name), encoding="utf-8") as fh:
                texts[name] = fh.read()
    docs = load_documents()
    spans_by_file = {}
    all_facts = []
    files_with_doc = set()
    for path, sid, sf, facts in docs:
        text = texts.get(sf) if sf else None
        if sf:
            files_with_doc.add(sf)
        seen = {}
        for i, f in enumerate(facts):
            span = check_fact(path, sid, i, f, text, progs, inds, geos)
            if not isinstance(f, dict):
                continue
            all_facts.append(f)
            if span:
                spans_by_file.setdefault(sf, []).append((span[0], span[1], fact_label(path, i, f)))
            k = cell_key(f)
            if k in seen:
                check(False, "%s: same cell as fact %d of the same source (a figure held twice, or two "
                             "things in one cell: use another programme/indicator/item)" % (fact_label(path, i, f), seen[k] + 1))
            else:
                seen[k] = i
        if VERBOSE:
            print("info: %s: %d facts" % (rel(path), len(facts)))
    for name in sorted(texts):
        check(name in files_with_doc, "input/sources/%s has a document in input/" % name)
    allow = resolve_allowlist(texts)
    check_coverage(texts, spans_by_file, allow)
    check_spots(all_facts)
    checks.finish()


if __name__ == "__main__":
    sys.exit(main())
