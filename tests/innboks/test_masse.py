"""Bulk: batches of one transaction, the same validation and idempotency, queries per batch that do not grow
with its size; the country import through it; two deliveries of one message at once give one result."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from imdinett.hendelser.models import Epost, Hendelse, Varsel
from imdinett.innboks.masse import ta_imot_mange
from imdinett.innboks.models import Innboksmelding
from imdinett.innboks.services import ta_imot
from imdinett.personer.models import Bosettingssak, Person
from tests.conftest import samtidig
from tests.factories import gyldig_duf
from utvikling.landsimport import landsimport

from .conftest import person, tillatelse

S = Innboksmelding.Status


def _tillatelser(antall: int, mottak, prefiks: str) -> list[dict]:
    return [
        {
            "melding_id": f"{prefiks}-{i}",
            "type": "tillatelse_innvilget",
            "data": tillatelse(person(), person(persontype="familiemedlem"), mottak=mottak),
        }
        for i in range(antall)
    ]


@pytest.mark.django_db
def test_masse_med_faste_antall_sporringer_per_parti(mottak, django_assert_max_num_queries):
    if connection.vendor != "postgresql":
        pytest.skip("bulk_create deler opp etter SQLites parametergrense; målt på PostgreSQL")
    for antall, prefiks in ((5, "liten"), (60, "stor")):
        meldinger = _tillatelser(antall, mottak, prefiks)
        with django_assert_max_num_queries(20):
            resultat = ta_imot_mange(kilde="udi", meldinger=meldinger, avsender="test", parti=100)
        assert resultat == Counter({S.BEHANDLET: antall})
    assert Bosettingssak.objects.count() == 2 * 65
    assert Hendelse.objects.filter(kode="bosettingssak.opprettet").count() == 65  # one per household
    # One notification per mottak and batch, with counts (no names): 2 batches.
    assert set(Varsel.objects.filter(organisasjon=mottak).values_list("tittel", flat=True)) == {
        "Nye bosettingssaker: 5 husstander, 10 personer",
        "Nye bosettingssaker: 60 husstander, 120 personer",
    }
    assert Epost.objects.count() == 2


@pytest.mark.django_db
def test_masse_samme_validering_og_idempotens_som_en_og_en(mottak, idag):
    finnes = tillatelse(mottak=mottak)
    ta_imot(kilde="udi", melding_id="f-1", type="tillatelse_innvilget", data=finnes, avsender="test")
    ny = _tillatelser(2, mottak, "ny")
    duf = ny[1]["data"]["personer"][0]["duf_nummer"]
    meldinger = [
        *ny,
        {"melding_id": "f-1", "type": "tillatelse_innvilget", "data": finnes},  # already received
        {"melding_id": "ny-0", "type": "tillatelse_innvilget", "data": finnes},  # same id, another body
        {"melding_id": "ugyldig", "type": "tillatelse_innvilget", "data": {"reg_nr": "x"}},
        {  # an update of the existing household: one by one
            "melding_id": "oppdatert",
            "type": "tillatelse_innvilget",
            "data": {**finnes, "beskyttelse": "kollektiv"},
        },
        {
            "melding_id": "flytting",
            "type": "sak_flyttet",
            "data": {"duf_nummer": [duf], "mottak": mottak.udi_mot_id, "plasstype": "TA", "dato": str(idag)},
        },
        {
            "melding_id": "venter",
            "type": "sak_flyttet",
            "data": {"duf_nummer": [gyldig_duf()], "mottak": "X", "plasstype": "ORD", "dato": str(idag)},
        },
    ]
    resultat = ta_imot_mange(kilde="udi", meldinger=meldinger, avsender="test", parti=50, varsle=False)
    assert resultat == Counter(
        {S.BEHANDLET: 4, S.AVVIST: 1, S.VENTER: 1, "allerede_mottatt": 1, "konflikt": 1}
    )
    assert Person.objects.get(duf_nummer=finnes["personer"][0]["duf_nummer"]).beskyttelse == "kollektiv"
    assert Person.objects.get(duf_nummer=duf).plasstype == "TA"
    assert not Varsel.objects.filter(tittel__startswith="Nye bosettingssaker").exists()  # varsle=False
    assert ta_imot_mange(kilde="udi", meldinger=meldinger[:2], avsender="test") == Counter(
        {"allerede_mottatt": 2}
    )


@pytest.mark.django_db
def test_landsimporten_gaar_gjennom_innboksen_og_kan_kjores_igjen(mottak, annet_mottak):
    maaling = landsimport(antall_personer=60, seed=7, parti=10)
    assert maaling["personer"] >= 60 and maaling["personer_per_sekund"] > 0
    assert maaling["resultat"] == {S.BEHANDLET: maaling["meldinger"]}
    assert Bosettingssak.objects.count() == maaling["personer"]
    ut = StringIO()
    call_command("innboks_import", "--personer", "60", "--seed", "7", stdout=ut)
    assert f"allerede_mottatt: {maaling['meldinger']}" in ut.getvalue()
    foer = Innboksmelding.objects.count()
    assert landsimport(antall_personer=30, seed=8, rull_tilbake=True)["resultat"][S.BEHANDLET] > 0
    assert Innboksmelding.objects.count() == foer  # measured, and nothing kept


@pytest.mark.django_db(transaction=True)
def test_to_samtidige_leveringer_av_samme_melding_gir_ett_resultat(mottak):
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet måles på PostgreSQL (CI)")
    data = tillatelse(person(), person(), mottak=mottak)
    nye = []

    def lever():
        nye.append(
            ta_imot(
                kilde="udi", melding_id="samtidig", type="tillatelse_innvilget", data=data, avsender="test"
            )[1]
        )

    assert samtidig(4, lever) == ["ok"] * 4
    assert sorted(nye) == [False, False, False, True]
    assert Innboksmelding.objects.get().status == S.BEHANDLET
    assert Bosettingssak.objects.count() == 2
    assert Hendelse.objects.filter(kode="bosettingssak.opprettet").count() == 1


@pytest.mark.django_db(transaction=True)
def test_to_samtidige_tillatelser_for_samme_husstand_gir_en_sak_hver(mottak):
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet måles på PostgreSQL (CI)")
    data = tillatelse(person(), mottak=mottak)
    ider = iter(["a", "b", "c"])

    def lever():
        ta_imot(kilde="udi", melding_id=next(ider), type="tillatelse_innvilget", data=data, avsender="test")

    assert samtidig(3, lever) == ["ok"] * 3
    assert set(Innboksmelding.objects.values_list("status", flat=True)) == {S.BEHANDLET}
    assert Bosettingssak.objects.count() == Person.objects.count() == 1
