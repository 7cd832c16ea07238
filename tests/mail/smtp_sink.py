#!/usr/bin/python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd), on
127.0.0.1 only.  Every message accepted is stored as DIR/NNN.eml (the bytes
received) with DIR/NNN.json (envelope sender and recipients); every RCPT is
logged in DIR/events.log as "RCPT address CODE".

    smtp_sink.py --dir DIR --port-file FILE [--port P] [--fail-first N]
                 [--reject ADDRESS]... [--start-after S] [--timeout S]
                 [--slow-after-data S]

--fail-first N   answer 451 (transient) to the first N RCPT commands
--reject A       answer 550 (permanent) to RCPT TO:<A>
--port P         listen on P (default: a free port); the port is written to
                 --port-file once the server listens
--start-after S  wait S seconds before listening (connections are refused
                 until then)
--timeout S      stop by itself after S seconds (default 60)
--slow-after-data S  keep each message (stored, logged as "DATA NNN stored"),
                 then wait S seconds before the "250" to its final dot: the
                 slow server of RFC 5321 4.5.3.2 (a client that gives up
                 earlier and sends again delivers the message twice)
--auth U:P       require AUTH (PLAIN or LOGIN, allowed without TLS here) with
                 login U and password P; failed logins are logged as "AUTH login 535"
"""
import argparse
import asyncio
import json
import os
import sys
import time

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, folder, fail_first, reject, slow_after_data=0):
        self.folder = folder
        self.slow_after_data = slow_after_data
        self.fail_left = fail_first
        self.reject = {a.lower() for a in reject}
        self.count = 0

    def event(self, text):
        with open(os.path.join(self.folder, "events.log"), "a", encoding="utf-8") as f:
            f.write(text + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.fail_left > 0:
            self.fail_left -= 1
            self.event("RCPT %s 451" % address)
            return "451 4.3.0 Try again later"
        if address.lower() in self.reject:
            self.event("RCPT %s 550" % address)
            return "550 5.1.1 No such user here"
        self.event("RCPT %s 250" % address)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, "%03d" % self.count)
        with open(base + ".tmp", "wb") as f:
            f.write(envelope.original_content or envelope.content)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump({"from": envelope.mail_from, "to": envelope.rcpt_tos}, f)
        os.rename(base + ".json.tmp", base + ".json")
        os.rename(base + ".tmp", base + ".eml")
        if self.slow_after_data:
            self.event("DATA %03d stored" % self.count)
            await asyncio.sleep(self.slow_after_data)
            self.event("DATA %03d 250" % self.count)
        return "250 Message accepted for delivery"


class Authenticator:
    def __init__(self, sink, login, password):
        self.sink, self.login, self.password = sink, login.encode(), password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        good = (isinstance(auth_data, LoginPassword) and auth_data.login == self.login
                and auth_data.password == self.password)
        self.sink.event("AUTH %s %s" % (auth_data.login.decode(errors="replace"), "235" if good else "535"))
        return AuthResult(success=good, handled=False)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--fail-first", type=int, default=0)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--start-after", type=float, default=0)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--auth")
    ap.add_argument("--slow-after-data", type=float, default=0)
    a = ap.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    deadline = time.monotonic() + a.timeout
    if a.start_after:
        time.sleep(a.start_after)
    sink = Sink(a.dir, a.fail_first, a.reject, a.slow_after_data)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    kw = {}
    if a.auth:
        login, password = a.auth.split(":", 1)
        kw = dict(authenticator=Authenticator(sink, login, password), auth_required=True, auth_require_tls=False)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(sink, hostname="sink.test", loop=loop, **kw), "127.0.0.1", a.port))
    port = server.sockets[0].getsockname()[1]
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(a.port_file + ".tmp", a.port_file)
    loop.call_later(max(0.1, deadline - time.monotonic()), loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
