"""Inbound messages from UDI and MOT (docs/integrasjoner-meldinger.md): a message endpoint and a batch endpoint
per sender, each behind its sender's scope, so the sender («kilde») comes from the client's token, never from the
body. The message goes to the inbox as it came (`imdinett.innboks`), which stores, validates and applies it or
leaves it waiting; an invalid message is kept as «avvist» for IMDi and answered 422 with its field errors.

Answers: 201 a new message, 200 the same message again (nothing changed), 422 invalid (stored as «avvist»),
409 the same id with another body."""

from ninja import Router, Schema, Status
from pydantic import Field

from imdinett.innboks.masse import ta_imot_mange
from imdinett.innboks.meldinger import MELDINGER, Kilde
from imdinett.innboks.models import Innboksmelding
from imdinett.innboks.services import Konflikt, ta_imot

from .autentisering import KREVER
from .omfang import MOT_MELDINGER, UDI_MELDINGER

router = Router(tags=["Innboks"])
MAKS_PARTI = 5000  # messages in one batch call; the inbox commits them 500 at a time


class Melding(Schema):
    melding_id: str = Field(
        min_length=1,
        max_length=100,
        description="Avsenderens ID for meldingen; samme ID igjen endrer ingenting",
    )
    type: str = Field(
        min_length=1, max_length=30, description="Meldingstypen (docs/integrasjoner-meldinger.md)"
    )
    data: dict = Field(description="Meldingens innhold for typen (docs/integrasjoner-meldinger.md)")


class Feil(Schema):
    felt: str
    nb: str
    en: str


class Kvittering(Schema):
    melding_id: str
    status: str = Field(description="behandlet, venter, feilet eller avvist")
    status_tekst: str
    feil: list[Feil]


class Parti(Schema):
    meldinger: list[Melding] = Field(min_length=1, max_length=MAKS_PARTI)


class Partikvittering(Schema):
    antall: dict[str, int] = Field(
        description="Hvor mange som endte i hver status, og allerede_mottatt / konflikt for dem som kom før"
    )


def _kvittering_for(melding_id: str, status: str, tekst: str, feil=()) -> dict:
    return {"melding_id": melding_id, "status": status, "status_tekst": tekst, "feil": list(feil)}


def _kvittering(melding: Innboksmelding) -> dict:
    return _kvittering_for(melding.melding_id, melding.status, melding.get_status_display(), melding.feil)


def _avsender(request) -> str:
    return f"{request.auth.navn} ({request.auth.klient_id})"


def _typer(kilde: str) -> str:
    return ", ".join(f"`{t}`" for t, (k, _) in MELDINGER.items() if k == kilde)


def _registrer(kilde: Kilde, omfang: str) -> None:
    """The two endpoints of one sender."""
    auth = KREVER[omfang]

    @router.post(
        f"/{kilde.value}",
        auth=auth,
        response={200: Kvittering, 201: Kvittering, 409: Kvittering, 422: Kvittering},
        url_name=f"innboks_{kilde.value}",
        summary=f"Lever én melding fra {kilde.label}",
        description=f"Typer: {_typer(kilde)}. Krever omfanget `{omfang}`.",
    )
    def lever(request, melding: Melding):
        try:
            lagret, ny = ta_imot(
                kilde=kilde,
                melding_id=melding.melding_id,
                type=melding.type,
                data=melding.data,
                avsender=_avsender(request),
            )
        except Konflikt as e:
            feil = [{"felt": e.felt, "nb": e.melding, "en": "The message id was received with another body."}]
            return Status(409, {**_kvittering_for(melding.melding_id, "konflikt", "Konflikt"), "feil": feil})
        if lagret.status == Innboksmelding.Status.AVVIST:
            return Status(422, _kvittering(lagret))
        return Status(201 if ny else 200, _kvittering(lagret))

    @router.post(
        f"/{kilde.value}/parti",
        auth=auth,
        response={200: Partikvittering},
        url_name=f"innboks_{kilde.value}_parti",
        summary=f"Lever mange meldinger fra {kilde.label} (første import)",
        description=f"Opptil {MAKS_PARTI} meldinger, samme regler som én og én, lagret 500 i hver transaksjon. "
        f"Typer: {_typer(kilde)}. Krever omfanget `{omfang}`.",
    )
    def lever_parti(request, parti: Parti):
        antall = ta_imot_mange(
            kilde=kilde, meldinger=[m.dict() for m in parti.meldinger], avsender=_avsender(request)
        )
        return {"antall": dict(antall)}


_registrer(Kilde.UDI, UDI_MELDINGER)
_registrer(Kilde.MOT, MOT_MELDINGER)
