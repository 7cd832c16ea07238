#!/usr/bin/python3
"""Synthetic national dataset in the facts format (stream file, NDJSON).

NOT REAL FIGURES.  Every line has "source": "synthetic", so every report
built from it is marked synthetic.  Deterministic: the same --seed and
--facts give the same bytes.

About --facilities centres (default 4000) spread over the 75 provinces of
input/catalog/morocco-territories.csv with uneven weights, each in one of the
centre programmes (kindergartens, education and training centres and
literacy classes the largest).  Each centre opens in a year of 2012..2022 and
reports every year after that, up to 2023: centres = 1, beneficiaries for
women and men, and its budget in dirhams.  When --facts asks for more lines
than the yearly figures give, the most recent centre-years report monthly
(YYYY-MM; the twelve months add up to the year).  About 10% of the facts
carry an Arabic quote.  Standard library only.
"""
import argparse
import csv
import json
import os
import random

YEARS = range(2012, 2024)
# programme: weight, beneficiaries a year, share of women, budget a year (MAD)
PROGRAMMES = {
    "kindergarten": (30, (20, 90), 0.49, (60e3, 250e3)),
    "education_training": (22, (40, 180), 0.95, (80e3, 400e3)),
    "literacy": (16, (30, 250), 0.85, (30e3, 150e3)),
    "social_care_institution": (14, (20, 160), 0.42, (400e3, 2.5e6)),
    "vocational_apprenticeship": (3, (30, 150), 0.30, (150e3, 600e3)),
    "vocational_familiarization": (2, (20, 80), 0.50, (60e3, 200e3)),
    "citizen_house": (3, (100, 600), 0.55, (100e3, 500e3)),
    "social_complex": (2, (150, 800), 0.50, (300e3, 1.2e6)),
    "student_house": (3, (40, 200), 0.45, (200e3, 900e3)),
    "disability_centre": (2, (20, 120), 0.45, (150e3, 700e3)),
}
QUOTES = {
    "centres": "تتوفر مندوبية التعاون الوطني بالإقليم على {v} مؤسسة في إطار برنامج {ar}",
    "female": "استفادت من خدمات {ar} خلال {p} ما مجموعه {v} من النساء والفتيات",
    "male": "بلغ عدد المستفيدين الذكور من خدمات {ar} خلال {p} حوالي {v} مستفيدا",
    "budget_mad": "رصدت مؤسسة التعاون الوطني غلافا ماليا قدره {v} درهم لفائدة {ar} خلال {p}",
}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--facts", type=int, default=1000000, help="number of lines to aim for")
    ap.add_argument("--facilities", type=int, default=4000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--catalog", default=os.path.join(os.path.dirname(__file__), "..", "input", "catalog"))
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    with open(os.path.join(a.catalog, "morocco-territories.csv"), encoding="utf-8") as f:
        provinces = [r["code"] for r in csv.DictReader(f) if r["level"] == "province"]
    with open(os.path.join(a.catalog, "programmes.json"), encoding="utf-8") as f:
        labels = {p["code"]: p["ar"] for p in json.load(f)["programmes"]}
    pweights = [rng.uniform(0.5, 3.0) for _ in provinces]
    progs = list(PROGRAMMES)
    gweights = [PROGRAMMES[g][0] for g in progs]
    seq = dict.fromkeys(provinces, 0)
    facilities = []
    for _ in range(a.facilities):
        prov = rng.choices(provinces, pweights)[0]
        prog = rng.choices(progs, gweights)[0]
        seq[prov] += 1
        _, ben, share, budget = PROGRAMMES[prog]
        facilities.append(dict(id="%s/S%04d" % (prov, seq[prov]), geo=prov, programme=prog,
                               opened=2012 if rng.random() < 0.6 else rng.randint(2013, 2022),
                               size=rng.uniform(*ben), share=share, budget=rng.uniform(*budget)))
    yearly = sum(4 * (YEARS[-1] + 1 - f["opened"]) for f in facilities)
    fyears = [(y, i) for i, f in enumerate(facilities) for y in YEARS if y >= f["opened"]]
    fyears.sort(key=lambda yi: (-yi[0], yi[1]))          # latest years go monthly first
    monthly = set(fyears[:max(0, (a.facts - yearly) // 33)])

    def split12(v):
        return [v * (m + 1) // 12 - v * m // 12 for m in range(12)]

    lines = 0
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as out:
        def emit(f, period, indicator, value, sex=None):
            nonlocal lines
            fact = {"geo": f["geo"], "facility": f["id"], "period": period, "programme": f["programme"],
                    "indicator": indicator, "value": value}
            if sex:
                fact["sex"] = sex
            fact["source"] = "synthetic"
            if rng.random() < 0.10:
                fact["quote"] = QUOTES[sex or indicator].format(v=value, p=period, ar=labels[f["programme"]])
            out.write(json.dumps(fact, ensure_ascii=False) + "\n")
            lines += 1

        for y in YEARS:
            growth = 1.04 ** (y - 2012) * (0.75 if y == 2020 else 1.0)
            for i, f in enumerate(facilities):
                if y < f["opened"]:
                    continue
                ben = max(1, round(f["size"] * growth * rng.uniform(0.9, 1.1)))
                fem = round(ben * min(1.0, f["share"] + rng.uniform(-0.05, 0.05)))
                budget = int(round(f["budget"] * growth * rng.uniform(0.95, 1.05), -2))
                emit(f, str(y), "centres", 1)
                if (y, i) in monthly:
                    for m, (vf, vm, vb) in enumerate(zip(split12(fem), split12(ben - fem), split12(budget))):
                        p = "%d-%02d" % (y, m + 1)
                        emit(f, p, "beneficiaries", vf, "female")
                        emit(f, p, "beneficiaries", vm, "male")
                        emit(f, p, "budget_mad", vb)
                else:
                    emit(f, str(y), "beneficiaries", fem, "female")
                    emit(f, str(y), "beneficiaries", ben - fem, "male")
                    emit(f, str(y), "budget_mad", budget)
    os.replace(tmp, a.out)
    print("%s: %d facts (synthetic), %d centres, %d monthly centre-years" % (a.out, lines, len(facilities), len(monthly)))


if __name__ == "__main__":
    main()
