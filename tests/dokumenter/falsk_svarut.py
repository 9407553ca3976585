"""A local fake of KS Fiks SvarUT's forsendelse API (REST v1) for the letter tests: an http.server in a thread
on a free port. It checks HTTP basic auth and the multipart shape of `sendForsendelse` (the part
«forsendelse» with JSON metadata first, then each document as a part «filer» whose file name the metadata
names), and records every request. The test plans failures: a 500, or an answer slower than the client waits
(the forsendelse is still taken, as by a real server that got the whole request)."""

import base64
import json
import threading
import time
import uuid
from email import message_from_bytes
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BRUKER, PASSORD = "imdi-avsender", "tjenestepassord"
STI = "/tjenester/api/forsendelse/v1"


class FalskSvarUt:
    def __init__(self):
        self.foresporsler: list[dict] = []  # every request: metode, sti, and the parts of a forsendelse
        self.forsendelser: dict[str, dict] = {}  # id → {"metadata", "filer", "status"}
        self.plan: list[str] = []  # what the next sendForsendelse calls meet: "500" or "treg"
        self.treg_sekunder = 1.0
        self._laas = threading.Lock()
        self._tjener = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.url = f"http://127.0.0.1:{self._tjener.server_address[1]}"

    def start(self) -> "FalskSvarUt":
        threading.Thread(target=self._tjener.serve_forever, daemon=True).start()
        return self

    def stopp(self) -> None:
        self._tjener.shutdown()
        self._tjener.server_close()

    def kall(self, slutt: str, metode: str = "") -> list[dict]:
        return [f for f in self.foresporsler if f["sti"].endswith(slutt) and metode in ("", f["metode"])]

    def sett_status(self, forsendelse_id: str, status: str) -> None:
        self.forsendelser[forsendelse_id]["status"] = status

    def _ta_imot(self, deler: list[dict]) -> str:
        assert deler[0]["navn"] == "forsendelse" and deler[0]["filnavn"] is None, deler
        metadata = json.loads(deler[0]["innhold"])
        filer = deler[1:]
        assert [d["navn"] for d in filer] == ["filer"] * len(metadata["dokumenter"])
        assert [d["filnavn"] for d in filer] == [d["filnavn"] for d in metadata["dokumenter"]]
        assert metadata["tittel"] and metadata["mottaker"]["postAdresse"]["navn"]
        forsendelse_id = str(uuid.uuid4())
        with self._laas:
            self.forsendelser[forsendelse_id] = {"metadata": metadata, "filer": filer, "status": "MOTTATT"}
        return forsendelse_id


def _deler(innholdstype: str, kropp: bytes) -> list[dict]:
    melding = message_from_bytes(f"Content-Type: {innholdstype}\r\n\r\n".encode() + kropp, policy=HTTP)
    assert melding.is_multipart(), innholdstype
    return [
        {
            "navn": del_.get_param("name", header="content-disposition"),
            "filnavn": del_.get_filename(),
            "innholdstype": del_.get_content_type(),
            "innhold": del_.get_payload(decode=True),
        }
        for del_ in melding.iter_parts()
    ]


def _handler(falsk: FalskSvarUt):
    riktig = "Basic " + base64.b64encode(f"{BRUKER}:{PASSORD}".encode()).decode()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _svar(self, kode: int, data=None) -> None:
            kropp = json.dumps(data).encode() if data is not None else b""
            self.send_response(kode)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(kropp)))
            self.end_headers()
            self.wfile.write(kropp)

        def _registrer(self, deler=None) -> bool:
            falsk.foresporsler.append({"metode": self.command, "sti": self.path, "deler": deler})
            if self.headers.get("Authorization") != riktig:
                self._svar(401, {"message": "Ugyldig brukernavn eller passord"})
                return False
            return True

        def do_POST(self):
            kropp = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.path != f"{STI}/sendForsendelse":
                self._registrer()
                return self._svar(404)
            deler = _deler(self.headers["Content-Type"], kropp)
            if not self._registrer(deler):
                return
            neste = falsk.plan.pop(0) if falsk.plan else "ok"
            if neste == "500":
                return self._svar(500, {"message": "Intern feil i SvarUT"})
            forsendelse_id = falsk._ta_imot(deler)
            if neste == "treg":
                time.sleep(falsk.treg_sekunder)
            self._svar(200, {"id": forsendelse_id})

        def do_GET(self):
            if not self._registrer():
                return
            del_ = self.path.removeprefix(f"{STI}/").split("/")
            if del_[0] == "eksternref":
                ider = [
                    {"id": i}
                    for i, f in falsk.forsendelser.items()
                    if f["metadata"]["eksternReferanse"] == del_[1]
                ]
                return self._svar(200, {"forsendelseIder": ider}) if ider else self._svar(404)
            if len(del_) == 2 and del_[1] == "status" and del_[0] in falsk.forsendelser:
                status = falsk.forsendelser[del_[0]]["status"]
                return self._svar(200, {"forsendelsesId": {"id": del_[0]}, "status": status})
            self._svar(404)

    return Handler
