"""Issue «Tilgang», defect 2 and the letters and reports of defect 8: a letter is read with the permission
of the page it belongs to at the receiving organisation, and only by a user who reaches every person it
names — not by being in the organisation; missing and forbidden are the same 404. Reading a letter or a
list of named persons (the bosatte report, a fordelingsliste) writes one Innsynslogg line per person."""

import pytest
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from imdinett.dokumenter.models import Dokument
from imdinett.dokumenter.selectors import kan_lese
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Innsynslogg

# The access log cannot be deleted (on PostgreSQL a trigger refuses it): each step reads the lines written
# since its mark.
_merke = [0]


def nullstill():
    _merke[0] = Innsynslogg.objects.aggregate(m=Max("id"))["m"] or 0


def nye():
    return Innsynslogg.objects.filter(id__gt=_merke[0])


@pytest.fixture(autouse=True)
def _logg_fra_null(db):
    nullstill()


pytestmark = pytest.mark.django_db
R = Rolle


def url(dokument) -> str:
    return reverse("dokument", args=[dokument.pk])


def status(client, bruker, dokument) -> int:
    client.force_login(bruker)
    return client.get(url(dokument)).status_code


def test_brevene_vet_hvilken_tillatelse_de_leses_med_og_hvem_de_nevner(brev, familie, mottak, kommune):
    assert {d.person_id for d in brev["vedtak"]} == {p.pk for p in familie}
    for d in brev["vedtak"]:
        assert (d.tillatelse, d.organisasjon_id, d.navngitte_ider()) == (
            "dokument.les",
            mottak.pk,
            {d.person_id},
        )
    assert (brev["liste"].tillatelse, brev["liste"].organisasjon_id) == ("dokument.les", kommune.pk)
    assert brev["liste"].navngitte_ider() == {p.pk for p in familie}
    assert (brev["anmodning"].tillatelse, brev["anmodning"].navngitte_ider()) == ("anmodning.les", set())


@pytest.mark.parametrize(
    "rolle, hos",
    [
        (R.MOTTAKSADMINISTRATOR, "mottak"),
        (R.MOTTAK_KOMPASS, "mottak"),
        (R.KOMMUNEADMINISTRATOR, "kommune"),
        (R.KOMMUNE_KARTLEGGER, "kommune"),
        (R.KOMMUNE_KARTLEGGER, "vertskommune"),  # reaches the mottak's residents, not their letters
        (R.KOMMUNE_ANMODER_LES, "kommune"),
        (R.KOMMUNE_ANMODER_SKRIV, "kommune"),
    ],
)
def test_personbrevene_er_404_for_roller_uten_dokumenttilgang(
    client, brev, lag_bruker, mottak, kommune, rolle, hos
):
    org = {"mottak": mottak, "kommune": kommune, "vertskommune": mottak.vertskommune}[hos]
    bruker = lag_bruker(org, rolle)
    for dokument in [*brev["vedtak"], brev["liste"]]:
        assert status(client, bruker, dokument) == 404, (rolle, dokument.tittel)
        assert not kan_lese(bruker, dokument)
    assert not nye().exists()


@pytest.mark.parametrize("rolle", [R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNE_BOSETTER_LES])
def test_kommunens_bosettere_leser_kommunens_brev_men_ikke_mottakets(
    client, brev, lag_bruker, kommune, rolle
):
    bruker = lag_bruker(kommune, rolle)
    assert status(client, bruker, brev["liste"]) == 200
    assert all(status(client, bruker, d) == 404 for d in brev["vedtak"])


@pytest.mark.parametrize("rolle", [R.MOTTAK_BOSETTINGSANSVARLIG])
def test_mottakets_bosettingsansvarlig_leser_vedtaksbrevene_men_ikke_kommunens(
    client, brev, lag_bruker, mottak, annet_mottak, rolle
):
    bruker = lag_bruker(mottak, rolle)
    assert all(status(client, bruker, d) == 200 for d in brev["vedtak"])
    assert status(client, bruker, brev["liste"]) == 404
    assert status(client, bruker, brev["anmodning"]) == 404
    andre = lag_bruker(annet_mottak, rolle)
    assert all(status(client, andre, d) == 404 for d in brev["vedtak"])


def test_anmodningsbrevet_for_anmoderne_ikke_for_administrator_eller_andre_kommuner(
    client, brev, lag_bruker, kommune, annen_kommune
):
    for rolle in (R.KOMMUNE_ANMODER_LES, R.KOMMUNE_ANMODER_SKRIV):
        assert status(client, lag_bruker(kommune, rolle), brev["anmodning"]) == 200
    for bruker in (
        lag_bruker(kommune, R.KOMMUNEADMINISTRATOR),
        lag_bruker(kommune, R.KOMMUNE_KARTLEGGER),
        lag_bruker(annen_kommune, R.KOMMUNE_ANMODER_SKRIV),
    ):
        assert status(client, bruker, brev["anmodning"]) == 404
    assert not nye().exists()  # the anmodning names nobody


def test_imdi_leser_alle_brev(client, brev, imdi_bruker):
    for dokument in [*brev["vedtak"], brev["liste"], brev["anmodning"]]:
        assert status(client, imdi_bruker, dokument) == 200


def test_brevet_krever_at_brukeren_naar_hver_person_det_nevner(
    client, brev, familie, bosetter, annen_kommune
):
    """The kommune's letter names three persons; once one of them is no longer the kommune's (here moved to
    another kommune), the letter is closed to the kommune's Bosetter."""
    assert status(client, bosetter, brev["liste"]) == 200
    Bosettingssak.objects.filter(person=familie[2]).update(kommune=annen_kommune)
    assert status(client, bosetter, brev["liste"]) == 404


def test_manglende_brev_er_samme_404(client, brev, imdi_bruker):
    siste = Dokument.objects.order_by("-pk").first()
    client.force_login(imdi_bruker)
    assert client.get(reverse("dokument", args=[siste.pk + 1])).status_code == 404


def test_nedlasting_logger_en_linje_per_navngitt_person(client, brev, familie, bosetter, ansatt, kommune):
    vedtaksbrev = brev["vedtak"][0]
    client.force_login(ansatt)
    assert client.get(url(vedtaksbrev)).status_code == 200
    linjer = list(nye().values_list("person_id", "bruker_id", "seksjon"))
    assert linjer == [(vedtaksbrev.person_id, ansatt.pk, "Brev: Vedtak om bosettingskommune")]

    nullstill()
    client.force_login(bosetter)
    assert client.get(url(brev["liste"])).status_code == 200
    linjer = list(nye().values_list("person_id", "bruker_id", "seksjon", "organisasjon_id"))
    assert sorted(linjer) == sorted(
        (p.pk, bosetter.pk, "Brev: Bosetting av flyktninger", kommune.pk) for p in familie
    )

    nullstill()
    client.force_login(bosetter)
    assert client.get(url(brev["vedtak"][1])).status_code == 404
    assert not nye().exists()  # a refused read is no read


def test_lenken_til_brevet_vises_bare_for_dem_som_kan_aapne_det(
    client, brev, besvart, vedtak, lag_bruker, kommune
):
    side = reverse("fordeling:liste", args=[kommune.pk, besvart.pk])
    lenke = f'href="{url(brev["liste"])}"'
    client.force_login(lag_bruker(kommune, R.KOMMUNE_BOSETTER_LES))
    assert lenke in client.get(side).content.decode()
    client.force_login(lag_bruker(kommune, R.KOMMUNE_ANMODER_LES))
    html = client.get(side).content.decode()
    assert "Fordelingsliste" in html and lenke not in html

    anmodningsside = reverse("kommune:anmodning", args=[kommune.pk, vedtak.pk])
    assert f'href="{url(brev["anmodning"])}"' in client.get(anmodningsside).content.decode()


def test_fordelingslisten_logger_personene_den_viser(client, besvart, familie, kommune, lag_bruker):
    side = reverse("fordeling:liste", args=[kommune.pk, besvart.pk])
    for rolle in (R.KOMMUNE_BOSETTER_LES, R.KOMMUNE_ANMODER_LES):
        bruker = lag_bruker(kommune, rolle)
        client.force_login(bruker)
        for variant in (side, f"{side}?alle"):
            nullstill()
            assert client.get(variant).status_code == 200
            assert sorted(nye().values_list("person_id", "bruker_id", "seksjon")) == sorted(
                (p.pk, bruker.pk, f"Fordelingsliste {besvart.pk}") for p in familie
            )


@pytest.mark.parametrize("format_", ["", "?format=csv", "?format=xlsx"])
def test_bosatterapporten_logger_en_linje_per_person_i_den(
    client, besvart, familie, kommune, bosetter, imdi_bruker, format_
):
    saker.bosettingssak_bosett(
        saker=list(Bosettingssak.objects.filter(person__in=familie)),
        bosettingsdato=timezone.localdate(),
        av=imdi_bruker,
    )
    side = reverse("kommune:rapport_bosatte", args=[kommune.pk]) + format_
    client.force_login(bosetter)
    svar_ = client.get(side + ("&" if format_ else "?") + f"aar={timezone.localdate().year}")
    assert svar_.status_code == 200
    linjer = list(nye().values_list("person_id", "bruker_id", "seksjon"))
    assert sorted(linjer) == sorted((p.pk, bosetter.pk, "Spesialisert bosettingsrapport") for p in familie)

    nullstill()
    annet_aar = client.get(side + ("&" if format_ else "?") + f"aar={timezone.localdate().year - 1}")
    assert annet_aar.status_code == 200 and not nye().exists()  # nobody in it, nobody logged
