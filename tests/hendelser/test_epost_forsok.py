"""The outbox's retries (issue #22): a failing e-mail is tried again after growing pauses and, after the
last attempt, is «feilet», visible to IMDi in the admin with its error and left alone by the sweep until
someone chooses «Prøv igjen»; a sent e-mail is never sent again."""

import smtplib

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone

from imdinett.hendelser import services
from imdinett.hendelser.models import Epost, Hendelse, Varsel
from imdinett.hendelser.tasks import epost_sendes, epost_sweep

pytestmark = pytest.mark.django_db
ADMIN = "/admin/hendelser/epost/"
FEIL = "Forbindelsen til SMTP-tjeneren ble brutt"


class FeilendeEpost(BaseEmailBackend):
    """A mail server that is down: Django's mail API raises what smtplib raises."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected(FEIL)


@pytest.fixture
def feilende_smtp(settings):
    settings.EMAIL_BACKEND = "tests.hendelser.test_epost_forsok.FeilendeEpost"


@pytest.fixture
def superbruker(lag_bruker, imdi_org):
    return lag_bruker(imdi_org, username="sjefen", is_superuser=True, is_staff=True)


def _forfall(epost: Epost) -> None:
    """Time passes until the e-mail's next attempt is due."""
    Epost.objects.filter(pk=epost.pk).update(neste_forsok=timezone.now())


def _feilet(emne: str = "Feilet e-post") -> Epost:
    return Epost.objects.create(
        til="kommune@example.org",
        emne=emne,
        tekst="Hei",
        status=Epost.Status.FEILET,
        neste_forsok=None,
        forsok=Epost.MAKS_FORSOK,
        siste_feil=f"SMTPServerDisconnected: {FEIL}",
    )


def test_feilende_sending_proves_med_voksende_pauser_og_feiler_etter_siste_forsok(
    feilende_smtp, imdi_org, superbruker, client, django_capture_on_commit_callbacks
):
    assert list(Epost.PAUSER) == sorted(set(Epost.PAUSER))  # each pause longer than the one before
    foer = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):  # the first attempt: the task after commit
        epost = services.epost_legg_i_utboks(til=["mottak@example.org"], emne="Ny bosettingssak", tekst="Hei")
    etter = timezone.now()

    for forsok, pause in enumerate(Epost.PAUSER, start=1):
        epost.refresh_from_db()
        assert epost.status == Epost.Status.VENTER and epost.forsok == forsok
        assert epost.siste_feil == f"SMTPServerDisconnected: {FEIL}"
        assert foer + pause <= epost.neste_forsok <= etter + pause  # one pause after this attempt
        assert epost_sweep() == 0 and Epost.objects.get(pk=epost.pk).forsok == forsok  # not due: skipped
        _forfall(epost)
        foer = timezone.now()
        assert epost_sweep() == 0  # due: tried, and failed again
        etter = timezone.now()

    epost.refresh_from_db()
    assert epost.status == Epost.Status.FEILET and epost.forsok == Epost.MAKS_FORSOK
    assert epost.neste_forsok is None and epost.sendt is None
    assert mail.outbox == []
    hendelse = Hendelse.objects.get(kode="epost.feilet")
    assert hendelse.data == {"epost": epost.pk, "forsok": Epost.MAKS_FORSOK} and FEIL in hendelse.tekst
    varsel = Varsel.objects.get(organisasjon=imdi_org)
    assert varsel.lenke == f"{ADMIN}{epost.pk}/change/"
    assert "Ny bosettingssak" not in varsel.tittel + varsel.tekst  # no content in a notification

    # Failed: neither the sweep nor a late task tries it again.
    assert epost_sweep() == 0 and epost_sendes(epost.pk) is False
    assert Epost.objects.get(pk=epost.pk).forsok == Epost.MAKS_FORSOK

    client.force_login(superbruker)
    side = client.get(ADMIN, {"status": "feilet"}).content.decode()
    assert "Ny bosettingssak" in side and FEIL in side and "Feilet" in side
    assert "Ny bosettingssak" not in client.get(ADMIN, {"status": "venter"}).content.decode()


def test_enhver_feil_fra_epostmotoren_teller_som_et_forsok(settings):
    """Not only smtplib's OSErrors: an error that escaped would roll the count back and retry forever."""
    settings.EMAIL_BACKEND = "tests.hendelser.test_epost_forsok.UgyldigEpost"
    epost = Epost.objects.create(til="a@example.org", emne="Ugyldig", tekst="Hei")
    assert services.epost_forsok_sending(epost_id=epost.pk) is False
    epost.refresh_from_db()
    assert epost.forsok == 1 and epost.siste_feil == "ValueError: ugyldig adresse"
    assert epost.neste_forsok > timezone.now()


class UgyldigEpost(BaseEmailBackend):
    def send_messages(self, messages):
        raise ValueError("ugyldig adresse")


def test_sveipet_sender_bare_forfalte_og_aldri_feilede():
    Epost.objects.create(til="a@example.org", emne="Forfalt", tekst="Hei")
    senere = Epost.objects.create(
        til="b@example.org",
        emne="Senere",
        tekst="Hei",
        forsok=1,
        neste_forsok=timezone.now() + Epost.PAUSER[0],
    )
    feilet = _feilet()

    assert services.epost_send_forfalte() == 1
    assert [m.subject for m in mail.outbox] == ["Forfalt"]
    # A task does not jump the queue.
    assert epost_sendes(senere.pk) is False and epost_sendes(feilet.pk) is False
    senere.refresh_from_db()
    feilet.refresh_from_db()
    assert (senere.status, senere.forsok) == (Epost.Status.VENTER, 1)
    assert (feilet.status, feilet.forsok) == (Epost.Status.FEILET, Epost.MAKS_FORSOK)
    assert len(mail.outbox) == 1


def test_vellykket_sending_er_sendt_og_sendes_aldri_to_ganger(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        epost = services.epost_legg_i_utboks(
            til=["k@example.org", "m@example.org"], emne="Sendt", tekst="Hei"
        )
    epost.refresh_from_db()
    assert epost.status == Epost.Status.SENDT and epost.sendt is not None
    assert epost.forsok == 1 and epost.neste_forsok is None
    assert [m.to for m in mail.outbox] == [["k@example.org", "m@example.org"]]

    assert epost_sweep() == 0  # a second sweep sends nothing
    assert epost_sendes(epost.pk) is False  # nor a repeated task
    assert len(mail.outbox) == 1


def test_prov_igjen_i_admin_gjor_den_forfalt_og_registrerer_hendelse(client, imdi_bruker):
    feilet = _feilet("Prøves igjen")
    sendt = Epost.objects.create(
        til="a@example.org",
        emne="Allerede sendt",
        tekst="Hei",
        status=Epost.Status.SENDT,
        sendt=timezone.now(),
    )
    client.force_login(imdi_bruker)
    liste = client.get(ADMIN).content.decode()
    assert "Prøv igjen" in liste and FEIL in liste

    svar = client.post(
        ADMIN, {"action": "prov_igjen", "_selected_action": [feilet.pk, sendt.pk]}, follow=True
    )
    meldinger = [str(m) for m in svar.context["messages"]]
    assert "Sendes på nytt: 1." in meldinger
    assert any("Allerede sendt" in m and "Bare en e-post som har feilet" in m for m in meldinger)

    feilet.refresh_from_db()
    assert feilet.status == Epost.Status.VENTER and feilet.forsok == 0
    assert feilet.neste_forsok <= timezone.now()
    hendelse = Hendelse.objects.get(kode="epost.prov_igjen")
    assert hendelse.utfort_av == imdi_bruker
    assert hendelse.data == {
        "epost": feilet.pk,
        "forsok": Epost.MAKS_FORSOK,
        "siste_feil": f"SMTPServerDisconnected: {FEIL}",
    }
    assert Epost.objects.get(pk=sendt.pk).status == Epost.Status.SENDT  # refused, unchanged

    assert epost_sweep() == 1  # due again: the sweep sends it
    assert [m.subject for m in mail.outbox] == ["Prøves igjen"]
    assert Epost.objects.get(pk=feilet.pk).status == Epost.Status.SENDT


def test_prov_igjen_koer_sendingen_etter_commit(imdi_bruker, django_capture_on_commit_callbacks):
    feilet = _feilet("Med en gang")
    with django_capture_on_commit_callbacks(execute=True):
        services.epost_prov_igjen(epost=feilet, av=imdi_bruker)
    assert Epost.objects.get(pk=feilet.pk).status == Epost.Status.SENDT
    assert [m.subject for m in mail.outbox] == ["Med en gang"]


def test_admin_endrer_ikke_epostens_innhold(client, superbruker):
    epost = _feilet("Uendret")
    client.force_login(superbruker)
    side = client.get(f"{ADMIN}{epost.pk}/change/")
    assert side.status_code == 200 and 'name="emne"' not in side.content.decode()
    svar = client.post(
        f"{ADMIN}{epost.pk}/change/", {"emne": "Endret", "tekst": "Endret", "til": "x@example.org"}
    )
    assert svar.status_code == 403
    assert client.get(f"{ADMIN}add/").status_code == 403
    epost.refresh_from_db()
    assert (epost.emne, epost.tekst, epost.til) == ("Uendret", "Hei", "kommune@example.org")


def test_vedlegg_leses_fra_fillageret_naar_eposten_sendes():
    """The attachment is a file in the store, read at each attempt: one not there (yet) fails that attempt,
    and the outbox tries again after its pause."""
    epost = Epost.objects.create(
        til="postmottak@example.org", emne="Med vedlegg", tekst="Hei", vedlegg="dokumenter/2026/12/brev.pdf"
    )
    assert services.epost_forsok_sending(epost_id=epost.pk) is False
    epost.refresh_from_db()
    assert epost.status == Epost.Status.VENTER and epost.forsok == 1
    assert epost.siste_feil.startswith("FileNotFoundError") and mail.outbox == []

    default_storage.save(epost.vedlegg, ContentFile(b"%PDF-1.7 brevet"))
    _forfall(epost)
    assert services.epost_forsok_sending(epost_id=epost.pk) is True
    [melding] = mail.outbox
    assert melding.attachments == [("brev.pdf", b"%PDF-1.7 brevet", "application/pdf")]
