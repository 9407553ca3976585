"""The «Anmodningsbrev» by e-mail to the kommune's postmottak (seed 002, «Brev fra IMDi utenfor IMDinett»):
one e-mail through the outbox with the stored PDF attached, never two; a kommune without an address is
named to IMDi in the admin and downloads the letter; a failed sending is retried as the outbox does."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Epost, Hendelse
from imdinett.hendelser.tasks import epost_sweep
from imdinett.organisasjoner.roller import Rolle
from kommune import services
from kommune.models import Anmodning

from ..conftest import pdftekst, samtidig
from .conftest import AAR

POSTMOTTAK = "postmottak@sortland.kommune.no"
ENDRINGSLISTE = "/admin/kommune/anmodning/"


def _utkast(kommune, imdi_bruker, *, tilleggsanmodning=False) -> Anmodning:
    return services.anmodning_opprett(
        kommuner=[kommune],
        aar=[AAR, AAR + 1],
        tall={"voksne": 23, "em_15_18": 7, "em_under_15": 4},
        svarfrist=timezone.localdate() + timedelta(days=30),
        tilleggsanmodning=tilleggsanmodning,
        av=imdi_bruker,
    )[0]


@pytest.fixture
def sortland(kommune):
    kommune.epost = POSTMOTTAK
    kommune.save(update_fields=["epost"])
    return kommune


def _vedlegg(melding) -> tuple[str, bytes, str]:
    assert len(melding.attachments) == 1
    return melding.attachments[0]


def _sjekk_brevet(melding, anmodning: Anmodning) -> None:
    """The message carries the stored letter as a PDF naming the kommune and its numbers."""
    navn, innhold, mimetype = _vedlegg(melding)
    assert mimetype == "application/pdf" and navn.endswith(".pdf") and innhold.startswith(b"%PDF")
    with anmodning.brev.fil.open("rb") as fil:
        assert innhold == fil.read()  # the letter kept for download, not another one
    tekst = pdftekst(innhold)
    assert "Sortland kommune" in tekst and str(AAR) in tekst and str(AAR + 1) in tekst
    assert all(tall in tekst.split() for tall in ("23", "7", "4"))


@pytest.mark.django_db
@pytest.mark.parametrize("tilleggsanmodning", [False, True])
def test_sendt_anmodning_gaar_paa_epost_til_postmottaket_med_brevet_som_pdf(
    sortland, imdi_bruker, tilleggsanmodning, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the worker's attempt after the commit
        anmodning = services.anmodning_send(
            anmodning=_utkast(sortland, imdi_bruker, tilleggsanmodning=tilleggsanmodning), av=imdi_bruker
        )

    [melding] = mail.outbox
    tittel = "Tilleggsanmodning" if tilleggsanmodning else "Anmodning"
    assert melding.subject == f"{tittel} om bosetting av flyktninger {AAR}–{AAR + 1} – Sortland kommune"
    assert melding.subject == anmodning.brev.tittel and melding.to == [POSTMOTTAK]
    assert "sende vedtaket til IMDis postmottak" in melding.body
    assert "registrere vedtaket i IMDinett" in melding.body
    assert f"Svarfrist: {anmodning.svarfrist:%d.%m.%Y}" in melding.body
    _sjekk_brevet(melding, anmodning)

    epost = Epost.objects.get()
    assert anmodning.brev_epost == epost and not anmodning.brev_uten_epost
    assert epost.status == Epost.Status.SENDT and epost.vedlegg == anmodning.brev.fil.name
    hendelse = Hendelse.objects.get(kode="anmodning.brev_epost", organisasjon=sortland)
    assert POSTMOTTAK in hendelse.tittel and hendelse.utfort_av == imdi_bruker
    assert hendelse.data == {"anmodning": anmodning.pk, "dokument": anmodning.brev_id, "epost": epost.pk}


@pytest.mark.django_db
def test_to_ganger_send_gir_en_epost(sortland, imdi_bruker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        anmodning = services.anmodning_send(anmodning=_utkast(sortland, imdi_bruker), av=imdi_bruker)
    with pytest.raises(DomeneFeil, match="allerede sendt"):
        services.anmodning_send(anmodning=anmodning, av=imdi_bruker)
    with pytest.raises(DomeneFeil, match="allerede sendt på e-post"):
        services.anmodningsbrev_epost(anmodning=anmodning, av=imdi_bruker)
    assert len(mail.outbox) == 1 and Epost.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_dobbelt_innsending_samtidig_gir_en_epost(sortland, imdi_bruker):
    """Two «Send» at once (a double submit): the anmodning's row lock lets one through."""
    utkast = _utkast(sortland, imdi_bruker)
    svar = samtidig(2, lambda: services.anmodning_send(anmodning=utkast, av=imdi_bruker))
    assert sorted(svar) == ["Anmodningen er allerede sendt.", "ok"]
    assert Epost.objects.count() == 1 and len(mail.outbox) == 1
    assert Epost.objects.get().status == Epost.Status.SENDT


@pytest.mark.django_db
def test_kommune_uten_epost_navnes_for_imdi_og_brevet_kan_lastes_ned(
    client, sortland, annen_kommune, imdi_bruker, lag_bruker, django_capture_on_commit_callbacks
):
    bodo = type(annen_kommune).objects.create(nummer="1804", navn="Bodø")
    ider = [_utkast(k, imdi_bruker).pk for k in (sortland, annen_kommune, bodo)]
    client.force_login(imdi_bruker)
    with django_capture_on_commit_callbacks(execute=True):
        side = client.post(ENDRINGSLISTE, {"action": "send", "_selected_action": ider}, follow=True)
    meldinger = [str(m) for m in side.context["messages"]]
    assert "Sendt: 3." in meldinger
    assert (
        "Anmodningsbrevet ble ikke sendt på e-post til Bodø, Tromsø, som ikke har e-postadresse i IMDinett. "
        "Brevet ligger i IMDinett, der kommunen kan laste det ned. "
        "Registrer e-postadressen under Kommuner og velg «Send anmodningsbrevet på e-post»."
    ) in meldinger
    assert [m.to for m in mail.outbox] == [[POSTMOTTAK]] and Epost.objects.count() == 1

    tromso = Anmodning.objects.get(kommune=annen_kommune)
    assert tromso.brev_uten_epost and tromso.brev_epost is None
    hendelse = Hendelse.objects.get(kode="anmodning.brev_uten_epost", organisasjon=annen_kommune)
    assert hendelse.tittel == "Anmodningsbrevet ble ikke sendt på e-post: kommunen har ingen e-postadresse"
    endre = client.get(f"{ENDRINGSLISTE}{tromso.pk}/change/").content.decode()
    assert "Ikke sendt: kommunen hadde ingen e-postadresse" in endre
    assert reverse("dokument", args=[tromso.brev_id]) in endre
    sendt = client.get(f"{ENDRINGSLISTE}{Anmodning.objects.get(kommune=sortland).pk}/change/")
    assert f"Sendt til {POSTMOTTAK}" in sendt.content.decode()

    leser = lag_bruker(annen_kommune, Rolle.KOMMUNE_ANMODER_LES)
    client.force_login(leser)
    brev = client.get(reverse("dokument", args=[tromso.brev_id]))
    assert brev.status_code == 200 and b"".join(brev.streaming_content).startswith(b"%PDF")

    # The address registered, IMDi e-mails the letter; once.
    annen_kommune.epost = "postmottak@tromso.kommune.no"
    annen_kommune.save(update_fields=["epost"])
    client.force_login(imdi_bruker)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            side = client.post(ENDRINGSLISTE, {"action": "brev_epost", "_selected_action": ider}, follow=True)
    meldinger = [str(m) for m in side.context["messages"]]
    assert f"{tromso}: Anmodningsbrevet er allerede sendt på e-post." in meldinger
    bodo_anmodning = Anmodning.objects.get(kommune=bodo)
    assert (
        f"{bodo_anmodning}: Anmodningsbrevet kan ikke sendes på e-post: kommunen har ingen e-postadresse. "
        "Registrer den under Kommuner."
    ) in meldinger
    assert [m.to for m in mail.outbox] == [[POSTMOTTAK], ["postmottak@tromso.kommune.no"]]
    assert Anmodning.objects.get(pk=tromso.pk).brev_epost.til == "postmottak@tromso.kommune.no"


@pytest.mark.django_db
def test_feilet_sending_proves_igjen_av_sveipet_med_brevet(
    settings, sortland, imdi_bruker, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.hendelser.test_epost_forsok.FeilendeEpost"
    with django_capture_on_commit_callbacks(execute=True):
        anmodning = services.anmodning_send(anmodning=_utkast(sortland, imdi_bruker), av=imdi_bruker)
    epost = Epost.objects.get()
    assert (epost.status, epost.forsok, mail.outbox) == (Epost.Status.VENTER, 1, [])
    assert "SMTPServerDisconnected" in epost.siste_feil

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the mail server is back
    assert epost_sweep() == 0  # the pause has not passed
    Epost.objects.filter(pk=epost.pk).update(neste_forsok=timezone.now())
    assert epost_sweep() == 1 and epost_sweep() == 0
    [melding] = mail.outbox
    _sjekk_brevet(melding, anmodning)
    epost.refresh_from_db()
    assert (epost.status, epost.forsok) == (Epost.Status.SENDT, 2)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_ekte_worker_sender_brevet_etter_commit(ekte_worker, sortland, imdi_bruker):
    anmodning = services.anmodning_send(anmodning=_utkast(sortland, imdi_bruker), av=imdi_bruker)  # commits
    ekte_worker(
        lambda: Epost.objects.filter(status=Epost.Status.SENDT).exists()
    )  # through Redis to the worker
    [melding] = mail.outbox
    _sjekk_brevet(melding, anmodning)
