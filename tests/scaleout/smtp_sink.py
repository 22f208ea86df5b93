"""A mail server for the scale-out job: a real SMTP server (aiosmtpd) in its own process that
writes every message it accepts to a file of its own in a folder, so the job can count them.

    python -m tests.scaleout.smtp_sink --port 2525 --folder /tmp/mail --rcpt-delay 1

`--rcpt-delay` makes it a slow mail server: it waits that long before accepting each recipient.
A worker killed during that wait has not sent the message (no DATA yet), as with a real server
that never saw the end of the message; so the job can kill a worker in the middle of a mail
task and know the mail was not delivered.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import threading
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class FolderInbox:
    def __init__(self, folder: Path, rcpt_delay: float):
        self.folder = folder
        self.rcpt_delay = rcpt_delay

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Written under a temporary name and renamed, so a reader never sees half a message.
        name = uuid.uuid4().hex
        partial = self.folder / f".{name}.partial"
        partial.write_bytes(envelope.content)
        os.replace(partial, self.folder / f"{name}.eml")
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--folder", type=Path, required=True)
    parser.add_argument("--rcpt-delay", type=float, default=0.0)
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    controller = Controller(FolderInbox(args.folder, args.rcpt_delay), hostname="127.0.0.1", port=args.port)
    controller.start()
    print(f"SMTP sink on 127.0.0.1:{args.port}, messages in {args.folder}", flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
