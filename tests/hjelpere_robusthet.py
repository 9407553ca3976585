"""Helpers for tests/test_robusthet.py: an own redis-server, and a slow e-mail backend that logs to a file
so deliveries can be counted across processes (a Celery worker is killed while it «talks SMTP»)."""

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class LangsomEpost(BaseEmailBackend):
    """Writes «start <pid>» and, after ROBUST_EPOST_PAUSE seconds, «sendt <pid> <subject>» to
    ROBUST_EPOST_LOGG, one line each, flushed at once."""

    def send_messages(self, messages):
        logg = Path(os.environ["ROBUST_EPOST_LOGG"])
        pause = float(os.environ.get("ROBUST_EPOST_PAUSE", "0"))
        for melding in messages:
            _skriv(logg, f"start {os.getpid()}")
            time.sleep(pause)
            _skriv(logg, f"sendt {os.getpid()} {melding.subject}")
        return len(messages)


def _skriv(logg: Path, linje: str) -> None:
    with logg.open("a") as f:
        f.write(linje + "\n")
        f.flush()
        os.fsync(f.fileno())


def linjer(logg: Path, forste_ord: str) -> list[str]:
    if not logg.exists():
        return []
    return [linje for linje in logg.read_text().splitlines() if linje.split(" ", 1)[0] == forste_ord]


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class EgenRedis:
    """A private redis-server (no persistence) that a test may stop and start again on the same port."""

    def __init__(self, katalog: Path):
        self.binaer = shutil.which("redis-server")
        self.port = ledig_port()
        self.katalog = katalog
        self.prosess: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.prosess = subprocess.Popen(
            [
                self.binaer,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            cwd=self.katalog,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        klient = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5)
        for _ in range(100):
            try:
                if klient.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server startet ikke på port {self.port}")

    def stopp(self) -> None:
        if self.prosess and self.prosess.poll() is None:
            self.prosess.terminate()
            self.prosess.wait(10)
        self.prosess = None
