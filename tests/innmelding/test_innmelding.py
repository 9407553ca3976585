"""Innmeldinger: sending with the rules of each type, routing to Bufetat, every status change and the
illegal ones, the lists and the capacity per week."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse, Varsel
from imdinett.organisasjoner.models import Organisasjon
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Person
from innmelding import selectors, services
from innmelding.models import Innmelding
from innmelding.selectors import kapasitet

from ..factories import HusstandFactory, OrganisasjonFactory, PersonFactory, gyldig_duf

pytestmark = pytest.mark.django_db
T = Innmelding.Type
Innmeldingsstatus = Innmelding.Status
UKE = date(2026, 12, 7)


@pytest.fixture
def bosetter(lag_bruker, kommune):
    return lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)


@pytest.fixture
def bufetat_bruker(lag_bruker):
    return lag_bruker(
        OrganisasjonFactory(navn="Bufetat", type=Organisasjon.Type.BUFETAT), Rolle.BUFETAT_SAKSBEHANDLER
    )


def familiebolig(kommune, av, **felt):
    return services.innmelding_send(
        kommune=kommune,
        type=T.LEDIG_BOLIG,
        forventet_uke=UKE + timedelta(days=3),
        av=av,
        boligtype="familiebolig",
        antall=5,
        **felt,
    )


def test_send_familiebolig(kommune, bosetter, imdi_org):
    innmelding = familiebolig(kommune, bosetter)
    assert (
        innmelding.forventet_uke == UKE
        and innmelding.mottaker == "imdi"
        and innmelding.status == Innmeldingsstatus.VENTER
    )
    assert innmelding.uke_tekst == "uke 50 2026"
    assert Hendelse.objects.filter(kode="innmelding.sendt", organisasjon=kommune).exists()
    assert Varsel.objects.filter(organisasjon=imdi_org, tittel__startswith="Ny innmelding").exists()


def test_saerlig_hensyn_krever_beskrivelse(kommune, bosetter):
    with pytest.raises(DomeneFeil, match="særlige hensyn"):
        familiebolig(kommune, bosetter, saerlig_hensyn=True)
    assert not Innmelding.objects.exists()


def test_em_under_15_rutes_til_bufetat(kommune, bosetter, mottak, imdi_bruker):
    em = services.innmelding_send(
        kommune=kommune,
        type=T.LEDIG_BOLIG,
        forventet_uke=UKE,
        av=bosetter,
        boligtype="em_tiltak",
        em_tiltak="bofellesskap_dogn",
        em_alder="under_15",
        antall=3,
    )
    em15 = services.innmelding_send(
        kommune=kommune,
        type=T.LEDIG_BOLIG,
        forventet_uke=UKE,
        av=bosetter,
        boligtype="em_tiltak",
        em_tiltak="hybel",
        em_alder="15_18",
        antall=2,
    )
    barn = PersonFactory(
        mottak=mottak,
        persontype=Person.Persontype.ENSLIG_MINDREAARIG,
        fodselsdato=timezone.localdate() - timedelta(days=365 * 13),
    )
    saker.bosettingssak_opprett(personer=[barn], av=imdi_bruker)
    person = services.innmelding_send(
        kommune=kommune,
        type=T.BESTEMT_PERSON,
        forventet_uke=UKE,
        av=bosetter,
        person=selectors.bestemt_person_til_innmelding(
            selectors.bestemt_person(bosetter, kommune, barn.duf_nummer)
        ),
        tilknytning="naer_familie",
    )
    assert (em.mottaker, em15.mottaker, person.mottaker) == ("bufetat", "imdi", "bufetat")


def test_annet_em_tiltak_krever_merknad(kommune, bosetter):
    with pytest.raises(DomeneFeil, match="Annet"):
        services.innmelding_send(
            kommune=kommune,
            type=T.LEDIG_BOLIG,
            forventet_uke=UKE,
            av=bosetter,
            boligtype="em_tiltak",
            em_tiltak="annet",
            em_alder="15_18",
            antall=1,
        )


def test_bestemt_person_maa_vaere_aktuell(mottak, imdi_bruker, kommune, bosetter):
    uten_sak = PersonFactory(mottak=mottak)
    with pytest.raises(DomeneFeil, match="ikke aktuell"):
        selectors.bestemt_person(bosetter, kommune, uten_sak.duf_nummer)
    with pytest.raises(DomeneFeil, match="ikke aktuell"):
        selectors.bestemt_person(bosetter, kommune, gyldig_duf())  # nobody has it
    bosatt = PersonFactory(mottak=mottak)
    liste = saker.bosettingssak_ferdigstill(
        saker=saker.bosettingssak_opprett(personer=[bosatt], av=imdi_bruker), av=imdi_bruker
    )
    liste = saker.bosettingssak_sok_ut(
        saker=saker.bosettingssak_fordel(saker=liste, kommune=kommune, av=imdi_bruker),
        forventet_uke=UKE,
        av=imdi_bruker,
    )
    with pytest.raises(DomeneFeil, match="ikke aktuell"):
        selectors.bestemt_person(bosetter, kommune, bosatt.duf_nummer)


def test_kanseller_bare_mens_den_venter_og_med_begrunnelse(kommune, bosetter, imdi_bruker):
    a, b = familiebolig(kommune, bosetter), familiebolig(kommune, bosetter)
    with pytest.raises(DomeneFeil, match="begrunnelse"):
        services.innmelding_kanseller(innmelding=a, begrunnelse=" ", av=bosetter)
    services.innmelding_kanseller(innmelding=a, begrunnelse="Boligen er leid ut", av=bosetter)
    a.refresh_from_db()
    assert a.status == Innmeldingsstatus.KANSELLERT and a.avsluttet_av == bosetter and a.avsluttet
    services.innmelding_ta(innmelding=b, av=imdi_bruker)
    with pytest.raises(DomeneFeil, match="venter på behandling"):
        services.innmelding_kanseller(innmelding=b, begrunnelse="For sent", av=bosetter)


def test_behandling_hos_imdi(kommune, bosetter, imdi_bruker):
    a, b = familiebolig(kommune, bosetter), familiebolig(kommune, bosetter)
    services.innmelding_ta(innmelding=a, av=imdi_bruker)
    with pytest.raises(DomeneFeil, match="allerede"):
        services.innmelding_ta(innmelding=a, av=imdi_bruker)
    services.innmelding_svar(innmelding=a, svar="Vi fordeler en familie på fem i uke 50", av=imdi_bruker)
    services.innmelding_avslutt(innmelding=a, behandlet=True, av=imdi_bruker)
    with pytest.raises(DomeneFeil, match="begrunnelse"):
        services.innmelding_avslutt(innmelding=b, behandlet=False, av=imdi_bruker)
    services.innmelding_avslutt(
        innmelding=b, behandlet=False, begrunnelse="Ingen familier klare", av=imdi_bruker
    )
    with pytest.raises(DomeneFeil, match="allerede avsluttet"):
        services.innmelding_avslutt(innmelding=b, behandlet=True, av=imdi_bruker)
    assert set(Innmelding.objects.values_list("status", flat=True)) == {
        Innmeldingsstatus.BEHANDLET,
        Innmeldingsstatus.AVSLAATT,
    }
    titler = set(Varsel.objects.filter(organisasjon=kommune).values_list("tittel", flat=True))
    assert {
        f"Innmelding {a.pk} saksbehandles",
        f"Innmelding {a.pk} er behandlet",
        f"Innmelding {b.pk} er avslått",
    } <= titler


def test_bufetat_kan_ikke_behandle_imdis_og_omvendt(kommune, bosetter, imdi_bruker, bufetat_bruker):
    imdis = familiebolig(kommune, bosetter)
    bufs = services.innmelding_send(
        kommune=kommune,
        type=T.LEDIG_BOLIG,
        forventet_uke=UKE,
        av=bosetter,
        boligtype="em_tiltak",
        em_tiltak="fosterhjem",
        em_alder="under_15",
        antall=1,
    )
    with pytest.raises(DomeneFeil, match="IMDi"):
        services.innmelding_ta(innmelding=imdis, av=bufetat_bruker)
    with pytest.raises(DomeneFeil, match="Bufetat"):
        services.innmelding_ta(innmelding=bufs, av=imdi_bruker)
    services.innmelding_ta(innmelding=bufs, av=bufetat_bruker)


def test_leser_kan_ikke_sende(kommune, lag_bruker):
    with pytest.raises(DomeneFeil, match="tilgang"):
        familiebolig(kommune, lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES))


def test_kapasitet_per_uke(kommune, bosetter, imdi_bruker, mottak):
    for i in range(3):
        services.innmelding_send(
            kommune=kommune,
            type=T.ANTALL_PLASSER,
            forventet_uke=UKE + timedelta(weeks=i),
            av=bosetter,
            antall=4,
        )
    kansellert = services.innmelding_send(
        kommune=kommune, type=T.ANTALL_PLASSER, forventet_uke=UKE, av=bosetter, antall=10
    )
    services.innmelding_kanseller(innmelding=kansellert, begrunnelse="Feil uke", av=bosetter)
    h = HusstandFactory()
    personer = [PersonFactory(husstand=h, mottak=mottak) for _ in range(3)]
    liste = saker.bosettingssak_ferdigstill(
        saker=saker.bosettingssak_opprett(personer=personer, av=imdi_bruker), av=imdi_bruker
    )
    saker.bosettingssak_sok_ut(
        saker=saker.bosettingssak_fordel(saker=liste, kommune=kommune, av=imdi_bruker),
        forventet_uke=UKE + timedelta(weeks=1),
        av=imdi_bruker,
    )
    rader = kapasitet(kommune, fra=UKE, uker=4)
    assert [(r.plasser, r.sokt_ut, r.ledige) for r in rader] == [(4, 0, 4), (4, 3, 1), (4, 0, 4), (0, 0, 0)]


@pytest.mark.parametrize("antall", [2, 30])
def test_listene_har_fast_antall_sporringer(client, kommune, bosetter, antall):
    for _ in range(antall):
        a = familiebolig(kommune, bosetter)
    services.innmelding_kanseller(innmelding=a, begrunnelse="Utleid", av=bosetter)
    client.force_login(bosetter)
    for side in ("", "ferdigbehandlede/", "?alle=1", "ferdigbehandlede/?alle=1"):
        with CaptureQueriesContext(connection) as q:
            assert client.get(f"/kommuner/{kommune.pk}/innmeldinger/{side}").status_code == 200
        assert len(q.captured_queries) <= 12, side


def test_bufetat_ser_bare_sitt_i_admin(client, kommune, bosetter, bufetat_bruker, imdi_bruker):
    familiebolig(kommune, bosetter, merknad="Imdis bolig")
    services.innmelding_send(
        kommune=kommune,
        type=T.LEDIG_BOLIG,
        forventet_uke=UKE,
        av=bosetter,
        boligtype="em_tiltak",
        em_tiltak="fosterhjem",
        em_alder="under_15",
        antall=1,
    )
    client.force_login(bufetat_bruker)
    html = client.get("/admin/innmelding/innmelding/").content.decode()
    assert "Fosterhjem" in html and "Familiebolig" not in html
    assert client.get("/admin/personer/person/").status_code == 403
    client.force_login(imdi_bruker)
    html = client.get("/admin/innmelding/innmelding/").content.decode()
    assert "Fosterhjem" in html and "Familiebolig" in html


def test_andre_kommuner_faar_404(client, kommune, annen_kommune, bosetter, lag_bruker):
    a = familiebolig(kommune, bosetter)
    client.force_login(lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    for side in ("", "ferdigbehandlede/", "ledige-boliger/", "kapasitet/"):
        assert client.get(f"/kommuner/{kommune.pk}/innmeldinger/{side}").status_code == 404
    assert (
        client.post(
            f"/kommuner/{kommune.pk}/innmeldinger/{a.pk}/kanseller/", {"begrunnelse": "x"}
        ).status_code
        == 404
    )


def test_imdi_ser_kapasiteten_til_en_kommune(client, imdi_bruker, kommune, bosetter):
    services.innmelding_send(kommune=kommune, type=T.ANTALL_PLASSER, forventet_uke=UKE, av=bosetter, antall=7)
    client.force_login(imdi_bruker)
    assert "Kapasitet per uke" in client.get(f"/kommuner/{kommune.pk}/").content.decode()
    html = client.get(f"/kommuner/{kommune.pk}/innmeldinger/kapasitet/?fra=07.12.2026").content.decode()
    assert "uke 50 2026" in html and ">7<" in html


def test_bestemte_personer_viser_navnet_ikke_status_eller_familie_og_logges(
    client, mottak, imdi_bruker, annen_kommune, lag_bruker
):
    """«Tilgang» #3: another kommune looking a resident up by DUF learns the name (to confirm the number) and
    how many share the Reg-nr — not the case status, nor the family's relations and ages — and each lookup
    that shows a person is in the access log; an unknown DUF gets the same message as one not up for it."""
    from imdinett.personer.models import Innsynslogg

    husstand = HusstandFactory()
    person = PersonFactory(mottak=mottak, husstand=husstand, fornavn="Amina")
    datter = PersonFactory(mottak=mottak, husstand=husstand, fornavn="Sara")
    saker.bosettingssak_opprett(personer=[person, datter], av=imdi_bruker)
    tromso = lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)
    client.force_login(tromso)
    url = f"/kommuner/{annen_kommune.pk}/innmeldinger/bestemte-personer/"
    side = client.get(url, {"duf": person.duf_nummer}).content.decode()
    assert "Amina" in side and "1 person til" in side
    assert "Sara" not in side and "Datter" not in side and "Opprettet" not in side
    assert list(Innsynslogg.objects.values_list("person_id", "bruker_id", "seksjon")) == [
        (person.pk, tromso.pk, "Innmelding: bestemte personer")
    ]
    borte = PersonFactory()
    ukjent_duf = borte.duf_nummer  # a valid DUF number that nobody has
    borte.delete()
    ukjent = client.get(url, {"duf": ukjent_duf})
    uten_sak = client.get(url, {"duf": PersonFactory(mottak=mottak).duf_nummer})
    assert ukjent.status_code == uten_sak.status_code == 400
    assert "Personen er ikke aktuell for bosetting" in ukjent.content.decode()
    assert "Personen er ikke aktuell for bosetting" in uten_sak.content.decode()
    assert Innsynslogg.objects.count() == 1


def test_saerlig_hensyn_bare_paa_ledige_boliger(client, kommune, bosetter, mottak, imdi_bruker):
    """Seed 002 asks «tilpasset særlig hensyn» of a dwelling only: not of a person nor of weekly capacity."""
    person = PersonFactory(mottak=mottak)
    saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    client.force_login(bosetter)
    url = f"/kommuner/{kommune.pk}/innmeldinger/"
    assert "Tilpasset særlig hensyn" in client.get(url + "ledige-boliger/").content.decode()
    bestemt = client.get(url + "bestemte-personer/", {"duf": person.duf_nummer}).content.decode()
    assert "Tilknytning" in bestemt
    for side in (bestemt, client.get(url + "antall-plasser/").content.decode()):
        assert "særlig" not in side.lower()
    svar = client.post(
        url + "antall-plasser/",
        {"antall": 4, "forventet_uke": "2026-W50", "antall_uker": 1, "saerlig_hensyn": "on"},
    )
    assert svar.status_code == 302 and not Innmelding.objects.get().saerlig_hensyn
    plasser, bolig = Innmelding.objects.get(), familiebolig(kommune, bosetter)
    client.force_login(imdi_bruker)  # IMDi's admin too shows each type its own fields
    admin = "/admin/innmelding/innmelding/{}/change/"
    assert "Tilpasset særlig hensyn" in client.get(admin.format(bolig.pk)).content.decode()
    assert "særlig" not in client.get(admin.format(plasser.pk)).content.decode().lower()
    with pytest.raises(DomeneFeil, match="Bare en ledig bolig"):
        services.innmelding_send(
            kommune=kommune,
            type=T.ANTALL_PLASSER,
            forventet_uke=UKE,
            av=bosetter,
            antall=4,
            saerlig_hensyn=True,
            saerlig_hensyn_beskrivelse="Heis",
        )


def test_kanseller_uten_begrunnelse_merker_feltet(client, kommune, bosetter, imdi_bruker):
    """#19 no. 17: the message at the field, which says so to a screen reader and has the cursor; the list
    around it still works from that address (its filter and links name the list)."""
    a, b = familiebolig(kommune, bosetter), familiebolig(kommune, bosetter)
    client.force_login(bosetter)
    svar = client.post(f"/kommuner/{kommune.pk}/innmeldinger/{a.pk}/kanseller/", {"begrunnelse": "  "})
    html = svar.content.decode()
    assert svar.status_code == 400
    assert (
        '<div id="begrunnelse-feil"><p class="ds-validation-message" data-field="validation">'
        "Skriv en begrunnelse for kanselleringen.</p></div>" in html
    )
    felt = re.search(r"<textarea[^>]*name=\"begrunnelse\"[^>]*>", html).group(0)
    assert (
        'aria-invalid="true"' in felt
        and 'aria-describedby="begrunnelse-feil"' in felt
        and "autofocus" in felt
    )
    assert html.count('name="begrunnelse"') == 1  # the form of that innmelding only, opened
    liste = f"/kommuner/{kommune.pk}/innmeldinger/"
    assert f'action="{liste}"' in html and f'href="{liste}?type=&amp;fra=&amp;til=&amp;vis={b.pk}' in html
    assert Innmelding.objects.get(pk=a.pk).venter
    services.innmelding_ta(innmelding=b, av=imdi_bruker)  # no longer to be cancelled: that is the message
    svar = client.post(
        f"/kommuner/{kommune.pk}/innmeldinger/{b.pk}/kanseller/", {"begrunnelse": ""}, follow=True
    )
    assert "Bare innmeldinger som venter på behandling kan kanselleres." in svar.content.decode()


def test_avslag_i_admin_i_ett_steg(client, kommune, bosetter, imdi_bruker):
    """#19 no. 9: the reason is typed beside «Avslå innmeldingen» and goes with it; without one the page comes
    back with the message at the field and the answer typed kept."""
    a = familiebolig(kommune, bosetter)
    client.force_login(imdi_bruker)
    url = f"/admin/innmelding/innmelding/{a.pk}/change/"
    assert "Begrunnelse for avslaget" in client.get(url).content.decode()
    svar = client.post(
        url, {"svar": "Vi ser på den", "avslag_begrunnelse": " ", "_avslaa": "Avslå innmeldingen"}
    )
    html = svar.content.decode()
    assert svar.status_code == 200 and "Vi ser på den" in html
    assert re.search(
        r'<ul class="errorlist" id="id_avslag_begrunnelse_error"><li>Skriv en begrunnelse for avslaget\.',
        html,
    )
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="id_avslag_begrunnelse"', html)
    assert Innmelding.objects.get(pk=a.pk).venter
    svar = client.post(
        url, {"svar": "", "avslag_begrunnelse": "Ingen familier klare", "_avslaa": "Avslå innmeldingen"}
    )
    assert svar.status_code == 302
    a.refresh_from_db()
    assert a.status == Innmeldingsstatus.AVSLAATT and a.begrunnelse == "Ingen familier klare"
    assert Varsel.objects.filter(organisasjon=kommune, tittel=f"Innmelding {a.pk} er avslått").exists()
