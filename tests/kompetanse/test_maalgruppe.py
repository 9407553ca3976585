"""«Tilgang» #9: the Kommune_Kartlegger reaches exactly the target group — adults with individual protection
and an open settlement case, resident in a mottak of its kommune (seed 003 «Kompetansekartlegging»). One rule
(`personer.selectors.kartleggers_omfang`) for the task list, the form, its autosave, Ferdigstill and the
person access (`personer.selectors._omfang`); opening the mapping page is in the access log."""

from datetime import date

import pytest
from django.urls import reverse

from imdinett.kompetanse import selectors
from imdinett.kompetanse.models import Kompetanseregistrering
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Innsynslogg, Person
from imdinett.personer.selectors import i_maalgruppen, maalgruppe, persons_visible_to

from ..factories import KommuneFactory, PersonFactory
from .conftest import skjemadata

Saksstatus = Bosettingssak.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(person) -> str:
    return reverse("kompetanse:kartlegging", args=[person.pk])


def _ferdigstill(person) -> str:
    return reverse("kompetanse:ferdigstill", args=[person.pk])


@pytest.fixture
def utenfor(mottak, familie, imdi_bruker):
    """Residents of the vertskommune's mottak outside the target group, one per reason."""
    uten_sak = PersonFactory(mottak=mottak, fornavn="Yusuf")  # no permit yet: no settlement case
    kollektiv = PersonFactory(mottak=mottak, fornavn="Olena", beskyttelse=Person.Beskyttelse.KOLLEKTIV)
    bosatt = PersonFactory(mottak=mottak, fornavn="Bashir")
    avsluttet = PersonFactory(mottak=mottak, fornavn="Dawit")
    for person in (kollektiv, bosatt, avsluttet):
        saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    Bosettingssak.objects.filter(person=bosatt).update(
        status=Saksstatus.BOSATT, kommune=KommuneFactory(), bosettingsdato=date.today()
    )
    Bosettingssak.objects.filter(person=avsluttet).update(
        status=Saksstatus.AVSLUTTET, avslutningsgrunn=Bosettingssak.Avslutningsgrunn.UTREIST
    )
    barn = next(p for p in familie if p.fornavn == "Nour")
    return [uten_sak, kollektiv, bosatt, avsluttet, barn]


def test_utenfor_maalgruppen_er_404_paa_skjema_autolagring_og_ferdigstill(client, kartlegger, utenfor):
    client.force_login(kartlegger)
    for person in utenfor:
        assert client.get(_url(person)).status_code == 404, person.fornavn
        svar = client.post(_url(person), skjemadata(gjennomforing="intervju"), **HTMX)
        assert svar.status_code == 404, person.fornavn
        assert client.post(_url(person), skjemadata(gjennomforing="intervju")).status_code == 404
        assert client.post(_ferdigstill(person)).status_code == 404, person.fornavn
    liste = client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    for person in utenfor:
        assert person.etternavn not in liste, person.fornavn
    assert not Kompetanseregistrering.objects.exists()
    assert not Innsynslogg.objects.exists()


def test_kartleggeren_naar_bare_maalgruppen_ogsaa_i_personsoket(client, kartlegger, familie, utenfor):
    """`_omfang` for the role is the same rule: the search finds the target group only (others by exact DUF
    give basic data through the logged DUF lookup, as for every kommune role)."""
    far, mor = familie[0], familie[1]
    naar = set(persons_visible_to(kartlegger).values_list("pk", flat=True))
    assert naar == {far.pk, mor.pk}
    assert naar == set(selectors.kartleggbare(kartlegger).values_list("pk", flat=True))
    client.force_login(kartlegger)
    for person in utenfor:
        side = client.get(reverse("personer:sok"), {"q": person.etternavn}).content.decode()
        assert reverse("personer:grunndata", args=[person.pk]) not in side, person.fornavn
    side = client.get(reverse("personer:sok"), {"q": far.etternavn}).content.decode()
    assert reverse("personer:grunndata", args=[far.pk]) in side


def test_i_maalgruppen_og_maalgruppe_er_samme_regel(familie, utenfor):
    personer = Person.objects.select_related("bosettingssak")
    i_sql = set(personer.filter(maalgruppe()).values_list("pk", flat=True))
    assert i_sql == {p.pk for p in personer if i_maalgruppen(p)} == {familie[0].pk, familie[1].pk}


def test_maalgruppen_virker_og_siden_logges_en_gang(client, kartlegger, far):
    client.force_login(kartlegger)
    assert client.get(_url(far)).status_code == 200
    assert list(Innsynslogg.objects.values_list("person_id", "bruker_id", "seksjon")) == [
        (far.pk, kartlegger.pk, "Kompetansekartlegging")
    ]
    # The autosave and Ferdigstill (a redirect) show no one: no more lines; the task list lists the person.
    svar = client.post(_url(far), skjemadata(gjennomforing="intervju"), **HTMX)
    assert svar.status_code == 200
    assert client.post(_ferdigstill(far)).status_code == 302
    assert Innsynslogg.objects.count() == 1
    assert "Khaled" in client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    assert Innsynslogg.objects.count() == 1


def test_sokt_ut_til_en_annen_kommune_kartlegges_fortsatt_til_bosetting(client, kartlegger, familie):
    """Seed 003: the vertskommune maps «før bosetting». A case søkt ut elsewhere is still open (the person
    lives at the mottak until settled); once settled the Kartlegger no longer reaches the person."""
    far = familie[0]
    annen = KommuneFactory()
    Bosettingssak.objects.filter(person__in=familie).update(status=Saksstatus.SOKT_UT, kommune=annen)
    client.force_login(kartlegger)
    assert client.get(_url(far)).status_code == 200
    Bosettingssak.objects.filter(person__in=familie).update(
        status=Saksstatus.BOSATT, bosettingsdato=date.today()
    )
    assert client.get(_url(far)).status_code == 404
    assert "Khaled" not in client.get(reverse("kompetanse:oppgaveliste")).content.decode()
