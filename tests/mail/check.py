#!/usr/bin/python3
"""Checks for the mail suite: reads messages (.eml) as a mail client would
(Python's email package) and prints one "ok - ..." / "not ok - ..." line per
check.  Also makes stand-in PDF reports.

  check.py standin OUTPUT CUBE-DIR LANG... [--pad=FILE:BYTES] [--chart=NAME.png]
  check.py sample  MSG-DIR OUTPUT            the sample recipients' messages
  check.py capped  MSG-DIR ADDRESS IN OUT CAP
  check.py notice  MSG-DIR ADDRESS SUBJECT-PART TEXT
  check.py body    MSG-DIR ADDRESS TEXT...
  check.py count   MSG-DIR                   prints the number of messages
"""
import email
import email.policy
import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, failures  # noqa: E402


def ok(cond, name, detail=""):
    check(name, cond, ": " + detail if detail else "")


def pdf_bytes(text, pad=0):
    """A small valid PDF showing `text` (and `pad` bytes of filler)."""
    content = ("BT /F1 24 Tf 72 720 Td (%s) Tj ET\n" % text).encode() + b"%" * pad + b"\n"
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def png_bytes(seed):
    """A valid 1x1 PNG whose pixel depends on seed."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"\x00" + bytes([seed % 256, 0, 0])
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def standin(args):
    out, cube, langs = args[0], args[1], [a for a in args[2:] if not a.startswith("--pad")]
    pads = {}
    charts = []
    for a in args[2:]:
        if a.startswith("--pad="):
            name, size = a[6:].split(":")
            pads[name] = int(size)
        if a.startswith("--chart="):
            charts.append(a[8:])
    langs = [a for a in langs if not a.startswith("--")]
    if charts:
        os.makedirs(os.path.join(out, "charts"), exist_ok=True)
    for i, name in enumerate(charts):
        with open(os.path.join(out, "charts", name), "wb") as fp:
            fp.write(png_bytes(i + 1))
    os.makedirs(out, exist_ok=True)
    for f in sorted(glob.glob(os.path.join(cube, "*.json"))):
        scope = os.path.basename(f)[:-5]
        for lang in langs:
            name = "%s-%s.pdf" % (scope, lang)
            with open(os.path.join(out, name), "wb") as fp:
                fp.write(pdf_bytes("stand-in report %s %s" % (scope, lang), pads.get(name, 0)))


def messages(folder):
    res = []
    for path in sorted(glob.glob(os.path.join(folder, "*.eml"))):
        with open(path, "rb") as f:
            raw = f.read()
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        res.append((path, raw, msg))
    return res


def to_address(msg):
    return msg["To"].addresses[0].addr_spec


def parts(msg):
    body = msg.get_body(preferencelist=("plain",))
    atts = [p for p in msg.iter_attachments()]
    return body.get_content() if body else "", atts


def flat(text):
    return text.replace("\u00a0", "").replace("\u202f", "").replace(",", "").replace(" ", "")


SAMPLE = {
    "statistiques@example.org": ("fr", ["MA-fr.pdf"]),
    "ihsaa@example.org": ("ar", ["MA-ar.pdf"]),
    "beni-mellal-khenifra@example.org": ("fr", ["MA-05-fr.pdf", "MA-AZI-fr.pdf"]),
    "casablanca-settat@example.org": ("ar", ["MA-06-ar.pdf"]),
    "laayoune-sakia-el-hamra@example.org": ("ar", ["MA-11-ar.pdf", "MA-LAA-ar.pdf"]),
    "azilal@example.org": ("fr", ["MA-AZI-fr.pdf"]),
    "laayoune@example.org": ("fr", ["MA-LAA-fr.pdf"]),
}


def sample(args):
    folder, output = args
    ms = messages(folder)
    ok(len(ms) == len(SAMPLE), "one message per recipient (%d)" % len(SAMPLE), "got %d" % len(ms))
    seen = {}
    for path, raw, msg in ms:
        addr = to_address(msg)
        seen[addr] = seen.get(addr, 0) + 1
        envelope = path[:-4] + ".json"
        if os.path.exists(envelope):
            with open(envelope) as f:
                env = json.load(f)
            ok(env["to"] == [addr], "%s: envelope recipient is the To address" % addr, str(env["to"]))
        if addr not in SAMPLE:
            ok(False, "unexpected recipient %s" % addr)
            continue
        lang, want = SAMPLE[addr]
        ok(msg["Content-Language"] == lang, "%s: message in %s" % (addr, lang), str(msg["Content-Language"]))
        ok(msg.get_content_type() == "multipart/mixed", "%s: multipart/mixed" % addr, msg.get_content_type())
        ok(all(ord(c) < 128 for c in raw.decode("latin-1")), "%s: 7-bit message (headers and parts encoded)" % addr)
        body, atts = parts(msg)
        pdfs = [a for a in atts if a.get_content_disposition() == "attachment"]
        charts = [a for a in atts if a.get_content_disposition() == "inline"]
        names = [a.get_filename() for a in pdfs]
        ok(names == want, "%s: attachments %s" % (addr, ", ".join(want)), str(names))
        ok(len(pdfs) + len(charts) == len(atts), "%s: every part is an attachment or an inline chart" % addr)
        for a in pdfs:
            name = a.get_filename()
            ok(a.get_content_type() == "application/pdf", "%s: %s is application/pdf" % (addr, name))
            with open(os.path.join(output, name), "rb") as f:
                same = f.read() == a.get_content()
            ok(same, "%s: %s byte-identical to the report" % (addr, name))
        for a in charts:
            name = a.get_filename()
            path = os.path.join(output, "charts", name)
            if not os.path.exists(path):
                path = os.path.join(output, name)
            ok(a.get_content_type() == "image/png" and a["Content-ID"] == "<%s@taawun>" % name,
               "%s: chart %s inline, image/png, with a Content-ID" % (addr, name))
            ok(os.path.exists(path) and open(path, "rb").read() == a.get_content(),
               "%s: chart %s byte-identical to the renderer's PNG" % (addr, name))
            ok(any(name.startswith(w[:-4] + "-") for w in want), "%s: chart %s goes with its report" % (addr, name))
        ok("=?" not in str(msg["Subject"]), "%s: subject decodes" % addr, str(msg["Subject"]))
        ok(msg["Auto-Submitted"] == "auto-generated", "%s: Auto-Submitted: auto-generated" % addr)
        ok(msg["Message-ID"] is not None and msg["Date"] is not None, "%s: Date and Message-ID" % addr)
    ok(all(v == 1 for v in seen.values()), "no recipient got two messages", str(seen))

    by = {to_address(m): m for _, _, m in ms}
    raws = {to_address(m): r for _, r, m in ms}
    m = by.get("casablanca-settat@example.org")
    if m is not None:
        ok(str(m["Subject"]) == "التعاون الوطني - تقرير الدار البيضاء-سطات، 2011/2012",
           "MA-06 (ar): Arabic subject decodes to the territory and period", str(m["Subject"]))
        ok(b"\r\nSubject: =?UTF-8?B?" in raws["casablanca-settat@example.org"], "MA-06 (ar): subject RFC 2047 B-encoded")
        body, _ = parts(m)
        f = flat(body)
        ok("المراكز:190" in f, "MA-06 (ar): 190 centres in the text", body)
        ok("المستفيدون:14108" in f and "14,108" in body, "MA-06 (ar): 14,108 beneficiaries in the text")
        ok("2011/2012" in body, "MA-06 (ar): period 2011/2012 in the text")
        ok("نسبةالنساء:80%" in f, "MA-06 (ar): female share 80%")
        # each figure with its own period, as the PDF's cover: the budget is
        # known for 2011 only, as a sum of some programmes (partial)
        ok("الميزانية:4424000درهم(جزئي)-2011" in f, "MA-06 (ar): the budget of 2011, partial, with its period", body)
        ok("غير متوفرة لهذه الفترة" not in body, "MA-06 (ar): no line says only 'not available'")
        ok("MA-06-ar.pdf" in body, "MA-06 (ar): the text names the attachment")
    m = by.get("statistiques@example.org")
    if m is not None:
        body, _ = parts(m)
        f = flat(body)
        ok(str(m["Subject"]) == "Entraide Nationale - rapport Maroc, 2015", "MA (fr): subject", str(m["Subject"]))
        ok("Centres:3988-2015" in f, "MA (fr): 3 988 centres (2015), with the figure's period", body)
        ok("Budget:2796000MAD(partiel)-2019" in f.replace("\u00a0", ""), "MA (fr): the budget, only a partial sum of 2019, says so", body)
        ok("Bénéficiaires:plusde493970" in f, "MA (fr): 'plus de 493 970' beneficiaries (at_least)")
        ok("3\u00a0988" in body, "MA (fr): French grouping with a no-break space")
    m = by.get("beni-mellal-khenifra@example.org")
    if m is not None:
        body, _ = parts(m)
        f = flat(body)
        ok("Centres:102(partiel)" in f, "MA-05 (fr): the regional sum of 1 province of 5 is marked partial", body)
        ok("(partiel) : somme partielle" in body, "MA-05 (fr): what partial means is said")
        ok("Azilal (MA-AZI)" in body, "MA-05 (fr): with_provinces brings Azilal")
    m = by.get("laayoune-sakia-el-hamra@example.org")
    if m is not None:
        body, _ = parts(m)
        ok("(جزئي)" in body, "MA-11 (ar): partial figures marked جزئي", body)
        ok("العيون (MA-LAA)" in body, "MA-11 (ar): with_provinces brings Laâyoune")
        ok("معطيات اصطناعية" not in body, "seed data is not labelled synthetic")


def capped(args):
    folder, addr, name_in, name_out, cap = args
    ms = [x for x in messages(folder) if to_address(x[2]) == addr]
    ok(len(ms) == 1, "size cap: one message to %s" % addr, str(len(ms)))
    if not ms:
        return
    path, raw, msg = ms[0]
    body, atts = parts(msg)
    names = [a.get_filename() for a in atts if a.get_content_type() == "application/pdf"]
    ok(names == [name_in], "size cap: %s attached, %s left out" % (name_in, name_out), str(names))
    ok(len(raw) <= int(cap), "size cap: message of %d bytes within the cap of %s" % (len(raw), cap))
    ok("Rapport non joint : " + name_out in body, "size cap: the text names the report left out", body)
    ok("taille maximale" in body, "size cap: the text says why")


def notice(args):
    folder, addr, subject_part, text = args
    ms = messages(folder)
    ok(len(ms) == 1, "notice: exactly one message", str(len(ms)))
    for _, _, msg in ms:
        ok(to_address(msg) == addr, "notice: to the operator %s" % addr, to_address(msg))
        ok(subject_part in str(msg["Subject"]), "notice: subject says '%s'" % subject_part, str(msg["Subject"]))
        body, atts = parts(msg)
        ok(text in body, "notice: the text says '%s'" % text, body[:500])
        ok(not any((a.get_filename() or "").endswith(".pdf") for a in atts), "notice: no report attached")


def body_has(args):
    folder, addr, texts = args[0], args[1], args[2:]
    ms = [m for _, _, m in messages(folder) if to_address(m) == addr]
    ok(len(ms) == 1, "one message to %s" % addr, str(len(ms)))
    for m in ms:
        body, _ = parts(m)
        for t in texts:
            ok(t in body, "%s: the text says '%s'" % (addr, t), body)


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "standin":
        standin(args)
        return 0
    if cmd == "count":
        print(len(glob.glob(os.path.join(args[0], "*.eml"))))
        return 0
    {"sample": sample, "capped": capped, "notice": notice, "body": body_has}[cmd](args)
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
