"""The senders behind the letters' outbox (issue #23), chosen by `settings.BREV_UTSENDING`:

- `behold` (the default): the letter stays in IMDinett, where its receiver downloads it, as before #23.
- `svarut`: KS Fiks SvarUT's forsendelse API (REST v1, `ForsendelseRestServiceV1`): a multipart POST — the
  part «forsendelse» with the metadata as JSON, then the PDF as a part «filer» with the file name the metadata
  names — to `{SVARUT_URL}/tjenester/api/forsendelse/v1/sendForsendelse` with HTTP basic auth, answered with
  `{"id": …}`; the receipt is polled at `…/{id}/status`. SvarUT delivers to the organisation's Altinn inbox
  when the organisation number is given, else by post to the postal address.

A sender's `send` returns the forsendelse id, or None when the letter is kept; it raises for a failure, which
the outbox counts as one attempt (`services.utsending_forsok`). Only a sent letter has a receipt to poll.
Answers follow KS' own client (github.com/ks-no/svarut-rest-klient): a GET answered 404 means none."""

import json

import requests
from django.conf import settings

from imdinett.organisasjoner.models import Kommune, Mottak, Organisasjon

SVARUT_STI = "/tjenester/api/forsendelse/v1"
# SvarUT's statuses (forsendelseStatus.json): the receiver has the letter — downloaded from Altinn (LEST),
# printed and posted after two days unread (PRINTET), or delivered to a digital mailbox (LEVERT_SDP) …
MOTTATT_STATUSER = frozenset({"LEST", "PRINTET", "LEVERT_SDP"})
# … or it will never get there: rejected metadata or file, undeliverable, or closed by hand at KS.
AVVIST_STATUSER = frozenset({"AVVIST", "IKKE_LEVERT", "MANUELT_HANDTERT"})


class SvarUtFeil(Exception):
    """SvarUT answered with something else than success (the status and the start of its answer)."""


class Behold:
    navn = "behold"

    def send(self, utsending) -> None:
        return None


class SvarUt:
    navn = "svarut"

    def __init__(self):
        self.base = settings.SVARUT_URL.rstrip("/") + SVARUT_STI
        self.auth = (settings.SVARUT_BRUKERNAVN, settings.SVARUT_PASSORD)
        self.timeout = (settings.SVARUT_TIMEOUT_TILKOBLING, settings.SVARUT_TIMEOUT)

    def _svar(self, metode: str, sti: str, **kwargs) -> dict:
        svar = requests.request(metode, f"{self.base}{sti}", auth=self.auth, timeout=self.timeout, **kwargs)
        if svar.status_code == 404 and metode == "GET":
            return {}  # SvarUT's «nothing by that id or reference»
        if svar.status_code != 200:
            raise SvarUtFeil(f"SvarUT svarte {svar.status_code} på {sti}: {svar.text[:300]}")
        return svar.json()

    def send(self, utsending) -> str:
        """Send the letter once. A later attempt first asks SvarUT for a forsendelse with the sending's
        reference: an attempt whose answer was lost (a timeout, a worker that died) may have reached it."""
        referanse = str(utsending.referanse)
        if utsending.forsok > 1:
            tidligere = self._svar("GET", f"/eksternref/{referanse}").get("forsendelseIder")
            if tidligere:
                return tidligere[0]["id"]
        dokument = utsending.dokument
        filnavn = dokument.fil.name.rsplit("/", 1)[-1]
        forsendelse = {
            "tittel": dokument.tittel,
            "mottaker": _adresse(utsending.mottaker, utsending.mottaker_orgnr),
            "avgivendeSystem": "IMDinett",
            "eksternReferanse": referanse,
            "kunDigitalLevering": False,
            "krevNiva4Innlogging": True,  # the letters name refugees
            "kryptert": False,
            "dokumenter": [{"filnavn": filnavn, "mimeType": "application/pdf"}],
        }
        with dokument.fil.open("rb") as pdf:
            svar = self._svar(
                "POST",
                "/sendForsendelse",
                files=[
                    ("forsendelse", (None, json.dumps(forsendelse), "application/json")),
                    ("filer", (filnavn, pdf, "application/pdf")),
                ],
            )
        return svar["id"]

    def kvittering(self, utsending) -> str:
        """SvarUT's status of the sent letter («LEST», «AVVIST», …)."""
        return self._svar("GET", f"/{utsending.forsendelse_id}/status").get("status") or ""


ADAPTERE = {a.navn: a for a in (Behold, SvarUt)}


def avsender(navn: str = ""):
    """The sender named (a sending's `kanal`), or the one the settings choose."""
    return ADAPTERE[navn or settings.BREV_UTSENDING]()


def _adresse(mottaker: Organisasjon, orgnr: str) -> dict:
    """SvarUT's `mottaker`: the official postal address (Kommune, Mottak), and the Altinn address when the
    organisation number is known."""
    konkret = (
        Kommune.objects.filter(pk=mottaker.pk).select_related("postnummer").first()
        or Mottak.objects.filter(pk=mottaker.pk).select_related("postnummer").first()
    )
    navn = f"{mottaker.navn} kommune" if mottaker.type == Organisasjon.Type.KOMMUNE else mottaker.navn
    post = {"navn": navn, "adresse1": "", "postNummer": "", "postSted": "", "land": "Norge"}
    if konkret is not None:
        post["adresse1"] = konkret.postadresse
        if konkret.postnummer_id:
            post["postNummer"], post["postSted"] = konkret.postnummer.nummer, konkret.postnummer.poststed
    adresse = {"postAdresse": post}
    if orgnr:
        adresse["digitalAdresse"] = {"organisasjonsNummer": orgnr}
    return adresse
