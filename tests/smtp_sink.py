"""A real SMTP server for the tests (aiosmtpd on a free port) that records what arrives.

It can refuse chosen recipients, permanently (5xx) or for now (4xx), and slow down each message.
"""

import asyncio
import email
import email.parser
import email.policy
import logging
import socket
import threading

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SinkHandler:
    def __init__(self):
        self.raw = []  # as received; parsed only when read (parsing is slow, and the reply should not wait for it)
        self.connections = 0
        self.refuse = {}  # address -> SMTP reply, e.g. "550 5.1.1 No such user"
        self.delay = 0.0
        self._lock = threading.Lock()

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self._lock:
            self.raw.append(envelope.content)
        return "250 Message accepted for delivery"

    # Methods, not properties: aiosmtpd inspects the handler's attributes for every connection.
    def messages(self) -> list[email.message.EmailMessage]:
        with self._lock:
            raw = list(self.raw)
        return [email.message_from_bytes(content, policy=email.policy.default) for content in raw]

    def message_ids(self) -> list[str]:
        with self._lock:
            raw = list(self.raw)
        headers = email.parser.BytesHeaderParser(policy=email.policy.compat32)
        return [headers.parsebytes(content)["Message-ID"] for content in raw]


class SmtpSink:
    def __init__(self):
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
        self.handler = SinkHandler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc_info):
        self.controller.stop()

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    @property
    def mailers(self) -> dict:
        return {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 10},
            }
        }
