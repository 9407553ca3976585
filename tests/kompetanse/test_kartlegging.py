"""The interview-based competence mapping: who maps whom, autosave, completion, the task list."""

import html as html_
import re

import pytest
from django.urls import reverse

from imdinett.feil import DomeneFeil
from imdinett.hendelser.models import Hendelse
from imdinett.kompetanse import services
from imdinett.kompetanse.models import Kilde, Kompetanseregistrering
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Person

from ..conftest import samtidig
from ..factories import KommuneFactory, PersonFactory
from .conftest import FULL_KARTLEGGING, full_rader, rad, skjemadata

R = Kompetanseregistrering.Status
HTMX = {"HTTP_HX_REQUEST": "true"}


def _url(person) -> str:
    return reverse("kompetanse:kartlegging", args=[person.pk])


def test_oppgavelisten_viser_voksne_beboere_i_vertskommunens_mottak(client, kartlegger, familie, mottak):
    kollektiv = PersonFactory(mottak=mottak, fornavn="Olena", beskyttelse=Person.Beskyttelse.KOLLEKTIV)
    from imdinett.personer import services as saker

    saker.bosettingssak_opprett(personer=[kollektiv], av=kartlegger)
    client.force_login(kartlegger)
    side = client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    assert "Khaled" in side and "Rania" in side  # the adults
    assert "Nour" not in side and "Omar" not in side  # children are not mapped
    assert "Olena" not in side  # kollektiv beskyttelse: mapped after settlement (seed 003)
    assert "Antall personer: 2" in side
    assert "Start kartlegging" in side


def test_kartlegger_i_en_annen_kommune_faar_404(client, lag_bruker, far):
    annen = lag_bruker(KommuneFactory(), Rolle.KOMMUNE_KARTLEGGER)
    client.force_login(annen)
    assert client.get(_url(far)).status_code == 404
    assert client.post(_url(far), skjemadata(gjennomforing="intervju")).status_code == 404
    assert "Khaled" not in client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    assert not Kompetanseregistrering.objects.exists()


@pytest.mark.parametrize(
    "rolle", [Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNEADMINISTRATOR]
)
def test_andre_kommuneroller_i_vertskommunen_kan_ikke_kartlegge(client, lag_bruker, mottak, far, rolle):
    client.force_login(lag_bruker(mottak.vertskommune, rolle))
    assert client.get(_url(far)).status_code == 404
    assert client.get(reverse("kompetanse:oppgaveliste")).status_code == 404


def test_mottaket_kan_ikke_kartlegge(client, ansatt, far):
    client.force_login(ansatt)
    assert client.get(_url(far)).status_code == 404


def test_autolagring_lagrer_felt_og_rader_og_oppdaterer_samme_rad(client, kartlegger, far):
    client.force_login(kartlegger)
    sprak = rad("sprak", sprak="Arabisk", morsmaal="on", tale="godt", lese="middels", skrive="daarlig")
    svar = client.post(
        _url(far), skjemadata({"sprak": [sprak]}, merknad_sprak="Lærer norsk på mottaket."), **HTMX
    )
    assert svar.status_code == 200 and "Sist lagret" in svar.content.decode()
    reg = Kompetanseregistrering.objects.get(person=far)
    assert (reg.kilde, reg.status, reg.organisasjon_id) == (
        Kilde.KARTLEGGING,
        R.UNDER_ARBEID,
        far.mottak.vertskommune_id,
    )
    assert reg.merknad_sprak == "Lærer norsk på mottaket."
    # The same row saved again (the next change; the browser posts the whole form) is updated, not added.
    nokkel, felt = sprak
    felt[f"sprak-{nokkel}-tale"] = "svaert_godt"
    client.post(
        _url(far), skjemadata({"sprak": [(nokkel, felt)]}, merknad_sprak="Lærer norsk på mottaket."), **HTMX
    )
    assert [(s.sprak, s.tale) for s in reg.sprak.all()] == [("Arabisk", "svaert_godt")]
    # Reload shows what was typed.
    side = client.get(_url(far)).content.decode()
    assert 'value="Arabisk"' in side and "Lærer norsk på mottaket." in side
    assert Hendelse.objects.filter(kode="kompetanse.kartlegging_startet", personer=far).count() == 1


def test_ugyldig_felt_faar_melding_og_resten_lagres(client, kartlegger, far):
    client.force_login(kartlegger)
    jobb = rad("arbeid", yrke="Snekker", antall_aar="mange")
    svar = client.post(_url(far), skjemadata({"arbeid": [jobb]}, yrkesonsker="Tømrer"), **HTMX)
    tekst = svar.content.decode()
    assert "Skriv antall år som et helt tall." in tekst
    assert "Noen felt ble ikke lagret" in tekst
    reg = Kompetanseregistrering.objects.get(person=far)
    assert reg.yrkesonsker == "Tømrer" and not reg.arbeidserfaringer.exists()
    # Without JavaScript the page comes back with the message at the field and the typed text kept.
    svar = client.post(_url(far), skjemadata({"arbeid": [jobb]}))
    assert svar.status_code == 200
    assert (
        'value="mange"' in svar.content.decode()
        and "Skriv antall år som et helt tall." in svar.content.decode()
    )


def test_tom_rad_hoppes_over_og_fjern_sletter(client, kartlegger, far):
    client.force_login(kartlegger)
    nokkel, felt = rad("sprak", sprak="Tigrinja", tale="godt")
    tom = rad("sprak", sprak="", tale="ukjent", lese="ukjent", skrive="ukjent")
    client.post(_url(far), skjemadata({"sprak": [(nokkel, felt), tom]}), **HTMX)
    reg = Kompetanseregistrering.objects.get(person=far)
    assert list(reg.sprak.values_list("sprak", flat=True)) == ["Tigrinja"]
    felt[f"sprak-{nokkel}-fjern"] = "on"
    client.post(_url(far), skjemadata({"sprak": [(nokkel, felt)]}), **HTMX)
    assert not reg.sprak.exists()


def test_ferdigstill_krever_det_obligatoriske_og_laaser(client, kartlegger, far):
    client.force_login(kartlegger)
    client.post(_url(far), skjemadata(gjennomforing="intervju"), **HTMX)
    svar = client.post(reverse("kompetanse:ferdigstill", args=[far.pk]), follow=True)
    assert "Minst ett språk" in svar.content.decode()
    assert Kompetanseregistrering.objects.get(person=far).status == R.UNDER_ARBEID

    client.post(_url(far), skjemadata(full_rader(), **FULL_KARTLEGGING), **HTMX)
    svar = client.post(reverse("kompetanse:ferdigstill", args=[far.pk]), follow=True)
    assert "er ferdigstilt" in svar.content.decode()
    reg = Kompetanseregistrering.objects.get(person=far)
    assert reg.status == R.FERDIGSTILT and reg.registrert_av == kartlegger
    assert Hendelse.objects.filter(kode="kompetanse.kartlegging_ferdigstilt", personer=far).exists()
    # Locked: a save is refused and nothing changes; the task list no longer shows the person.
    svar = client.post(_url(far), skjemadata(yrkesonsker="Lege"), **HTMX)
    assert "kan ikke endres" in svar.content.decode()
    assert Kompetanseregistrering.objects.get(person=far).yrkesonsker == ""
    assert "Khaled" not in client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    with pytest.raises(DomeneFeil):
        services.kartlegging_ferdigstill(person=far, kilde=Kilde.KARTLEGGING, av=kartlegger)


def test_imdi_kartlegger_overforingsflyktninger_men_ikke_mottaksbeboere(client, imdi_bruker, far):
    flyktning = PersonFactory(mottak=None, plasstype="", sakstype=Person.Sakstype.OVERFORINGSFLYKTNING)
    client.force_login(imdi_bruker)
    assert client.get(_url(far)).status_code == 404  # the vertskommune's job
    svar = client.post(_url(flyktning), skjemadata(gjennomforing="intervju_tolk"), **HTMX)
    assert svar.status_code == 200
    assert Kompetanseregistrering.objects.get(person=flyktning).kilde == Kilde.IMDI


@pytest.mark.django_db(transaction=True)
def test_to_samtidige_forste_lagringer_gir_en_registrering(kartlegger, far):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet prøves på PostgreSQL.")

    def lagre():
        services.kartlegging_lagre(
            person=far,
            kilde=Kilde.KARTLEGGING,
            organisasjon=far.mottak.vertskommune,
            data={"yrkesonsker": "Lærer"},
            rader={"sprak": [("6f1d2c4e-0000-4000-8000-000000000001", {"sprak": "Arabisk"})]},
            av=kartlegger,
        )

    assert samtidig(5, lagre) == ["ok"] * 5
    reg = Kompetanseregistrering.objects.get(person=far)
    assert reg.sprak.count() == 1
    assert Hendelse.objects.filter(kode="kompetanse.kartlegging_startet").count() == 1


def test_paaminnelsen_varsler_vertskommunen_en_gang(far, familie, kartlegger):
    from datetime import timedelta

    from django.utils import timezone

    from imdinett.hendelser.models import Varsel
    from imdinett.personer.models import Bosettingssak

    assert services.paaminnelser_send() == 0  # the deadline is 14 days away
    Bosettingssak.objects.filter(person__in=familie).update(opprettet=timezone.now() - timedelta(days=20))
    assert services.paaminnelser_send() == 1
    varsel = Varsel.objects.get(organisasjon=far.mottak.vertskommune)
    assert varsel.tittel == "Fristen for kompetansekartlegging er passert for 2 person(er)"
    assert services.paaminnelser_send() == 0  # once per person and kind
    # The vertskommune's task, not the mottak's.
    assert not Varsel.objects.filter(
        tittel__contains="kompetansekartlegging", organisasjon=far.mottak
    ).exists()


def test_oppgavelisten_har_fast_antall_sporringer(client, kartlegger, mottak, django_assert_max_num_queries):
    from imdinett.personer import services as saker

    client.force_login(kartlegger)
    saker.bosettingssak_opprett(personer=[PersonFactory(mottak=mottak)], av=kartlegger)
    with django_assert_max_num_queries(12) as en:
        client.get(reverse("kompetanse:oppgaveliste"))
    for _ in range(8):
        saker.bosettingssak_opprett(personer=[PersonFactory(mottak=mottak)], av=kartlegger)
    with django_assert_max_num_queries(len(en.captured_queries)):
        side = client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    assert "Antall personer: 9" in side


def test_mottaket_ser_status_for_kartleggingen(client, ansatt, kartlegger, far, familie):
    client.force_login(kartlegger)
    client.post(_url(far), skjemadata(gjennomforing="intervju"), **HTMX)
    client.force_login(ansatt)
    side = client.get(reverse("mottak:beboere", args=[far.mottak_id])).content.decode()
    assert side.count("Under arbeid") == 1  # the father
    assert side.count("Ikke startet") == 1  # the mother
    assert side.count("Ikke i målgruppen") == 2  # the children


def test_aarsak_til_manglende_kompass_kreves_bare_uten_registrert_kompetanse(far, kartlegger):
    """Seed 001: the interview asks why Kompass was not done only when no competence is registered."""
    from imdinett.personer.samtale import husstandens_mangler
    from mottak.selectors import husstand

    assert "kompass_aarsak" in husstandens_mangler(husstand(far))[far]
    services.kartlegging_lagre(
        person=far,
        kilde=Kilde.KARTLEGGING,
        organisasjon=far.mottak.vertskommune,
        data={},
        rader={},
        av=kartlegger,
    )
    assert "kompass_aarsak" not in husstandens_mangler(husstand(far))[far]


def test_kartleggeren_naar_bare_maalgruppen(client, kartlegger, familie, mottak):
    """«Tilgang» #9: a resident of the vertskommune's mottak outside the target group (a child, or an adult
    without a settlement case) is 404 on the form, its autosave and Ferdigstill, and not on the task list."""
    uten_sak = PersonFactory(mottak=mottak, fornavn="Yusuf")
    barn = next(p for p in familie if p.fornavn == "Nour")
    client.force_login(kartlegger)
    for person in (uten_sak, barn):
        assert client.get(_url(person)).status_code == 404
        assert client.post(_url(person), skjemadata(gjennomforing="intervju"), **HTMX).status_code == 404
        assert client.post(reverse("kompetanse:ferdigstill", args=[person.pk])).status_code == 404
    assert "Yusuf" not in client.get(reverse("kompetanse:oppgaveliste")).content.decode()
    assert client.get(_url(familie[0])).status_code == 200  # the target group still works


def test_regning_og_digitale_ferdigheter_har_egne_nivaaer(client, kartlegger, far):
    """#19 no. 6: the guidance for numeracy and digital skills describes those skills' levels, not language's."""
    client.force_login(kartlegger)
    side = html_.unescape(client.get(_url(far)).content.decode())

    def veiledning(etikett: str) -> str:
        return re.search(rf"Veiledning for {etikett}.*?<p[^>]*>(.*?)</p>", side, re.S)[1]

    regning, digital = veiledning("Regneferdigheter"), veiledning("Digitale ferdigheter")
    assert "pluss, minus, gange og dele" in regning and "enkle ord" not in regning
    assert "e-post, nettsider og skjema på nett på egen hånd" in digital and "enkle ord" not in digital
    assert "enkle ord og uttrykk" in side  # the language scale stays with language
