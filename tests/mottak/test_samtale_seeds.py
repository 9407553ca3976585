"""The bosettingssamtale against seeds 001 and 003 (issue #19 no. 3, 4, 5, 12, 14): who is asked what, the
Kompass reason from a list, the følgeperson questions one by one, the red asterisk only on follow-ups that
apply, a length limit on every free-text answer, and what the person's folder shows of the interview."""

import re
from datetime import date

import pytest

from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssamtale, Person
from imdinett.personer.samtale import mangler, paakrevde_felt
from imdinett.personer.selectors import mappe
from mottak import services
from mottak.forms import samtaleskjema

from ..factories import HusstandFactory, PersonFactory

pytestmark = pytest.mark.django_db
P = Person.Persontype
Aarsak = Bosettingssamtale.KompassAarsak
PRAKTISK = {"kjaeledyr", "forerkort", "bil_i_norge"}


def url(person, rest=""):
    return f"/mottak/{person.mottak_id}/samtale/{person.pk}/{rest}"


def skjemafelt(person, del_="bosettingsinformasjon") -> set[str]:
    return set(samtaleskjema(del_, person, Bosettingssamtale(person=person)).fields)


@pytest.fixture
def voksen(mottak, imdi_bruker):
    person = PersonFactory(mottak=mottak, fodselsdato=date(1990, 1, 1))
    saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    return person


@pytest.fixture
def ukrainer(mottak):
    return PersonFactory(
        mottak=mottak, beskyttelse=Person.Beskyttelse.KOLLEKTIV, statsborgerskap="Ukraina", fornavn="Olena"
    )


@pytest.fixture
def em_med_folgeperson(mottak):
    return PersonFactory(mottak=mottak, persontype=P.EM_MED_FOLGEPERSON, fodselsdato=date(2010, 3, 3))


# ---- no. 4: pets, licence, car and English in every interview; no Kompass reason for kollektiv ----


def test_kjaeledyr_forerkort_og_bil_er_obligatoriske_for_alle_voksne(voksen, ukrainer, em_med_folgeperson):
    assert PRAKTISK <= set(mangler(voksen, Bosettingssamtale(), 1))
    assert PRAKTISK | {"engelsk", "andre_sprak"} <= skjemafelt(voksen)
    assert "engelsk" not in mangler(voksen, Bosettingssamtale(), 1)  # mandatory only for kollektiv (§2.5)
    assert PRAKTISK | {"engelsk"} <= set(mangler(ukrainer, Bosettingssamtale(), 1))
    assert not PRAKTISK & set(mangler(em_med_folgeperson, Bosettingssamtale(), 1))  # a minor
    assert not PRAKTISK & skjemafelt(em_med_folgeperson)


def test_kollektiv_beskyttelse_blir_ikke_spurt_om_kompass(voksen, ukrainer):
    assert "kompass_aarsak" in mangler(voksen, Bosettingssamtale(), 1)
    assert "kompass_aarsak" not in mangler(ukrainer, Bosettingssamtale(), 1)
    assert "kompass_aarsak" not in skjemafelt(ukrainer) and "kompass_aarsak" in skjemafelt(voksen)


# ---- no. 5: the Kompass reason from a list, the følgeperson questions as the seed's ----


def test_kompass_aarsak_velges_fra_listen_og_annen_aarsak_maa_utdypes(voksen):
    felt = samtaleskjema("bosettingsinformasjon", voksen, Bosettingssamtale()).fields["kompass_aarsak"]
    assert "Jeg har planer om å gjennomføre registreringen" in dict(felt.choices).values()  # seed 001
    assert "kompass_aarsak_merknad" not in mangler(voksen, Bosettingssamtale(kompass_aarsak=Aarsak.PLANER), 1)
    assert "kompass_aarsak_merknad" in mangler(voksen, Bosettingssamtale(kompass_aarsak=Aarsak.ANNET), 1)
    skjema = samtaleskjema(
        "bosettingsinformasjon", voksen, Bosettingssamtale(), {"kompass_aarsak": "Skal gjøre"}
    )
    assert not skjema.is_valid() and "kompass_aarsak" in skjema.errors


def test_folgepersonen_har_seedens_sporsmaal_hvert_for_seg(em_med_folgeperson):
    mangel = mangler(em_med_folgeperson, Bosettingssamtale(), 1)
    assert {
        "folgeperson_relasjon",
        "folgeperson_har_det_bra",
        "folgeperson_gjor_sammen",
        "folgeperson_trenger_hjelp",
        "folgeperson_trygg",
        "folgeperson_redd",
        "folgeperson_bo_sammen",
        "folgeperson_vurdering",
    } <= set(mangel)
    svar = Bosettingssamtale(folgeperson_bo_sammen=False, folgeperson_trenger_hjelp=False)
    # «Hvis ikke, kan du fortelle litt om grunnen til det?» — and only a yes opens «Hva trenger du hjelp til?»
    assert "folgeperson_bo_sammen_grunn" in mangler(em_med_folgeperson, svar, 1)
    assert "folgeperson_hjelp" not in mangler(em_med_folgeperson, svar, 1)


def test_overskriftene_fra_seedene(client, ansatt, voksen):
    client.force_login(ansatt)
    side = client.get(url(voksen)).content.decode()
    for overskrift in ("Tilknytning til kommune (veiledende)", "Bofellesskap", "Kjæledyr, førerkort og bil"):
        assert f">{overskrift}</h3>" in side
    side = client.get(url(voksen) + "?del=tilretteleggingsbehov").content.decode()
    assert ">Særlig hensyn</h3>" in side


# ---- no. 14: the asterisk of a follow-up only while its question opens it ----


def test_stjernen_paa_oppfolgingsfelt_bare_naar_svaret_er_ja(voksen):
    assert "tilknytning_type" not in paakrevde_felt(voksen, Bosettingssamtale(har_venner_familie=False))
    assert {"tilknytning_type", "tilknytning_navn", "tilknytning_merknad"} <= paakrevde_felt(
        voksen, Bosettingssamtale(har_venner_familie=True)
    )
    assert "saerlig_hensyn_beskrivelse" not in paakrevde_felt(voksen, Bosettingssamtale(saerlig_hensyn=False))
    assert "har_venner_familie" in paakrevde_felt(voksen, Bosettingssamtale(har_venner_familie=False))
    assert paakrevde_felt(voksen, Bosettingssamtale(onsker_ikke_gi_info=True)) == set()


def stjerne(html: str, felt: str) -> bool:
    """Whether the field's label carries the red asterisk (the span htmx swaps by its id)."""
    return re.search(rf'id="stjerne-{felt}"[^>]*>( <span class="paakrevd")?', html).group(1) is not None


def test_autolagringen_sender_stjernene_for_svarene_som_ble_lagret(client, ansatt, voksen):
    client.force_login(ansatt)
    assert not stjerne(client.get(url(voksen)).content.decode(), "tilknytning_type")
    ja = client.post(
        url(voksen, "lagre/bosettingsinformasjon/"), {"har_venner_familie": "True"}, HTTP_HX_REQUEST="true"
    )
    assert stjerne(ja.content.decode(), "tilknytning_type")  # swapped in by htmx (out of band)
    assert stjerne(client.get(url(voksen)).content.decode(), "tilknytning_type")  # and drawn by the server
    nei = client.post(
        url(voksen, "lagre/bosettingsinformasjon/"), {"har_venner_familie": "False"}, HTTP_HX_REQUEST="true"
    )
    assert not stjerne(nei.content.decode(), "tilknytning_type")
    assert stjerne(nei.content.decode(), "har_venner_familie")


# ---- no. 12: a length limit on every free-text answer, on autosave too ----


def test_fritekst_har_lengdegrense_ogsaa_ved_autolagring(client, ansatt, voksen):
    client.force_login(ansatt)
    fritekst = [f.name for f in Bosettingssamtale._meta.fields if f.get_internal_type() == "TextField"]
    assert fritekst and all(Bosettingssamtale._meta.get_field(f).max_length for f in fritekst)
    svar = client.post(
        url(voksen, "lagre/bosettingsinformasjon/"),
        {"tilknytning_merknad": "x" * 100_000, "har_venner_familie": "True"},
        HTTP_HX_REQUEST="true",
    )
    html = svar.content.decode()
    assert 'id="feil-tilknytning_merknad"' in html and "4000 eller færre tegn" in html
    samtale = Bosettingssamtale.objects.get(person=voksen)
    assert (
        samtale.tilknytning_merknad == "" and samtale.har_venner_familie is True
    )  # the valid field is saved


# ---- no. 3: the folder shows pets, car, licence, the EM answers and Familiebolig ----


def test_mappen_viser_samtalens_svar_og_familiebolig(mottak, ansatt, em_med_folgeperson):
    husstand = HusstandFactory()
    far, _barn = (
        PersonFactory(husstand=husstand, mottak=mottak, persontype=P.FAMILIEMEDLEM, fodselsdato=fodt)
        for fodt in (date(1980, 1, 1), date(2015, 1, 1))
    )
    services.samtale_lagre(
        person=far, data={"kjaeledyr": True, "kjaeledyr_beskrivelse": "Katt", "bil_i_norge": False}, av=ansatt
    )
    innhold = mappe(Person.objects.get(pk=far.pk), for_imdi=True)
    rader = dict(innhold["samtalesvar"])["Kjæledyr, førerkort og bil"]
    assert ("Har du kjæledyr i Norge?", "Ja") in rader and ("Hvilke kjæledyr?", "Katt") in rader
    assert ("Har du bil i Norge?", "Nei") in rader and ("Har du førerkort?", "") in rader
    assert (
        dict(innhold["bosettingsinformasjon"])["Familiebolig"]
        == "Ja, bosettes sammen med husstanden (2 personer)."
    )

    services.samtale_lagre(
        person=em_med_folgeperson,
        data={"em_selvstendighet": "middels", "folgeperson_trygg": True, "folgeperson_bo_sammen": True},
        av=ansatt,
    )
    innhold = mappe(Person.objects.get(pk=em_med_folgeperson.pk), for_imdi=False)
    blokker = dict(innhold["samtalesvar"])
    assert ("Selvstendighetsgrad", "Trenger noe støtte og oppfølging") in blokker["Enslig mindreårig"]
    assert ("Er du trygg sammen med følgepersonen?", "Ja") in blokker["Følgepersonen"]
    assert (
        "Ønsker å fortsette å bo sammen med følgepersonen: Ja."
        in dict(innhold["bosettingsinformasjon"])["Familiebolig"]
    )


# ---- the data migration: free-text Kompass reasons become the list, the text is kept ----


def test_fritekst_kompass_aarsak_flyttes_til_listen_og_teksten_beholdes(mottak, migrer):
    personer = [PersonFactory(mottak=mottak) for _ in range(3)]
    gamle = migrer([("personer", "0006_navnesok_trigram")])
    Gammel = gamle.get_model("personer", "Bosettingssamtale")
    for person, tekst in zip(
        personer,
        [
            "Jeg har planer om å gjennomføre registreringen",
            "Vertskommunen har satt opp kartlegging i uke 3.",
            "Syk",
        ],
        strict=True,
    ):
        Gammel.objects.create(person_id=person.pk, kompass_aarsak=tekst)
    migrer()
    svar = {
        s.person_id: (s.kompass_aarsak, s.kompass_aarsak_merknad) for s in Bosettingssamtale.objects.all()
    }
    assert [svar[p.pk] for p in personer] == [
        (Aarsak.PLANER, ""),
        (Aarsak.VERTSKOMMUNEN, "Vertskommunen har satt opp kartlegging i uke 3."),
        (Aarsak.ANNET, "Syk"),
    ]
