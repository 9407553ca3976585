"""The person folder, search, Hendelser and notes, printouts and the access log (issue #7): who sees what,
and that an internal note never reaches a kommune — in the HTML and in every PDF."""

import pytest

from imdinett.hendelser.models import Hendelse
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Bosettingsinformasjon, Innsynslogg, Karriereveiledning
from imdinett.personer.views import SEKSJONER, UTSKRIFTER

from ..conftest import pdftekst
from ..factories import MottakFactory, PersonFactory

pytestmark = pytest.mark.django_db
R = Rolle


def sider(person) -> list[str]:
    urler = [f"/personer/{person.pk}/", f"/personer/{person.pk}/hendelser/"]
    urler += [f"/personer/{person.pk}/{s}/" for s in SEKSJONER if s not in ("grunndata", "hendelser")]
    return urler


def utskrifter(person) -> list[str]:
    return [f"/personer/{person.pk}/utskrift/{u}.pdf" for u in UTSKRIFTER]


def test_mappen_aapnes_for_kommunens_bosettere_og_er_404_for_andre(client, sokt_ut, brukere, hemmelig):
    far = sokt_ut[0]
    for navn in ("kommune", "kommunelese"):
        client.force_login(brukere[navn])
        for url in sider(far):
            svar_ = client.get(url)
            assert svar_.status_code == 200, (navn, url)
            html = svar_.content.decode()
            assert "KANARI" not in html, (navn, url)
        for url in utskrifter(far):
            tekst = pdftekst(client.get(url).content)
            assert far.etternavn in tekst and "KANARI" not in tekst, (navn, url)
    client.force_login(brukere["tromso"])
    for url in [*sider(far), *utskrifter(far)]:
        assert client.get(url).status_code == 404, url
    # Anmoder roles reach no folder (basic data by DUF only in the search).
    client.force_login(brukere["anmoder"])
    assert client.get(f"/personer/{far.pk}/").status_code == 404
    # IMDi sees the internal note and behandler, on the page and in the printout.
    client.force_login(brukere["imdi"])
    assert "KANARI-MELDING" in client.get(f"/personer/{far.pk}/bosetting/").content.decode()
    tekst = pdftekst(client.get(f"/personer/{far.pk}/utskrift/kartleggingsinformasjon.pdf").content)
    assert "KANARI-MELDING" in tekst and "KANARI-BEHANDLER" in tekst


def test_kompass_ser_bare_grunndata(client, familie, brukere):
    client.force_login(brukere["kompass"])
    html = client.get(f"/personer/{familie[0].pk}/").content.decode()
    assert "ikke til resten av personmappen" in html and "Helseinformasjon" not in html
    assert client.get(f"/personer/{familie[0].pk}/helse/").status_code == 404
    assert client.get(f"/personer/{familie[0].pk}/utskrift/kompetanse.pdf").status_code == 404


def test_seksjonene_sier_fra_naar_ingenting_er_registrert_og_viser_det_som_er(
    client, sokt_ut, brukere, kommune
):
    far = sokt_ut[0]
    client.force_login(brukere["kommune"])
    assert (
        "Ingen sosial informasjon er registrert" in client.get(f"/personer/{far.pk}/sosial/").content.decode()
    )
    assert (
        "Ingen samtale med karriereveileder"
        in client.get(f"/personer/{far.pk}/karriereveiledning/").content.decode()
    )
    helse = client.get(f"/personer/{far.pk}/helse/").content.decode()
    assert helse.count("Ikke registrert") >= 2
    Bosettingsinformasjon.objects.create(
        person=far,
        bindende_type=Bosettingsinformasjon.Bindende.ARBEID,
        bindende_kommune=kommune,
        svangerskap="Termin i mars",
        sosial_informasjon="Har bodd åtte år i leir.",
        telefon="+47 400 00 000",
    )
    Karriereveiledning.objects.create(
        person=far, dato="2026-10-01", veileder="Kari Veileder", notat="Ønsker fagbrev."
    )
    assert (
        "Bekreftet arbeidskontrakt – Sortland"
        in client.get(f"/personer/{far.pk}/bosetting/").content.decode()
    )
    assert "Termin i mars" in client.get(f"/personer/{far.pk}/helse/").content.decode()
    assert "åtte år i leir" in client.get(f"/personer/{far.pk}/sosial/").content.decode()
    tekst = pdftekst(client.get(f"/personer/{far.pk}/utskrift/karriereveileders-notat.pdf").content)
    assert "Ønsker fagbrev" in tekst and "Kari Veileder" in tekst
    tekst = pdftekst(client.get(f"/personer/{far.pk}/utskrift/kartleggingsinformasjon.pdf").content)
    assert "Termin i mars" in tekst and "Ønsker fagbrev" in tekst and "+47 400 00 000" in tekst


def test_tidligere_asylsoker_er_merket(client, sokt_ut, brukere):
    client.force_login(brukere["kommune"])
    assert "Tidligere asylsøker" in client.get(f"/personer/{sokt_ut[0].pk}/").content.decode()


def test_innsynsloggen_registrerer_hver_aapning(client, sokt_ut, brukere):
    far = sokt_ut[0]
    client.force_login(brukere["kommunelese"])
    client.get(f"/personer/{far.pk}/helse/")
    client.get(f"/personer/{far.pk}/utskrift/kompetanse.pdf")
    client.force_login(brukere["tromso"])
    client.get(f"/personer/{far.pk}/helse/")  # 404: nothing opened, nothing logged
    logg = list(Innsynslogg.objects.filter(person=far).order_by("id"))
    assert [(r.bruker, r.seksjon) for r in logg] == [
        (brukere["kommunelese"], "Helseinformasjon"),
        (brukere["kommunelese"], "Utskrift: Kompetanse"),
    ]
    assert logg[0].organisasjon_id == brukere["kommunelese"].organisasjon_id
    client.force_login(brukere["imdi"])
    html = client.get(f"/admin/personer/innsynslogg/?q={far.duf_nummer}").content.decode()
    assert "Helseinformasjon" in html and "Utskrift: Kompetanse" in html


def test_personsok_etter_rolle(client, sokt_ut, brukere, familie, mottak, django_assert_max_num_queries):
    far = sokt_ut[0]
    annen = PersonFactory(mottak=MottakFactory(), etternavn=far.etternavn)  # same surname, not Sortland's
    # Name search: the kommune finds its own, never another kommune's or mottak's person.
    client.force_login(brukere["kommune"])
    html = client.get("/personer/", {"q": far.etternavn}).content.decode()
    assert f"/personer/{far.pk}/" in html and annen.duf_formatert not in html
    # DUF search of someone else: basic data only, no link to the folder, logged.
    html = client.get("/personer/", {"q": annen.duf_formatert}).content.decode()
    assert annen.fornavn in html and "ser bare grunndata" in html
    assert f"/personer/{annen.pk}/" not in html and annen.husstand.reg_nr not in html
    assert Innsynslogg.objects.filter(person=annen, seksjon="Personsøk på DUF-nummer").count() == 1
    # Anmoder: basic data by DUF, nothing by name.
    client.force_login(brukere["anmoder"])
    assert "Ingen treff" in client.get("/personer/", {"q": far.etternavn}).content.decode()
    assert "ser bare grunndata" in client.get("/personer/", {"q": far.duf_nummer}).content.decode()
    # An administrator holds no case data: not even basic data.
    client.force_login(brukere["mottakadmin"])
    assert "Ingen treff" in client.get("/personer/", {"q": far.duf_nummer}).content.decode()
    # IMDi finds everyone by name; the mottak its residents.
    client.force_login(brukere["imdi"])
    html = client.get("/personer/", {"q": far.etternavn}).content.decode()
    assert f"/personer/{far.pk}/" in html and f"/personer/{annen.pk}/" in html
    # A fixed number of queries, however many hits: session, user, one-time-code device, roles, the count
    # and one page of hits, unread Varsler, the menu's organisation, the session save (three).
    with django_assert_max_num_queries(11) as faa:
        client.get("/personer/", {"q": far.etternavn})
    for _ in range(15):
        PersonFactory(mottak=mottak, etternavn=far.etternavn)
    with django_assert_max_num_queries(len(faa.captured_queries)):
        assert client.get("/personer/", {"q": far.etternavn}).content.decode().count("/personer/") > 15


def test_notat_paa_kommunen_knyttet_til_duf_vises_for_imdi_og_kommunen_ikke_for_andre(
    client, sokt_ut, brukere, kommune, annen_kommune, ansatt
):
    far = sokt_ut[0]
    ukjent = PersonFactory()
    client.force_login(brukere["kommune"])
    url = f"/kommuner/{kommune.pk}/hendelser/"
    data = {"tittel": "Møte med familien", "omraade": "bosetting", "tekst": "NOTATTEKST om boligen"}
    # A DUF the kommune may not link: an error next to the field, what was typed kept, nothing saved.
    svar_ = client.post(url, {**data, "duf": ukjent.duf_nummer, "legg_til": "1"})
    html = svar_.content.decode()
    assert svar_.status_code == 400 and "som du kan knytte notatet til" in html and "NOTATTEKST" in html
    svar_ = client.post(url, {**data, "duf": far.duf_formatert, "legg_til": "1"})
    assert far.navn in svar_.content.decode()
    assert client.post(url, {**data, "personer": [far.duf_nummer], "opprett": "1"}).status_code == 302
    notat = Hendelse.objects.get(type=Hendelse.Type.NOTAT)
    assert list(notat.personer.all()) == [far] and notat.organisasjon_id == kommune.pk
    for navn in ("kommune", "kommunelese", "imdi"):
        client.force_login(brukere[navn])
        assert "NOTATTEKST" in client.get(f"/personer/{far.pk}/hendelser/").content.decode(), navn
    assert "NOTATTEKST" in client.get(url).content.decode()  # IMDi on the kommune's Hendelser
    # Tromsø: no folder, and not on its own Hendelser; the mottak sees the person's system events, not the note.
    client.force_login(brukere["tromso"])
    assert client.get(f"/personer/{far.pk}/hendelser/").status_code == 404
    assert client.get(url).status_code == 404
    assert "NOTATTEKST" not in client.get(f"/kommuner/{annen_kommune.pk}/hendelser/").content.decode()
    client.force_login(ansatt)
    html = client.get(f"/personer/{far.pk}/hendelser/").content.decode()
    assert "NOTATTEKST" not in html and "Systemhendelse" in html


def test_hendelser_filtreres_paa_omraade_og_type(client, sokt_ut, brukere):
    far = sokt_ut[0]
    client.force_login(brukere["imdi"])
    url = f"/personer/{far.pk}/hendelser/"
    svar_ = client.post(
        url, {"tittel": "IMDIS NOTAT", "omraade": "kompetanse", "tekst": "Tekst", "opprett": "1"}
    )
    assert svar_.status_code == 302
    assert "IMDIS NOTAT" in client.get(url, {"type": "notat"}).content.decode()
    html = client.get(url, {"type": "system"}).content.decode()
    assert "IMDIS NOTAT" not in html and "Systemhendelse" in html
    assert "IMDIS NOTAT" not in client.get(url, {"omraade": "fordeling"}).content.decode()
    assert "IMDIS NOTAT" in client.get(url, {"omraade": "kompetanse"}).content.decode()
    client.force_login(brukere["kommune"])  # the kommune cannot write on the person's Hendelser
    assert (
        client.post(url, {"tittel": "x", "omraade": "bosetting", "tekst": "y", "opprett": "1"}).status_code
        == 404
    )


def test_hendelseslistene_har_fast_antall_sporringer(
    client, sokt_ut, brukere, kommune, django_assert_max_num_queries
):
    from imdinett.hendelser.services import notat_opprett

    far = sokt_ut[0]

    def notater(antall):
        for i in range(antall):
            notat_opprett(
                av=brukere["kommune"],
                tittel=f"N{i}",
                omraade="bosetting",
                tekst="t",
                organisasjon=kommune,
                personer=[far],
            )

    client.force_login(brukere["kommune"])
    urler = [f"/personer/{far.pk}/hendelser/", f"/kommuner/{kommune.pk}/hendelser/"]
    notater(1)
    antall = {}
    for url in urler:
        with django_assert_max_num_queries(20) as faa:
            assert client.get(url).status_code == 200
        antall[url] = len(faa.captured_queries)
    notater(25)
    for url in urler:
        with django_assert_max_num_queries(antall[url]):
            assert "N24" in client.get(url).content.decode()
