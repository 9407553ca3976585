"""The kommune's Fordelinger and Bosettingsdato pages, and IMDi's workbench in the admin: who sees what,
nothing identifying before acceptance, errors next to the field, a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fordeling import services
from fordeling.models import Fordelingsliste
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Behandler, Bosettingssak, Bosettingssamtale, Person
from imdinett.uker import uke_tekst
from mottak import services as mottak_services

from ..factories import HusstandFactory, PersonFactory
from .conftest import fordelingsklar, status
from .test_fordeling import UKE, sendt_liste, svar

pytestmark = pytest.mark.django_db
Saksstatus = Bosettingssak.Status
Listestatus = Fordelingsliste.Status


def url(liste) -> str:
    return reverse("fordeling:liste", args=[liste.kommune_id, liste.pk])


def uke(dato=UKE) -> str:
    aar, nr, _ = dato.isocalendar()
    return f"{aar}-W{nr:02d}"


def identifikatorer(personer: list[Person]) -> list[str]:
    """What the kommune must not see before it has said yes."""
    ut = []
    for p in personer:
        ut += [p.fornavn, p.etternavn, p.duf_nummer, p.duf_formatert]
        ut += [n for n in (p.mellomnavn, p.fodselsnummer) if n]
    return ut


@pytest.fixture
def hemmelig(familie, ansatt):
    """A canary internal note and behandler on the family: IMDi's eyes only."""
    mottak_services.intern_merknad_opprett(
        person=familie[0], tittel="KANARI-TITTEL", melding="KANARI-MELDING", av=ansatt
    )
    Behandler.objects.create(person=familie[0], navn="KANARI-BEHANDLER", virksomhet="DPS")


def test_kommunen_ser_ingen_identitet_foer_den_har_sagt_ja(
    client, kommune, familie, enslig, vedtak, imdi_bruker, bosetter, hemmelig
):
    assert familie[1].fodselsnummer
    liste = sendt_liste(kommune, [familie, [enslig]], imdi_bruker)
    client.force_login(bosetter)
    # The list, everyone's details, one person's details opened with htmx and without JavaScript.
    antall = len(familie) + 1
    sider = [url(liste), url(liste) + "?alle", url(liste) + "?vis=1", url(liste) + f"?vis={antall}"]
    for side in sider:
        html = client.get(side).content.decode()
        assert "Familiebolig" in html and "Bofellesskap" in html and "Syria" in html
        if "?vis" not in side:  # the bosettingsmerknad is in the details
            assert ("Ønsker nærhet til kollektivtransport." in html) == side.endswith("?alle")
        for hemmelighet in [*identifikatorer([*familie, enslig]), "KANARI"]:
            assert hemmelighet not in html, hemmelighet
    deler = [
        client.get(url(liste) + f"?vis={nr}", HTTP_HX_REQUEST="true").content.decode()
        for nr in range(1, antall + 1)
    ]
    assert any("Ønsker nærhet til kollektivtransport." in html for html in deler)
    for html in deler:
        assert '<dl class="detaljer">' in html and "Kategori" in html and "<html" not in html
        for hemmelighet in [*identifikatorer([*familie, enslig]), "KANARI"]:
            assert hemmelighet not in html, hemmelighet

    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste, nei={enslig: "Ingen bolig"}), av=bosetter)
    assert familie[0].fornavn not in client.get(url(liste)).content.decode()
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    html = client.get(url(liste)).content.decode()
    assert all(p.navn in html for p in familie)
    assert reverse("personer:grunndata", args=[familie[0].pk]) in html
    for hemmelighet in [*identifikatorer([enslig]), "KANARI"]:
        assert hemmelighet not in html, hemmelighet


@pytest.fixture
def tilskuddskandidater(mottak, ansatt):
    """From a særskilt enhet with særlig hensyn; særlig hensyn in an ordinary mottak; neither."""
    saerskilt = PersonFactory(mottak=mottak, plasstype=Person.Plasstype.SAERSKILT_BO)
    hensyn, uten = PersonFactory(mottak=mottak), PersonFactory(mottak=mottak)
    for p in (saerskilt, hensyn, uten):
        fordelingsklar([p], ansatt)
    Bosettingssamtale.objects.filter(person__in=[saerskilt, hensyn]).update(
        saerlig_hensyn=True, saerlig_hensyn_beskrivelse="Trenger bolig uten trapper"
    )
    return saerskilt, hensyn, uten


UTVIDET = "Sannsynligvis i målgruppen for utvidet ekstratilskudd"
MULIG = "Kan være i målgruppen for ekstratilskudd eller utvidet ekstratilskudd"


def test_ekstratilskudd_i_listen_og_detaljene(
    client, kommune, vedtak, imdi_bruker, bosetter, tilskuddskandidater
):
    """Seed 003: the særskilte botilbud's residents are the target group of utvidet ekstratilskudd, and the
    kommuner are told of a possible grant for anyone with særlig hensyn (a disability, behavioural needs)."""
    liste = sendt_liste(kommune, [[p] for p in tilskuddskandidater], imdi_bruker)
    client.force_login(bosetter)
    html = client.get(url(liste)).content.decode()
    assert "Fra særskilt bo- og omsorgsløsning</span>" in html
    assert html.count(">Særlig hensyn</span>") == 2
    assert html.count(UTVIDET) == 1 and html.count(MULIG) == 1
    detaljer = [
        client.get(url(liste) + f"?vis={nr}", HTTP_HX_REQUEST="true").content.decode() for nr in (1, 2, 3)
    ]
    assert UTVIDET in detaljer[0] and MULIG in detaljer[1] and "Trenger bolig uten trapper" in detaljer[1]
    assert "Ekstratilskudd" not in detaljer[2]


def test_ekstratilskudd_der_imdi_bygger_listen(client, kommune, imdi_bruker, tilskuddskandidater):
    client.force_login(imdi_bruker)
    side = client.get(
        reverse("admin:fordeling_fordelingsliste_add"), {"kommune": kommune.pk}
    ).content.decode()
    assert all(p.navn in side for p in tilskuddskandidater)
    # Each person's tags and «Vis detaljer» below them say it.
    assert side.count(UTVIDET) == 2 and side.count(MULIG) == 2


def test_detaljene_hentes_naar_de_aapnes(client, kommune, familie, enslig, vedtak, imdi_bruker, bosetter):
    """«Vis detaljer» per person is fetched when opened: with htmx only that person's details, without
    JavaScript the page again with them open; «Vis alle detaljer» draws everyone's."""
    liste = sendt_liste(kommune, [familie, [enslig]], imdi_bruker)
    client.force_login(bosetter)
    antall = len(familie) + 1
    html = client.get(url(liste)).content.decode()
    assert html.count('hx-trigger="toggle once"') == antall and "<details open>" not in html
    assert 'href="?vis=3#person-3"' in html and 'hx-get="?vis=3"' in html
    uten_js = client.get(url(liste) + "?vis=3").content.decode()
    assert uten_js.count("<details open>") == 1 and uten_js.count('hx-trigger="toggle once"') == antall - 1
    assert 'name="uke_1"' in uten_js  # the answer form is still there
    alle = client.get(url(liste) + "?alle").content.decode()
    assert alle.count("<details open>") == antall and 'hx-trigger="toggle once"' not in alle
    assert client.get(url(liste) + f"?vis={antall + 1}", HTTP_HX_REQUEST="true").status_code == 404
    assert client.get(url(liste) + "?vis=x", HTTP_HX_REQUEST="true").status_code == 404
    assert (
        client.get(url(liste) + "?vis=²", HTTP_HX_REQUEST="true").status_code == 404
    )  # a digit int() refuses


def test_svar_i_nettleseren_avslag_uten_begrunnelse_nektes_og_det_skrevne_beholdes(
    client, kommune, familie, enslig, vedtak, imdi_bruker, bosetter
):
    liste = sendt_liste(kommune, [familie, [enslig]], imdi_bruker)
    client.force_login(bosetter)
    husstander = {
        p.pk: nr
        for nr, h in enumerate(sorted([familie, [enslig]], key=lambda h: h[0].husstand.reg_nr), 1)
        for p in h
    }
    fam, ens = husstander[familie[0].pk], husstander[enslig.pk]
    data = {"handling": "bekreft", f"bosettes_h{fam}": "on"} | {f"uke_{nr}": uke() for nr in range(1, 5)}
    svar_ = client.post(url(liste), data)
    assert svar_.status_code == 400
    html = svar_.content.decode()
    assert f'id="begrunnelse_h{ens}-feil"' in html and "Begrunn hvorfor husstanden ikke kan bosettes." in html
    assert f'value="{uke_tekst(UKE)}"' in html  # what was typed, as the week it is
    assert Fordelingsliste.objects.get(pk=liste.pk).status == Listestatus.SENDT

    data[f"begrunnelse_h{ens}"] = "Ingen ledig bolig"
    assert client.post(url(liste), data).status_code == 302
    assert Fordelingsliste.objects.get(pk=liste.pk).status == Listestatus.BEKREFTET
    assert "Send svar" in client.get(url(liste)).content.decode()
    client.post(url(liste), {"handling": "send"})
    andre = client.post(url(liste), {"handling": "send"}, follow=True)  # a double click
    assert "Listen er allerede besvart" in andre.content.decode()
    assert {status(p) for p in familie} == {Saksstatus.SOKT_UT} and status(
        enslig
    ) == Saksstatus.FORDELINGSKLAR


def test_tjenestens_avslag_merker_ukefeltet_og_knyttes_til_meldingen(
    client, kommune, enslig, vedtak, imdi_bruker, bosetter
):
    """A refusal the service gives after the form was cleaned (a week in the past) is next to the person's
    week, and the field is marked invalid and described by the message, as a form error is."""
    liste = sendt_liste(kommune, [[enslig]], imdi_bruker)
    client.force_login(bosetter)
    forrige = timezone.localdate() - timedelta(weeks=2)
    svar_ = client.post(url(liste), {"handling": "bekreft", "bosettes_h1": "on", "uke_1": uke(forrige)})
    assert svar_.status_code == 400
    html = svar_.content.decode()
    felt = re.search(r'<input[^>]*name="uke_1"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in felt
    assert "uke_1-feil" in re.search(r'aria-describedby="([^"]*)"', felt).group(1).split()
    assert (
        '<p class="ds-validation-message" data-field="validation" id="uke_1-feil">Forventet bosettingsuke kan '
        in html
    )


def test_lesere_leser_men_kan_ikke_svare_og_andre_faar_404(
    client, kommune, annen_kommune, familie, vedtak, imdi_bruker, lag_bruker, mottak
):
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    for rolle in (Rolle.KOMMUNE_BOSETTER_LES, Rolle.KOMMUNE_ANMODER_LES):
        client.force_login(lag_bruker(kommune, rolle))
        html = client.get(url(liste)).content.decode()
        assert "Bekreft liste" not in html and "Familiebolig" in html
        assert client.get(reverse("fordeling:fordelinger", args=[kommune.pk])).status_code == 200
        assert client.post(url(liste), {"handling": "send"}).status_code == 404
    for bruker in (
        lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV),
        lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG),
        lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR),
    ):
        client.force_login(bruker)
        assert client.get(url(liste)).status_code == 404
        assert client.get(reverse("fordeling:fordelinger", args=[kommune.pk])).status_code == 404


def test_utkast_og_trukne_lister_er_imdis(client, kommune, familie, vedtak, imdi_bruker, bosetter):
    utkast = services.fordelingsliste_lagre(
        kommune=kommune, husstander={familie[0].husstand_id: None}, av=imdi_bruker
    )
    client.force_login(bosetter)
    assert client.get(url(utkast)).status_code == 404
    services.fordelingsliste_send(liste=utkast, av=imdi_bruker)
    services.fordelingsliste_trekk(liste=utkast, begrunnelse="Feil kommune", av=imdi_bruker)
    assert client.get(url(utkast)).status_code == 404


@pytest.mark.parametrize("antall", [1, 8])
def test_listesiden_har_fast_antall_sporringer(
    client, django_assert_max_num_queries, kommune, mottak, vedtak, imdi_bruker, bosetter, ansatt, antall
):
    husstander = []
    for _ in range(antall):
        h = HusstandFactory()
        husstander.append(
            fordelingsklar(
                [
                    PersonFactory(mottak=mottak, husstand=h),
                    PersonFactory(
                        mottak=mottak, husstand=h, fodselsdato=timezone.localdate().replace(year=2015)
                    ),
                ],
                ansatt,
            )
        )
    liste = sendt_liste(kommune, husstander, imdi_bruker, begrunnelse="Test")
    client.force_login(bosetter)
    for side in ("", "?alle", "?vis=1", "?vis=1&endre"):
        with django_assert_max_num_queries(16):
            assert client.get(url(liste) + side).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(url(liste) + "?vis=2", HTTP_HX_REQUEST="true").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("fordeling:fordelinger", args=[kommune.pk])).status_code == 200


def test_bosettingsdato_i_to_trinn(client, kommune, mottak, vedtak, imdi_bruker, bosetter, ansatt):
    person = fordelingsklar([PersonFactory(mottak=mottak, fornavn="Privat")], ansatt)[0]
    Person.objects.filter(pk=person.pk).update(sakstype=Person.Sakstype.INSTITUSJON)
    liste = sendt_liste(kommune, [[person]], imdi_bruker)
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    client.force_login(bosetter)
    oversikt = reverse("fordeling:bosettingsdato", args=[kommune.pk])
    side = reverse("fordeling:bosettingsdato_registrer", args=[kommune.pk, person.pk])
    assert side in client.get(oversikt).content.decode()
    idag = timezone.localdate()
    trinn1 = client.post(side, {"dato": idag.isoformat(), "handling": "registrer"})
    assert f"Vil du registrere <strong>{idag:%d.%m.%Y}</strong>" in trinn1.content.decode()
    assert status(person) == Saksstatus.SOKT_UT
    fremtid = client.post(side, {"dato": idag.replace(year=idag.year + 1).isoformat(), "handling": "ja"})
    assert fremtid.status_code == 400 and "fram i tid" in fremtid.content.decode()
    assert client.post(side, {"dato": idag.isoformat(), "handling": "ja"}).status_code == 302
    assert status(person) == Saksstatus.BOSATT
    assert side not in client.get(oversikt).content.decode()
    assert client.get(side).status_code == 404


def test_arbeidsbenken_lagrer_utkast_nekter_overskridelse_ved_feltet_og_sender(
    client, kommune, familie, imdi_bruker
):
    client.force_login(imdi_bruker)
    ny = reverse("admin:fordeling_fordelingsliste_add")
    side = client.get(ny, {"kommune": kommune.pk}).content.decode()
    assert "Ledige plasser" in side and "Kapasitet per uke" in side and familie[0].navn in side
    data = {"kommune": kommune.pk, "husstand": [familie[0].husstand_id], "handling": "send"}
    svar_ = client.post(ny, data)
    assert svar_.status_code == 200
    assert 'id="overskridelse-feil"' in svar_.content.decode()
    liste = Fordelingsliste.objects.get()
    assert liste.status == Listestatus.UTKAST and liste.linjer.count() == 3  # the draft kept what was chosen
    endre = reverse("admin:fordeling_fordelingsliste_change", args=[liste.pk])
    client.post(endre, {**data, "overskridelse_begrunnelse": "Familie bor i kommunen"})
    liste.refresh_from_db()
    assert liste.status == Listestatus.SENDT and liste.overskridelse_begrunnelse == "Familie bor i kommunen"
    assert "Trekk tilbake" in client.get(endre).content.decode()
    client.post(endre, {"handling": "trekk", "trukket_begrunnelse": "Feil kommune"})
    liste.refresh_from_db()
    assert liste.status == Listestatus.TRUKKET and status(familie[0]) == Saksstatus.FORDELINGSKLAR


def test_adminhandlinger_for_utflytting_bosettingsnekt_og_avslutning(
    client, kommune, mottak, familie, enslig, vedtak, imdi_bruker, bosetter
):
    liste = sendt_liste(kommune, [familie, [enslig]], imdi_bruker)
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    client.force_login(imdi_bruker)
    endringsliste = reverse("admin:personer_bosettingssak_changelist")

    def handling(navn, personer, **felt):
        ider = Bosettingssak.objects.filter(person__in=personer).values_list("pk", flat=True)
        return client.post(
            endringsliste, {"action": navn, "_selected_action": list(ider), **felt}, follow=True
        ).content.decode()

    # A mistyped date is refused, never silently today.
    html = handling("registrer_bosettingsnekt", familie, dato="45.13.2026", merknad="Vil bo i Oslo")
    assert "Bosettingsnekt registrert" not in html and {status(p) for p in familie} == {Saksstatus.SOKT_UT}
    html = handling("registrer_bosettingsnekt", familie, dato="20.11.2026", merknad="Vil bo i Oslo")
    assert "Bosettingsnekt registrert (husstander): 1." in html
    assert {status(p) for p in familie} == {Saksstatus.BOSETTINGSNEKT}
    html = handling("registrer_utflyttet", [enslig], dato=f"{timezone.localdate():%d.%m.%Y}")
    assert "Registrert bosatt (husstander): 1." in html
    enslig.refresh_from_db()
    assert (enslig.bosettingssak.status, enslig.mottak_id) == (Saksstatus.BOSATT, None)
    assert "Velg en gyldig avslutningsgrunn" in handling("avslutt", familie, merknad="Utreist")
    assert "Avsluttet (husstander): 1." in handling("avslutt", familie, grunn="utreist")
    assert {status(p) for p in familie} == {Saksstatus.AVSLUTTET}


def test_navn_etter_svaret_bare_for_dem_som_naar_personmappen(
    client, kommune, familie, vedtak, imdi_bruker, bosetter, lag_bruker
):
    liste = sendt_liste(kommune, [familie], imdi_bruker)
    services.fordelingsliste_bekreft(liste=liste, svar=svar(liste), av=bosetter)
    services.fordelingsliste_send_svar(liste=liste, av=bosetter)
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES))
    assert familie[0].navn in client.get(url(liste)).content.decode()
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))
    html = client.get(url(liste)).content.decode()
    assert "Familiebolig" in html and familie[0].etternavn not in html
    assert client.get(reverse("fordeling:bosettingsdato", args=[kommune.pk])).status_code == 404


def test_bufetat_naar_ikke_arbeidsbenken(client, kommune, familie, lag_bruker):
    from imdinett.organisasjoner.models import Organisasjon

    bufetat = Organisasjon.objects.create(navn="Bufetat", type=Organisasjon.Type.BUFETAT)
    client.force_login(lag_bruker(bufetat, Rolle.BUFETAT_SAKSBEHANDLER))
    svar_ = client.get(reverse("admin:fordeling_fordelingsliste_add"), {"kommune": kommune.pk})
    assert svar_.status_code == 403 and familie[0].etternavn not in svar_.content.decode()


def test_et_avsluttet_medlem_blokkerer_ikke_husstanden(client, kommune, familie, vedtak, imdi_bruker):
    from imdinett.personer import services as saker

    saker.bosettingssak_avslutt(
        saker=Bosettingssak.objects.filter(person=familie[0]), grunn="utreist", av=imdi_bruker
    )
    liste = sendt_liste(kommune, [familie[1:]], imdi_bruker)
    assert sorted(liste.linjer.values_list("person_id", flat=True)) == sorted(p.pk for p in familie[1:])
