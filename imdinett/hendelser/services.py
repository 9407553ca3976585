"""Events, notifications and the e-mail outbox. Callers are already inside their transaction."""

import logging
import mimetypes
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from imdinett.organisasjoner.models import Organisasjon
from imdinett.organisasjoner.tilgang import roller_med

from .models import Epost, Hendelse, Omraade, Paaminnelse, Varsel, VarselLest

log = logging.getLogger(__name__)


def hendelse_registrer(
    *,
    omraade: str,
    kode: str,
    tittel: str,
    tekst: str = "",
    av=None,
    organisasjon=None,
    personer: Iterable = (),
    data: dict | None = None,
    type: str = Hendelse.Type.SYSTEM,
) -> Hendelse:
    """Record one event (or note) on the organisation's and each person's log."""
    hendelse = Hendelse.objects.create(
        omraade=omraade,
        kode=kode,
        tittel=tittel,
        tekst=tekst,
        utfort_av=av,
        organisasjon=organisasjon,
        data=data or {},
        type=type,
    )
    personer = list(personer)
    if personer:
        hendelse.personer.add(*personer)
    return hendelse


def hendelser_registrer(hendelser: list[tuple[Hendelse, Iterable]]) -> list[Hendelse]:
    """Many events at once, each (unsaved Hendelse, its persons), in two queries whatever their number
    (a bulk import; `hendelse_registrer` for one)."""
    lagret = Hendelse.objects.bulk_create([h for h, _ in hendelser], batch_size=2000)
    Kobling = Hendelse.personer.through
    Kobling.objects.bulk_create(
        [
            Kobling(hendelse_id=h.pk, person_id=p.pk)
            for h, (_, ps) in zip(lagret, hendelser, strict=True)
            for p in ps
        ],
        batch_size=5000,
    )
    return lagret


def brukeradministrasjon_registrer(sender, *, av, organisasjon, kode: str, tittel: str, data=None, **kwargs):
    """A step of the user administration (`organisasjoner.services`, signal `brukeradministrasjon_utfort`) as
    an event, in the step's transaction. Connected in `apps.HendelserConfig.ready`."""
    hendelse_registrer(
        omraade=Omraade.BRUKERADMINISTRASJON,
        kode=kode,
        tittel=tittel,
        av=av,
        organisasjon=organisasjon,
        data=data,
    )


def forste_gang(nokkel: str) -> bool:
    """True the first time a reminder key is seen (a sweep may run any number of times)."""
    try:
        with transaction.atomic():
            Paaminnelse.objects.create(nokkel=nokkel)
    except IntegrityError:
        return False
    return True


def varsel_send(
    *, organisasjon, tittel: str, tekst: str = "", lenke: str = "", tillatelse: str = ""
) -> Varsel:
    """An in-app notification for every user of the organisation, or with `tillatelse` only for those who
    hold that permission there.

    Without `tillatelse` a notification carries no personal data (counts and a link only): the link leads
    through the access checks, and an organisation's administrator, who sees its notifications, has no case
    access. With it, it may name what those users may see.
    """
    if tillatelse:
        roller_med(tillatelse)  # a permission that does not exist fails here, not silently for everyone
    return Varsel.objects.create(
        organisasjon=organisasjon, tittel=tittel, tekst=tekst, lenke=lenke, tillatelse=tillatelse
    )


def varsel_send_imdi(*, tittel: str, tekst: str = "", lenke: str = "") -> None:
    """The notification to IMDi (every IMDi organisation) that something in its workbench wants a caseworker:
    a failure to mend, an answer to read. No personal data (`varsel_send`)."""
    for imdi in Organisasjon.objects.filter(type=Organisasjon.Type.IMDI):
        varsel_send(organisasjon=imdi, tittel=tittel, tekst=tekst, lenke=lenke)


def varsel_marker_lest(*, bruker, varsler: Iterable[Varsel]) -> None:
    VarselLest.objects.bulk_create(
        [VarselLest(varsel=v, bruker=bruker) for v in varsler], ignore_conflicts=True
    )


def _epost_koe_etter_commit(epost: Epost) -> None:
    def koe():
        from .tasks import epost_sendes

        epost_sendes.delay(epost.pk)

    # robust: a broker outage is logged, never raised into the request that already committed.
    transaction.on_commit(koe, robust=True)


def epost_legg_i_utboks(*, til: Iterable[str], emne: str, tekst: str, vedlegg: str = "") -> Epost | None:
    """Write the e-mail in the caller's transaction; it is sent after commit, or by the sweep. None when no
    address was given.

    `vedlegg`: the name of a file in the file store (`Dokument.fil.name`), attached when the e-mail is sent.
    Queue it in the transaction that stored the file, never before: a file not there when an attempt runs
    makes that attempt fail, and the outbox tries again after its pause."""
    mottakere = sorted({a for a in til if a})
    if not mottakere:
        return None
    epost = Epost.objects.create(til=", ".join(mottakere), emne=emne, tekst=tekst, vedlegg=vedlegg)
    _epost_koe_etter_commit(epost)
    return epost


def epost_forsok_sending(*, epost_id: int) -> bool:
    """One sending attempt of a due e-mail, and its outcome; True when this call sent it.

    Only an e-mail that is «venter» and due (`neste_forsok` passed) is tried, so a late or repeated task
    and the sweep never send early, twice, or a failed one. Success: «sendt». Failure (any exception from
    the mail backend, or an attachment missing from the file store): one more attempt counted, the error
    kept, the next attempt after `Epost.PAUSER`; after the last attempt «feilet», an event and a
    notification to IMDi, and nothing more until `epost_prov_igjen`.

    The row lock makes the after-commit task and the sweep exclusive: whichever takes the row
    first sends, the other skips it. A crash between SMTP and commit can repeat a mail (at least
    once), never lose one.
    """
    with transaction.atomic():
        naa = timezone.now()
        epost = (
            Epost.objects.select_for_update(skip_locked=True)
            .filter(pk=epost_id, status=Epost.Status.VENTER, neste_forsok__lte=naa)
            .first()
        )
        if epost is None:
            return False
        epost.forsok += 1
        try:
            _epost_melding(epost).send()
        except Exception as e:  # smtplib's OSErrors, and whatever else a backend raises: each is one attempt
            _epost_feilet_forsok(epost, feil=f"{type(e).__name__}: {e}"[:2000], naa=naa)
            return False
        epost.status = Epost.Status.SENDT
        epost.sendt = timezone.now()
        epost.neste_forsok = None
        epost.siste_feil = ""
        epost.save(update_fields=["status", "forsok", "siste_feil", "sendt", "neste_forsok"])
    return True


def _epost_melding(epost: Epost) -> EmailMessage:
    """The message to send, with its attachment read from the file store now."""
    melding = EmailMessage(epost.emne, epost.tekst, None, epost.mottakere)
    if epost.vedlegg:
        with default_storage.open(epost.vedlegg, "rb") as fil:
            innhold = fil.read()
        melding.attach(PurePosixPath(epost.vedlegg).name, innhold, mimetypes.guess_type(epost.vedlegg)[0])
    return melding


def _epost_feilet_forsok(epost: Epost, *, feil: str, naa) -> None:
    epost.siste_feil = feil
    if epost.forsok < Epost.MAKS_FORSOK:
        epost.neste_forsok = naa + Epost.PAUSER[epost.forsok - 1]
        epost.save(update_fields=["forsok", "siste_feil", "neste_forsok"])
        log.warning(
            "E-post %s ble ikke sendt (forsøk %s), neste forsøk %s: %s",
            epost.pk,
            epost.forsok,
            epost.neste_forsok.isoformat(),
            feil,
        )
        return
    epost.status = Epost.Status.FEILET
    epost.neste_forsok = None
    epost.save(update_fields=["status", "forsok", "siste_feil", "neste_forsok"])
    log.error(
        "E-post %s ble ikke sendt etter %s forsøk og er markert feilet: %s", epost.pk, epost.forsok, feil
    )
    hendelse_registrer(
        omraade=Epost.OMRAADE,
        kode="epost.feilet",
        tittel=f"E-post ikke sendt etter {epost.forsok} forsøk: {epost.emne}"[:200],
        tekst=feil,
        data={"epost": epost.pk, "forsok": epost.forsok},
    )
    from django.urls import reverse

    varsel_send_imdi(  # no subject or addresses: a notification carries no personal data
        tittel=f"En e-post kunne ikke sendes etter {epost.forsok} forsøk",
        tekst="Se feilen og prøv igjen i utboksen.",
        lenke=reverse("admin:hendelser_epost_change", args=[epost.pk]),
    )


def epost_send_forfalte() -> int:
    """The sweep: one attempt for every e-mail that is waiting and due (never a failed one).
    Returns how many were sent."""
    ider = list(
        Epost.objects.filter(status=Epost.Status.VENTER, neste_forsok__lte=timezone.now())
        .order_by("neste_forsok", "pk")
        .values_list("pk", flat=True)
    )
    return sum(epost_forsok_sending(epost_id=pk) for pk in ider)


def epost_prov_igjen(*, epost: Epost, av) -> Epost:
    """IMDi's «Prøv igjen» on a failed e-mail: due now with all its attempts again; queued after commit."""
    from imdinett.feil import DomeneFeil

    with transaction.atomic():
        epost = Epost.objects.select_for_update().get(pk=epost.pk)
        if epost.status != Epost.Status.FEILET:
            raise DomeneFeil("Bare en e-post som har feilet kan prøves igjen.")
        forrige = {"forsok": epost.forsok, "siste_feil": epost.siste_feil}
        epost.status = Epost.Status.VENTER
        epost.forsok = 0
        epost.neste_forsok = timezone.now()
        epost.save(update_fields=["status", "forsok", "neste_forsok"])
        hendelse_registrer(
            omraade=Epost.OMRAADE,
            kode="epost.prov_igjen",
            tittel=f"E-post sendes på nytt: {epost.emne}"[:200],
            tekst=f"Etter {forrige['forsok']} forsøk. Siste feil: {forrige['siste_feil']}",
            av=av,
            data={"epost": epost.pk, **forrige},
        )
        _epost_koe_etter_commit(epost)
    return epost


def notat_opprett(*, av, tittel: str, omraade: str, tekst: str, organisasjon=None, personer=()) -> Hendelse:
    """A caseworker's note (seed 002 «Opprett notat») on an organisation's and the persons' Hendelser.
    Who may link which persons is checked by the caller's form; notes on persons are shown to IMDi and the
    settlement kommune only (personer.selectors.hendelser_for_person)."""
    return hendelse_registrer(
        omraade=omraade,
        kode="notat",
        tittel=tittel,
        tekst=tekst,
        av=av,
        organisasjon=organisasjon,
        personer=personer,
        type=Hendelse.Type.NOTAT,
    )
