"""«Tilgang» #3: «Bestemte personer» looks a person up by DUF through one selector
(`innmelding.selectors.bestemt_person`). Tromsø looking up a Hå resident up for settlement learns the name,
the DUF and how many share the Reg-nr — not the family's names or DUF numbers, the case status, the mottak or
the age. Every lookup that shows a person writes one Innsynslogg line; every lookup is logged and counted per
user; an unknown, malformed or forbidden DUF gets the same neutral message."""

import logging
import re
from datetime import date

import pytest
from django.urls import reverse

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Innsynslogg
from innmelding import selectors
from innmelding.models import Innmelding

from ..factories import HusstandFactory, PersonFactory, gyldig_duf

pytestmark = pytest.mark.django_db
Saksstatus = Bosettingssak.Status
FEIL = re.compile(r'class="ds-validation-message"[^>]*>([^<]+)<')


@pytest.fixture
def tromso(lag_bruker, annen_kommune):
    return lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)


@pytest.fixture
def url(annen_kommune):
    return reverse("innmelding:bestemt_person", args=[annen_kommune.pk])


@pytest.fixture
def familie(mottak, imdi_bruker):
    """A Hå resident up for settlement with his wife and son (same Reg-nr)."""
    husstand = HusstandFactory()
    far = PersonFactory(
        mottak=mottak, husstand=husstand, fornavn="Ahmad", etternavn="Haddad", fodselsdato=date(1980, 3, 4)
    )
    mor = PersonFactory(mottak=mottak, husstand=husstand, fornavn="Leila", etternavn="Karimi")
    sonn = PersonFactory(
        mottak=mottak, husstand=husstand, fornavn="Omar", etternavn="Haddadi", fodselsdato=date(2015, 1, 2)
    )
    saker.bosettingssak_opprett(personer=[far, mor, sonn], av=imdi_bruker)
    return far, mor, sonn


def _feil(svar) -> list[str]:
    return [f.strip() for f in FEIL.findall(svar.content.decode())]


def test_tromso_ser_navn_duf_og_antall_ikke_familien_og_oppslaget_logges(
    client, tromso, url, familie, mottak
):
    far, mor, sonn = familie
    client.force_login(tromso)
    svar = client.get(url, {"duf": f"{far.duf_nummer[:4]} {far.duf_nummer[4:10]} {far.duf_nummer[10:]}"})
    side = svar.content.decode()
    assert svar.status_code == 200
    assert "Ahmad Haddad" in side and "Aktuell for bosetting" in side and "2 personer til" in side
    for ukjent in ("Leila", "Karimi", "Omar", "Haddadi", mor.duf_nummer, sonn.duf_nummer):
        assert ukjent not in side, ukjent
    # Nor the case's status, the mottak, the birth date or the relations.
    for ukjent in (Saksstatus.OPPRETTET.label, mottak.navn, "04.03.1980", "Ektefelle", "Sønn", "Far"):
        assert ukjent not in side, ukjent
    assert list(Innsynslogg.objects.values_list("person_id", "bruker_id", "organisasjon_id", "seksjon")) == [
        (far.pk, tromso.pk, tromso.organisasjon_id, "Innmelding: bestemte personer")
    ]


def test_ukjent_og_ikke_aktuell_faar_samme_noytrale_melding(
    client, tromso, url, familie, mottak, imdi_bruker, kommune, caplog
):
    far = familie[0]
    uten_sak = PersonFactory(mottak=mottak)
    bosatt = PersonFactory(mottak=mottak)
    saker.bosettingssak_opprett(personer=[bosatt], av=imdi_bruker)
    Bosettingssak.objects.filter(person=bosatt).update(
        status=Saksstatus.BOSATT, kommune=kommune, bosettingsdato=date.today()
    )
    sokt_ut = PersonFactory(mottak=mottak)
    saker.bosettingssak_opprett(personer=[sokt_ut], av=imdi_bruker)
    Bosettingssak.objects.filter(person=sokt_ut).update(status=Saksstatus.SOKT_UT, kommune=kommune)
    ukjent = gyldig_duf()  # valid, nobody has it
    feil_kontroll = far.duf_nummer[:10] + f"{(int(far.duf_nummer[10:]) + 1) % 100:02d}"
    client.force_login(tromso)
    meldinger = {}
    with caplog.at_level(logging.INFO, logger="innmelding.selectors"):
        for duf in (ukjent, feil_kontroll, "12345", "abc", "9" * 21, uten_sak.duf_nummer, bosatt.duf_nummer,
                    sokt_ut.duf_nummer):  # fmt: skip
            svar = client.get(url, {"duf": duf})
            assert svar.status_code == 400, duf
            assert 'action="?duf=' not in svar.content.decode()  # no notice form: nobody shown
            meldinger[duf] = _feil(svar)
    # A number that exists but is not up for settlement answers as a number nobody has.
    for duf in (ukjent, uten_sak.duf_nummer, bosatt.duf_nummer, sokt_ut.duf_nummer):
        assert meldinger[duf] == [selectors.IKKE_AKTUELL], duf
    # A typing error is named, since a wrong check digit or length says nothing about any person.
    assert meldinger[feil_kontroll] == ["DUF-nummeret er ikke gyldig (feil kontrollsiffer)."]
    assert (
        meldinger["12345"] == meldinger["abc"] == meldinger["9" * 21] == ["DUF-nummer består av 12 siffer."]
    )
    assert not Innsynslogg.objects.exists()
    # Every lookup of a well-formed number is in the log, so an enumeration is visible.
    assert sum("uten treff" in r.getMessage() for r in caplog.records) == 4


def test_for_mange_oppslag_stoppes_og_varsles(
    client, tromso, lag_bruker, annen_kommune, url, familie, monkeypatch, caplog
):
    monkeypatch.setattr(selectors, "OPPSLAG_GRENSE", 3)
    client.force_login(tromso)
    for _ in range(3):
        assert client.get(url, {"duf": gyldig_duf()}).status_code == 400
    with caplog.at_level(logging.WARNING, logger="innmelding.selectors"):
        svar = client.get(url, {"duf": familie[0].duf_nummer})
        assert client.get(url, {"duf": familie[0].duf_nummer}).status_code == 429
    assert svar.status_code == 429
    assert _feil(svar) == [selectors.FOR_MANGE_OPPSLAG]
    assert "Ahmad" not in svar.content.decode()
    assert not Innsynslogg.objects.exists()
    assert [r.name for r in caplog.records if r.levelno == logging.WARNING].count("innmelding.selectors") == 1
    # Counted per user: a colleague is not held up.
    client.force_login(lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    assert client.get(url, {"duf": familie[0].duf_nummer}).status_code == 200
    assert Innsynslogg.objects.count() == 1


def test_innmelding_paa_den_oppslaatte_personen_sendes(client, tromso, url, familie, annen_kommune):
    far = familie[0]
    client.force_login(tromso)
    svar = client.post(
        f"{url}?duf={far.duf_nummer}",
        {"tilknytning": "naer_familie", "forventet_uke": "2026-W50", "merknad": "Hele familien."},
    )
    assert svar.status_code == 302
    innmelding = Innmelding.objects.get()
    assert (innmelding.person_id, innmelding.kommune_id, innmelding.type) == (
        far.pk,
        annen_kommune.pk,
        Innmelding.Type.BESTEMT_PERSON,
    )


@pytest.mark.parametrize(
    "rolle", [Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES, Rolle.KOMMUNEADMINISTRATOR]
)
def test_uten_innmelding_skriv_er_oppslaget_404(client, lag_bruker, annen_kommune, url, familie, rolle):
    client.force_login(lag_bruker(annen_kommune, rolle))
    assert client.get(url, {"duf": familie[0].duf_nummer}).status_code == 404
    assert not Innsynslogg.objects.exists()
