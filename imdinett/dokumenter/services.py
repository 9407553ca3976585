"""The letters kept for download (rendered with `imdinett.pdf`), and their way out to the receiver: the
outbox `Utsending` (issue #23; docs/integrasjoner-utsending.md)."""

import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Omraade
from imdinett.hendelser.services import hendelse_registrer, varsel_send_imdi
from imdinett.organisasjoner.tilgang import krev_imdi, roller_med
from imdinett.pdf import pdf_render

from .models import Dokument, Utsending
from .utsending import AVVIST_STATUSER, MOTTATT_STATUSER, avsender

log = logging.getLogger(__name__)
Status = Utsending.Status


@transaction.atomic
def dokument_lagre(
    *,
    tittel: str,
    type: str,
    template: str,
    context: dict,
    organisasjon,
    tillatelse: str,
    person=None,
    personer: Iterable = (),
    av=None,
    utsendes: bool = False,
) -> Dokument:
    """Render and keep a PDF for `organisasjon`. It is read with the permission `tillatelse` there (the
    permission of the page the letter belongs to; IMDi holds the letters' permissions nationally) by a user
    who reaches every person it names: `person` (the one it is about) and `personer` (a list's).

    `utsendes`: the letter goes out to `organisasjon` (its Altinn inbox by its organisasjonsnummer when it has
    one, else by post)
    through the outbox, ordered in this same transaction and sent after the commit."""
    roller_med(tillatelse)  # a name that does not exist fails here, not at the first download
    pdf = pdf_render(template=template, context={**context, "tittel": tittel})
    dokument = Dokument(
        tittel=tittel,
        type=type,
        organisasjon=organisasjon,
        tillatelse=tillatelse,
        person=person,
        opprettet_av=av,
    )
    dokument.fil.save(f"{slugify(tittel)[:80] or 'dokument'}.pdf", ContentFile(pdf), save=False)
    dokument.save()
    navngitte = {getattr(p, "pk", p) for p in personer}
    if person is not None:
        navngitte.add(person.pk)
    if navngitte:
        dokument.personer.set(sorted(navngitte))
    if utsendes:
        utsending_bestill(dokument=dokument)
    return dokument


# ---- The outbox of letters ----


def _koe_etter_commit(utsending: Utsending) -> None:
    def koe():
        from .tasks import utsending_sendes

        utsending_sendes.delay(utsending.pk)

    # robust: a broker outage is logged, never raised into the request that already committed; the sweep sends.
    transaction.on_commit(koe, robust=True)


@transaction.atomic
def utsending_bestill(*, dokument: Dokument) -> Utsending:
    """The letter is to go out to its organisation, to its organisasjonsnummer as it is now: one sending per
    letter, whoever asks how often (the letter's row is locked and the sending is one-to-one with it). Sent after
    the caller's commit."""
    Dokument.objects.select_for_update().filter(pk=dokument.pk).first()
    mottaker = dokument.organisasjon
    utsending, ny = Utsending.objects.get_or_create(
        dokument=dokument, defaults={"mottaker": mottaker, "mottaker_orgnr": mottaker.organisasjonsnummer}
    )
    if ny:
        _koe_etter_commit(utsending)
    return utsending


def utsending_forsok(*, utsending_id: int) -> bool:
    """One attempt to send a sending that is «venter» and due; True when the letter went out (or was kept).

    The attempt is claimed in a short transaction: counted, with `neste_forsok` moved on by the pause that
    follows a failed attempt (`Utsending.PAUSER`), so the task and the sweep never both send, and an attempt
    whose worker died is simply due again after the pause — nothing is lost. The sending itself runs
    outside the transaction (an HTTP call holds no row lock); its outcome is recorded in another."""
    with transaction.atomic():
        naa = timezone.now()
        utsending = (
            Utsending.objects.select_for_update(skip_locked=True)
            .filter(pk=utsending_id, status=Status.VENTER, neste_forsok__lte=naa)
            .first()
        )
        if utsending is None:
            return False
        if utsending.forsok >= Utsending.MAKS_FORSOK:  # the last attempt never reported back
            _gi_opp(utsending, "Det siste forsøket ble ikke fullført (arbeideren stoppet).")
            return False
        utsending.forsok += 1
        utsending.neste_forsok = naa + Utsending.PAUSER[min(utsending.forsok, len(Utsending.PAUSER)) - 1]
        utsending.kanal = settings.BREV_UTSENDING
        utsending.save(update_fields=["forsok", "neste_forsok", "kanal"])
    try:
        forsendelse_id = avsender(utsending.kanal).send(utsending)
    except Exception as e:  # requests' errors, SvarUT's refusals, a missing file: each is one attempt
        _forsok_feilet(utsending.pk, f"{type(e).__name__}: {e}"[:2000])
        return False
    with transaction.atomic():
        utsending = Utsending.objects.select_for_update().get(pk=utsending.pk)
        if forsendelse_id is None:
            utsending.status = Status.BEHOLDT
        else:
            utsending.status, utsending.forsendelse_id, utsending.sendt = (
                Status.SENDT,
                forsendelse_id,
                timezone.now(),
            )
        utsending.neste_forsok, utsending.siste_feil = None, ""
        utsending.save(update_fields=["status", "forsendelse_id", "sendt", "neste_forsok", "siste_feil"])
    return True


def _forsok_feilet(utsending_id: int, feil: str) -> None:
    with transaction.atomic():
        utsending = Utsending.objects.select_for_update().get(pk=utsending_id)
        if not utsending.venter:
            return
        if utsending.forsok >= Utsending.MAKS_FORSOK:
            _gi_opp(utsending, feil)
            return
        utsending.siste_feil = feil
        utsending.save(update_fields=["siste_feil"])
    log.warning(
        "Brev %s ble ikke sendt (forsøk %s), neste forsøk %s: %s",
        utsending.dokument_id,
        utsending.forsok,
        utsending.neste_forsok.isoformat(),
        feil,
    )


def _gi_opp(utsending: Utsending, feil: str, *, kode: str = "utsending.feilet") -> None:
    """«feilet» (the caller holds the row's lock): an event and a notification to IMDi, whose «Send på nytt»
    starts it again. The notification names the receiver, never the letter (its title may name a person)."""
    utsending.status, utsending.neste_forsok, utsending.siste_feil = Status.FEILET, None, feil
    utsending.save(update_fields=["status", "neste_forsok", "siste_feil", "ekstern_status"])
    log.error("Brev %s kunne ikke sendes til %s: %s", utsending.dokument_id, utsending.mottaker, feil)
    hendelse_registrer(
        omraade=Omraade.BOSETTING,
        kode=kode,
        tittel=f"Brev til {utsending.mottaker} kom ikke fram ({utsending.forsok} forsøk)"[:200],
        tekst=feil,
        data={"utsending": utsending.pk, "dokument": utsending.dokument_id, "forsok": utsending.forsok},
    )
    varsel_send_imdi(
        tittel=f"Et brev til {utsending.mottaker} kunne ikke sendes",
        tekst="Se feilen og send brevet på nytt under Utsendinger av brev.",
        lenke=reverse("admin:dokumenter_utsending_change", args=[utsending.pk]),
    )


def utsending_kvittering_hent(*, utsending_id: int) -> bool:
    """Ask SvarUT how a sent letter is doing; «mottatt» when the receiver has it, «feilet» when SvarUT gave up
    on it (IMDi then sends it again). A poll that fails changes nothing: the next sweep asks again. True when
    the receipt arrived."""
    utsending = (
        Utsending.objects.select_related("dokument").filter(pk=utsending_id, status=Status.SENDT).first()
    )
    if utsending is None:
        return False
    try:
        ekstern = avsender(utsending.kanal).kvittering(utsending)
    except Exception as e:
        log.warning(
            "Status for brev %s kunne ikke hentes fra SvarUT: %s: %s",
            utsending.dokument_id,
            type(e).__name__,
            e,
        )
        return False
    with transaction.atomic():
        utsending = Utsending.objects.select_for_update().select_related("mottaker").get(pk=utsending_id)
        if not utsending.er_sendt:
            return False
        utsending.ekstern_status = ekstern[:40]
        if ekstern in AVVIST_STATUSER:
            _gi_opp(utsending, f"SvarUT: forsendelsen fikk status {ekstern}.", kode="utsending.avvist")
            return False
        if ekstern in MOTTATT_STATUSER:
            utsending.status, utsending.mottatt = Status.MOTTATT, timezone.now()
        utsending.save(update_fields=["ekstern_status", "status", "mottatt"])
    return utsending.status == Status.MOTTATT


def utsending_sweep() -> dict[str, int]:
    """The beat sweep: one attempt for every due sending (first attempts the broker missed, retries after
    their pause, attempts whose worker died), then the receipts of the sent ones. Counts of each."""
    naa = timezone.now()
    forfalte = Utsending.objects.filter(status=Status.VENTER, neste_forsok__lte=naa).order_by(
        "neste_forsok", "pk"
    )
    sendt = sum(utsending_forsok(utsending_id=pk) for pk in forfalte.values_list("pk", flat=True))
    kvitteringer = (
        Utsending.objects.filter(status=Status.SENDT).order_by("sendt", "pk").values_list("pk", flat=True)
    )
    mottatt = sum(utsending_kvittering_hent(utsending_id=pk) for pk in kvitteringer)
    return {"sendt": sendt, "mottatt": mottatt}


@transaction.atomic
def utsending_send_paa_nytt(*, utsending: Utsending, av) -> Utsending:
    """IMDi's «Send på nytt» on a failed sending: due now with all its attempts again and a new reference
    (a rejected forsendelse is not taken for this one); the same row, so still one sending per letter."""
    krev_imdi(av)
    utsending = Utsending.objects.select_for_update().select_related("mottaker").get(pk=utsending.pk)
    if not utsending.feilet:
        raise DomeneFeil("Bare et brev som ikke kunne sendes, kan sendes på nytt.")
    forrige = {"forsok": utsending.forsok, "siste_feil": utsending.siste_feil}
    utsending.status, utsending.forsok, utsending.neste_forsok = Status.VENTER, 0, timezone.now()
    utsending.referanse = uuid.uuid4()
    utsending.forsendelse_id, utsending.ekstern_status, utsending.sendt = "", "", None
    utsending.save()
    hendelse_registrer(
        omraade=Omraade.BOSETTING,
        kode="utsending.send_paa_nytt",
        tittel=f"Brev til {utsending.mottaker} sendes på nytt"[:200],
        tekst=f"Etter {forrige['forsok']} forsøk. Siste feil: {forrige['siste_feil']}",
        av=av,
        data={"utsending": utsending.pk, "dokument": utsending.dokument_id, **forrige},
    )
    _koe_etter_commit(utsending)
    return utsending
