"""Alerts and the reminder sweep: each reminder once, to the mottak's shared address and its
Bosettingsansvarlig (seed 003 §2.4.1, §2.5.3)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from imdinett.hendelser.models import Varsel
from imdinett.organisasjoner.models import Kontaktperson
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person
from mottak import services
from mottak.tasks import paaminnelse_sweep

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ansvarlig(mottak):
    return Kontaktperson.objects.create(
        mottak=mottak, type=Kontaktperson.Type.BOSETTINGSANSVARLIG, navn="Kari", epost="kari@example.org"
    )


def test_ny_sak_varsler_mottaket_og_bosettingsansvarlig(
    mottak, ansvarlig, imdi_bruker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        person = PersonFactory(mottak=mottak)
        saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    samtale = f"/mottak/{mottak.pk}/samtale/{person.pk}/"  # the household's interview (#19, 15)
    assert set(mail.outbox[0].to) == {mottak.epost, "kari@example.org"}
    assert samtale in mail.outbox[0].body
    assert Varsel.objects.get(organisasjon=mottak).lenke == samtale


def test_fristpaaminnelser_sendes_en_gang(mottak, ansvarlig, imdi_bruker, django_capture_on_commit_callbacks):
    person = PersonFactory(mottak=mottak)
    saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    sak = Bosettingssak.objects.get(person=person)
    idag = timezone.localdate()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.paaminnelser_send(idag=sak.frist - timedelta(days=4)) == 0
        assert services.paaminnelser_send(idag=sak.frist - timedelta(days=3)) == 1
        assert services.paaminnelser_send(idag=sak.frist - timedelta(days=2)) == 0  # once
        assert services.paaminnelser_send(idag=sak.frist + timedelta(days=1)) == 1
        assert services.paaminnelser_send(idag=sak.frist + timedelta(days=5)) == 0
    titler = list(Varsel.objects.filter(organisasjon=mottak).values_list("tittel", flat=True))
    assert any("går ut innen 3 dager" in t for t in titler) and any("er passert" in t for t in titler)
    assert len(mail.outbox) == 2 and "kari@example.org" in mail.outbox[0].to
    assert idag  # the sweep takes today's date by default:
    assert paaminnelse_sweep() == 0


def test_ferdigstilt_sak_faar_ingen_paaminnelse(mottak, imdi_bruker):
    person = PersonFactory(mottak=mottak)
    liste = saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    saker.bosettingssak_ferdigstill(saker=liste, av=imdi_bruker)
    assert services.paaminnelser_send(idag=liste[0].frist + timedelta(days=1)) == 0


def test_funksjonsrapport_paaminnelse_etter_seks_maaneder(mottak, imdi_bruker, lag_bruker):
    from imdinett.organisasjoner.roller import Rolle

    ansatt = lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)
    person = PersonFactory(mottak=mottak, plasstype=Person.Plasstype.SAERSKILT_BO)
    liste = saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    start = timezone.localdate(liste[0].opprettet)
    saker.bosettingssak_ferdigstill(saker=liste, av=imdi_bruker)
    assert services.paaminnelser_send(idag=start + timedelta(days=100)) == 0
    assert services.paaminnelser_send(idag=start + timedelta(days=182)) == 1
    assert services.paaminnelser_send(idag=start + timedelta(days=190)) == 0
    services.funksjonsrapport_registrer(
        person=person, dato=timezone.localdate(), ingen_endring=True, merknad="", av=ansatt
    )
    assert services.paaminnelser_send(idag=timezone.localdate() + timedelta(days=181)) == 0
    assert services.paaminnelser_send(idag=timezone.localdate() + timedelta(days=182)) == 1
    assert Varsel.objects.filter(tittel__startswith="Funksjonsrapport").count() == 2


def test_funksjonsrapport_bare_for_saerskilte_plasser(mottak, lag_bruker):
    from imdinett.feil import DomeneFeil
    from imdinett.organisasjoner.roller import Rolle

    ansatt = lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)
    with pytest.raises(DomeneFeil, match="særskilt"):
        services.funksjonsrapport_registrer(
            person=PersonFactory(mottak=mottak),
            dato=timezone.localdate(),
            ingen_endring=True,
            merknad="",
            av=ansatt,
        )
