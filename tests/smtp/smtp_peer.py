"""A real SMTP server on 127.0.0.1 for the e-mail tests (issue 4: "Test outbound against a real SMTP server on
loopback"). aiosmtpd speaks SMTP; this handler keeps each accepted message as <n>.eml with <n>.json beside it
(envelope sender and recipients), and plays the two documented refusals on request: a recipient whose local part
starts with "tempfail" gets 451 (try again later), one starting with "reject" gets 550 (no such user).

Usage: smtp_peer.py DIRECTORY   — prints "PORT <n>" once listening; runs until stdin closes.
"""
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller


class Keep:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@", 1)[0].lower()
        if local.startswith("tempfail"):
            return "451 4.3.0 Mailbox temporarily unavailable"
        if local.startswith("reject"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "%03d" % self.count)
        with open(base + ".json", "w") as meta:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, meta)
        # The .eml last, by rename, so a reader never sees half a message.
        with open(base + ".tmp", "wb") as out:
            out.write(envelope.original_content)
        os.rename(base + ".tmp", base + ".eml")
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)
    port = free_port()
    controller = Controller(Keep(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print("PORT %d" % port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
