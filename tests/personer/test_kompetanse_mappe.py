"""Competence in the person folder and its printouts (issue #8): per theme with source, levels in colour
and text, «Vis grunndata fra Selvreg», and the kommune reads but never edits."""

import pytest
from django.utils import timezone

from imdinett.kompetanse.models import Kilde, Kompetanseregistrering

from ..conftest import pdftekst

pytestmark = pytest.mark.django_db


@pytest.fixture
def kompetanse(sokt_ut):
    far = sokt_ut[0]
    kartlagt = Kompetanseregistrering.objects.create(
        person=far,
        kilde=Kilde.KARTLEGGING,
        status="ferdigstilt",
        ferdigstilt=timezone.now(),
        gjennomforing="intervju_tolk",
        tolkesprak="Arabisk",
        organisasjon=far.mottak.vertskommune,
        forerkort=True,
        forerkort_klasser="B",
        regneferdigheter="godt",
        merknad_utdanning="Har vitnemålet på telefonen.",
    )
    kartlagt.sprak.create(sprak="Arabisk", morsmaal=True, tale="svaert_godt", lese="godt", skrive="middels")
    kartlagt.utdanninger.create(
        nivaa="bachelor", fagfelt="Sykepleie", antall_aar=4, land="Syria", dokumentasjon="ja"
    )
    kartlagt.arbeidserfaringer.create(yrke="Sykepleier", antall_aar=6, land="Syria")
    selvreg = Kompetanseregistrering.objects.create(
        person=far,
        kilde=Kilde.SELVREG,
        status="ferdigstilt",
        ferdigstilt=timezone.now(),
        interesser="Fotball",
    )
    selvreg.sprak.create(sprak="Engelsk", tale="daarlig", lese="ukjent", skrive="daarlig")
    return far


def test_kommunen_ser_kompetansen_per_tema_med_kilde_og_nivaa_i_farge_og_tekst(client, kompetanse, brukere):
    client.force_login(brukere["kommune"])
    side = client.get(f"/personer/{kompetanse.pk}/kompetanse/").content.decode()
    assert (
        '<span class="nivaa" data-nivaa="svaert_godt"><span class="nivaa-prikk" aria-hidden="true"></span>Svært godt</span>'
        in side
    )
    assert 'data-nivaa="daarlig"><span class="nivaa-prikk" aria-hidden="true"></span>Dårlig</span>' in side
    for tekst in (
        "Arabisk",
        "(morsmål)",
        "Engelsk",
        "Sykepleie",
        "Sykepleier",
        "Kartlegging",
        "Selvreg",
        "Fotball",
    ):
        assert tekst in side
    assert "Har vitnemålet på telefonen." in side  # «Vis detaljer»
    assert (
        "Vis grunndata fra Selvreg" in side and "Snakker: Dårlig. Leser: Vet ikke. Skriver: Dårlig." in side
    )
    assert "Fargekoder:" in side
    # Read only: no field of the mapping form, and the form itself is 404 for the kommune.
    assert 'name="sprak' not in side and "Ferdigstill" not in side
    assert client.get(f"/kompetanse/kartlegging/{kompetanse.pk}/").status_code == 404
    om = client.get(f"/personer/{kompetanse.pk}/registrering/").content.decode()
    assert "Intervju med tolk" in om and "tolket til Arabisk" in om and "Personen selv" in om


def test_kompetanse_pdf_er_en_cv_med_sprak_og_utdanning(client, kompetanse, brukere):
    client.force_login(brukere["kommune"])
    tekst = pdftekst(client.get(f"/personer/{kompetanse.pk}/utskrift/kompetanse.pdf").content)
    for ord_ in ("Arabisk", "Svært godt", "Engelsk", "Sykepleie", "Universitet", "Sykepleier"):
        assert ord_ in tekst
    alt = pdftekst(client.get(f"/personer/{kompetanse.pk}/utskrift/kartleggingsinformasjon.pdf").content)
    assert "Arabisk" in alt and "Sykepleie" in alt


def test_fordelingslisten_viser_kompetansen_med_kilde_og_nivaa(
    client, kompetanse, brukere, django_assert_max_num_queries
):
    """Seed 002: the kommune weighs competence when it answers a list — shown with its source, levels
    in colour and text, in a fixed number of queries (with «Vis alle detaljer»; one person's details are
    fetched when opened, tests/fordeling/test_sider.py)."""
    from fordeling.models import Fordelingsliste

    liste = Fordelingsliste.objects.get(linjer__person=kompetanse)
    client.force_login(brukere["kommune"])
    with django_assert_max_num_queries(40):
        side = client.get(f"/kommuner/{liste.kommune_id}/fordelinger/{liste.pk}/?alle").content.decode()
    assert "<caption>Språk</caption>" in side
    assert (
        'data-nivaa="svaert_godt"><span class="nivaa-prikk" aria-hidden="true"></span>Svært godt</span>'
        in side
    )
    assert "Bachelor" in side or "lavere grad" in side
    assert "Sykepleier, 6 år, Syria" in side and "(Kilde: Kartlegging)" in side
