"""Events, notifications and the e-mail outbox. Callers are already inside their transaction."""

import logging
from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Epost, Hendelse, Paaminnelse, Varsel, VarselLest

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


def forste_gang(nokkel: str) -> bool:
    """True the first time a reminder key is seen (a sweep may run any number of times)."""
    try:
        with transaction.atomic():
            Paaminnelse.objects.create(nokkel=nokkel)
    except IntegrityError:
        return False
    return True


def varsel_send(*, organisasjon, tittel: str, tekst: str = "", lenke: str = "") -> Varsel:
    """An in-app notification for every user of the organisation.

    Notifications carry no personal data (counts and a link only): the link leads through the
    access checks, and an organisation's administrator, who sees its notifications, has no case access.
    """
    return Varsel.objects.create(organisasjon=organisasjon, tittel=tittel, tekst=tekst, lenke=lenke)


def varsel_marker_lest(*, bruker, varsler: Iterable[Varsel]) -> None:
    VarselLest.objects.bulk_create(
        [VarselLest(varsel=v, bruker=bruker) for v in varsler], ignore_conflicts=True
    )


def epost_legg_i_utboks(*, til: Iterable[str], emne: str, tekst: str) -> Epost | None:
    """Write the e-mail in the caller's transaction; it is sent after commit, or by the sweep."""
    mottakere = sorted({a for a in til if a})
    if not mottakere:
        return None
    epost = Epost.objects.create(til=", ".join(mottakere), emne=emne, tekst=tekst)

    def koe():
        from .tasks import send_epost

        send_epost.delay(epost.pk)

    # robust: a broker outage is logged, never raised into the request that already committed.
    transaction.on_commit(koe, robust=True)
    return epost


def epost_send(*, epost_id: int) -> bool:
    """Send one queued e-mail at most once; True when this call sent it.

    The row lock makes the after-commit task and the sweep exclusive: whichever takes the row
    first sends, the other skips it. A crash between SMTP and commit can repeat a mail (at least
    once), never lose one.
    """
    with transaction.atomic():
        epost = (
            Epost.objects.select_for_update(skip_locked=True).filter(pk=epost_id, sendt__isnull=True).first()
        )
        if epost is None:
            return False
        epost.forsok += 1
        try:
            send_mail(epost.emne, epost.tekst, None, epost.mottakere)
        except OSError as e:  # smtplib errors are OSErrors
            epost.siste_feil = f"{type(e).__name__}: {e}"[:2000]
            epost.save(update_fields=["forsok", "siste_feil"])
            log.warning("E-post %s ble ikke sendt: %s", epost.pk, e)
            return False
        epost.sendt = timezone.now()
        epost.siste_feil = ""
        epost.save(update_fields=["forsok", "siste_feil", "sendt"])
    return True


def epost_send_usendte() -> int:
    """The sweep: send every e-mail still waiting. Returns how many were sent."""
    ider = list(Epost.objects.filter(sendt__isnull=True).order_by("opprettet").values_list("pk", flat=True))
    return sum(epost_send(epost_id=pk) for pk in ider)


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
