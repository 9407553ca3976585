"""The inbox: every message from UDI and MOT is received here (`ta_imot`, or `ta_imot_mange` in `masse` for a
bulk import), stored once, validated and applied in the same transaction.

- Idempotent: the sender's (kilde, melding_id) is unique in the database. The same message again changes
  nothing and returns the stored one (`ny` False); the same id with another body is refused (`Konflikt`).
- Invalid (`meldinger.valider`): stored as «avvist» with its errors per field, in bokmål and English, and
  never applied. A corrected message is a new message with a new melding_id (an id names one body for good).
- A message naming a person not here yet «venter» (and «utflyttet» for a case not yet søkt ut); it is
  applied when a later message brings the person (tried after every applied message that concerns one of
  its DUF numbers or its Reg-nr) or by the beat sweep (`ventende_behandle`, every ten minutes). One still
  waiting `VENTER_MAKS_DAGER` after it came (or after IMDi last replayed it) is given up by the sweep:
  «feilet», an event, and a notification to IMDi (`ventende_gi_opp`).
- Refused when applied (an unknown mottak, a case in the wrong status): «feilet» with the reason; IMDi
  mends the cause and chooses «Behandle på nytt» (`behandle_paa_nytt`), as for a waiting or rejected one.
"""

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import hendelse_registrer, varsel_send_imdi

from .behandling import BEHANDLING, Venter
from .meldinger import Kilde, Melding, valider
from .models import Innboksmelding, Innboksnokkel

Status = Innboksmelding.Status
VENTER_MAKS_DAGER = Innboksmelding.VENTER_MAKS_DAGER


class Konflikt(DomeneFeil):
    """The same (kilde, melding_id) came before with another body (the API answers 409)."""


def sjekksum(type: str, data) -> str:
    tekst = json.dumps([type, data], sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(tekst.encode()).hexdigest()


def krev_id(*, kilde: str, melding_id, type) -> None:
    """What a message cannot be stored without: a known sender, an id and a type of the right length."""
    if kilde not in Kilde.values:
        raise DomeneFeil(f"Ukjent kilde «{kilde}».", felt="kilde")
    if not isinstance(melding_id, str) or not 0 < len(melding_id) <= 100:
        raise DomeneFeil("Meldings-ID må være 1–100 tegn.", felt="melding_id")
    if not isinstance(type, str) or not 0 < len(type) <= 30:
        raise DomeneFeil("Meldingstype må være 1–30 tegn.", felt="type")


def ta_imot(*, kilde: str, melding_id: str, type: str, data, avsender: str) -> tuple[Innboksmelding, bool]:
    """Receive one message (`data`: the parsed JSON body): stored, validated and applied, or left waiting;
    returns it and whether it is new. Raises `Konflikt` for a known id with another body, DomeneFeil for a
    missing id; everything else about the message is in its status and `feil`."""
    krev_id(kilde=kilde, melding_id=melding_id, type=type)
    summen = sjekksum(type, data)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a second delivery waits here for the first to commit
                melding = Innboksmelding.objects.create(
                    kilde=kilde,
                    melding_id=melding_id,
                    type=type,
                    data=data,
                    sjekksum=summen,
                    avsender=avsender[:100],
                    status=Status.VENTER,
                )
        except IntegrityError:
            return tidligere(kilde=kilde, melding_id=melding_id, sjekksum=summen), False
        innhold = behandle(melding, nye_nokler=True)
        if melding.status == Status.BEHANDLET:
            ventende_behandle_for(innhold.nokler())
    return melding, True


def tidligere(*, kilde: str, melding_id: str, sjekksum: str) -> Innboksmelding:
    melding = Innboksmelding.objects.get(kilde=kilde, melding_id=melding_id)
    if melding.sjekksum != sjekksum:
        raise Konflikt(
            f"Meldingen «{melding_id}» er allerede mottatt fra {melding.get_kilde_display()} med et annet "
            "innhold. En rettet melding må ha en ny meldings-ID.",
            felt="melding_id",
        )
    return melding


def behandle(melding: Innboksmelding, *, nye_nokler: bool) -> Melding | None:
    """Validate and apply a stored message in a savepoint of the caller's transaction, and save its outcome;
    its content (None when invalid). `nye_nokler`: record the DUF numbers and Reg-nr it concerns."""
    innhold, feil = valider(melding.kilde, melding.type, melding.data)
    melding.forsok += 1
    melding.behandlet = timezone.now()
    if innhold is None:
        melding.status, melding.feil = Status.AVVIST, feil
        melding.save()
        return None
    if nye_nokler:
        Innboksnokkel.objects.bulk_create(
            [Innboksnokkel(melding=melding, nokkel=n) for n in innhold.nokler()]
        )
    try:
        with transaction.atomic():
            BEHANDLING[melding.type](innhold)
    except Venter as v:
        melding.status, melding.feil = Status.VENTER, [v.feil]
    except DomeneFeil as e:
        melding.status, melding.feil = Status.FEILET, [{"felt": e.felt or "", "nb": e.melding, "en": ""}]
    except IntegrityError as e:  # a rule of the database no check above foresaw: kept for IMDi, never raised
        nb = f"Meldingen strider mot det som er registrert: {str(e).splitlines()[0]}"[:500]
        melding.status, melding.feil = Status.FEILET, [{"felt": "", "nb": nb, "en": ""}]
    else:
        melding.status, melding.feil = Status.BEHANDLET, []
    melding.save()
    return innhold


def ventende_behandle_for(nokler: set[str]) -> None:
    """Apply the waiting messages that concern these DUF numbers or Reg-nr, oldest first; what they apply
    may release others in turn. Each is tried once per call; one another delivery holds is left to it."""
    forsokt: set[int] = set()
    while nokler:
        ventende = (
            Innboksmelding.objects.select_for_update(skip_locked=True)
            .filter(
                status=Status.VENTER, pk__in=Innboksnokkel.objects.filter(nokkel__in=nokler).values("melding")
            )
            .exclude(pk__in=forsokt)
            .order_by("mottatt", "pk")
        )
        nokler = set()
        for melding in ventende:
            forsokt.add(melding.pk)
            innhold = behandle(melding, nye_nokler=False)
            if melding.status == Status.BEHANDLET:
                nokler |= innhold.nokler()


def behandle_paa_nytt(*, melding: Innboksmelding, av) -> Innboksmelding:
    """IMDi's «Behandle på nytt» after mending the cause: validated and applied again, as the sweep would."""
    with transaction.atomic():
        melding = Innboksmelding.objects.select_for_update().get(pk=melding.pk)
        if not melding.kan_behandles_paa_nytt:
            raise DomeneFeil("Meldingen er allerede behandlet.")
        melding.behandlet_paa_nytt_av, melding.behandlet_paa_nytt = av, timezone.now()
        forrige = melding.get_status_display().lower()
        innhold = behandle(melding, nye_nokler=melding.status == Status.AVVIST)  # a rejected one had none
        _hendelse(
            melding,
            "behandlet_paa_nytt",
            f"behandlet på nytt: {melding.get_status_display().lower()}",
            tekst=f"Var {forrige}.",
            av=av,
        )
        if melding.status == Status.BEHANDLET:
            ventende_behandle_for(innhold.nokler())
    return melding


def _hendelse(melding: Innboksmelding, kode: str, hva: str, *, tekst: str, av=None) -> None:
    """The inbox's own event on a message (IMDi's workbench: on no organisation, shown in the admin)."""
    hendelse_registrer(
        omraade=Omraade.BOSETTING,
        kode=f"innboks.{kode}",
        tittel=f"Melding {melding.melding_id} ({melding.get_type_display()}) fra {melding.get_kilde_display()} "
        f"{hva}"[:200],
        tekst=tekst,
        av=av,
        data={"melding": melding.pk, "kilde": melding.kilde, "melding_id": melding.melding_id},
    )


def ventende_behandle(*, grense: int = 1000, naa=None) -> dict[str, int]:
    """The beat sweep: try the waiting messages again, oldest first, each in its own transaction (one that
    a delivery holds is skipped); then give up those still waiting past the cap (`ventende_gi_opp`).
    Returns how many were applied («behandlet») and given up («feilet»)."""
    ider = (
        Innboksmelding.objects.filter(status=Status.VENTER)
        .order_by("mottatt", "pk")
        .values_list("pk", flat=True)
    )
    behandlet = 0
    for pk in list(ider[:grense]):
        with transaction.atomic():
            melding = Innboksmelding.objects.select_for_update(skip_locked=True).filter(
                pk=pk, status=Status.VENTER
            )
            for m in melding:
                behandle(m, nye_nokler=False)
                behandlet += m.status == Status.BEHANDLET
    return {"behandlet": behandlet, "feilet": ventende_gi_opp(naa=naa)}


@transaction.atomic
def ventende_gi_opp(*, naa=None) -> int:
    """«venter» → «feilet» for every message waiting more than `VENTER_MAKS_DAGER` since it came, or since
    IMDi last chose «Behandle på nytt» (one a delivery holds is skipped): the waiting reason kept in its
    error, one event each, and one notification to IMDi for them all (no personal data: a count and a link).
    IMDi mends the cause and replays it. Returns how many."""
    grense = (naa or timezone.now()) - timedelta(days=VENTER_MAKS_DAGER)
    meldinger = list(
        Innboksmelding.objects.select_for_update(skip_locked=True)
        .alias(fra=Coalesce("behandlet_paa_nytt", "mottatt"))
        .filter(status=Status.VENTER, fra__lt=grense)
        .order_by("mottatt", "pk")
    )
    for melding in meldinger:
        grunn = melding.feil[0] if melding.feil else {"felt": "", "nb": "", "en": ""}
        melding.status = Status.FEILET
        melding.feil = [
            {
                "felt": grunn["felt"],
                "nb": f"Ventet i over {VENTER_MAKS_DAGER} dager og er gitt opp. {grunn['nb']}".strip(),
                "en": f"Waited more than {VENTER_MAKS_DAGER} days and was given up. {grunn['en']}".strip(),
            }
        ]
        melding.save(update_fields=["status", "feil"])
        _hendelse(
            melding, "gitt_opp", f"ventet i over {VENTER_MAKS_DAGER} dager og er feilet", tekst=grunn["nb"]
        )
    if meldinger:
        en = len(meldinger) == 1
        lenke = (
            reverse("admin:innboks_innboksmelding_change", args=[meldinger[0].pk])
            if en
            else f"{reverse('admin:innboks_innboksmelding_changelist')}?status__exact={Status.FEILET}"
        )
        varsel_send_imdi(
            tittel=f"{'En melding' if en else f'{len(meldinger)} meldinger'} i innboksen ventet i over "
            f"{VENTER_MAKS_DAGER} dager og er markert feilet",
            tekst="Se grunnen, rett årsaken og velg «Behandle på nytt» i innboksen.",
            lenke=lenke,
        )
    return len(meldinger)
