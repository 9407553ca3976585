from collections import Counter
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from imdinett.hendelser.models import Hendelse, Varsel, VarselLest
from imdinett.identitetsnummer import valider_duf, valider_fodselsnummer
from imdinett.kompetanse.models import (
    Arbeidserfaring,
    Kilde,
    Kompetanseregistrering,
    Sprakferdighet,
    Utdanning,
)
from imdinett.organisasjoner.models import Bruker
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.selectors import brukerroller
from imdinett.organisasjoner.services import bruker_sett_roller
from imdinett.personer.models import Bosettingssak, Bosettingssamtale, Innsynslogg, Person
from utvikling.nasjonal import seed_national

pytestmark = pytest.mark.django_db
R = Rolle
Saksstatus = Bosettingssak.Status

FORVENTEDE_ROLLER = {
    "mottak": ("Hå asylmottak", [R.MOTTAK_BOSETTINGSANSVARLIG]),
    "mottakadmin": ("Hå asylmottak", [R.MOTTAKSADMINISTRATOR]),
    "kompass": ("Hå asylmottak", [R.MOTTAK_KOMPASS]),
    "toten": ("Toten asylmottak", [R.MOTTAK_BOSETTINGSANSVARLIG]),
    "kommune": ("Sortland", [R.KOMMUNE_ANMODER_SKRIV, R.KOMMUNE_BOSETTER_SKRIV, R.KOMMUNEADMINISTRATOR]),
    "kommunelese": ("Sortland", [R.KOMMUNE_ANMODER_LES, R.KOMMUNE_BOSETTER_LES]),
    "tromso": ("Tromsø", [R.KOMMUNE_ANMODER_SKRIV, R.KOMMUNE_BOSETTER_SKRIV]),
    "kartlegger": ("Hå", [R.KOMMUNE_KARTLEGGER]),
    "imdi": ("IMDi", [R.IMDI_SAKSBEHANDLER]),
    "bufetat": ("Bufetat", [R.BUFETAT_SAKSBEHANDLER]),
}


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_referansedata", verbosity=0)
    call_command("seed_demo", verbosity=0)


def test_demobrukerne_har_noyaktig_sine_roller(demo):
    brukere = {b.username: b for b in Bruker.objects.select_related("organisasjon")}
    roller = brukerroller(brukere.values())
    for navn, (org, forventet) in FORVENTEDE_ROLLER.items():
        assert brukere[navn].organisasjon.navn == org
        assert roller[brukere[navn].pk] == forventet
        assert brukere[navn].check_password("demo")
    assert brukere["admin"].is_superuser and brukere["imdi"].is_staff
    assert all(b.email.endswith("@example.org") for b in brukere.values() if b.email)


def test_en_demobruker_per_rolle_med_bare_den_rollen(demo):
    """Issue #20: every role can be tried alone, by a user named after it."""
    brukere = {b.username: b for b in Bruker.objects.select_related("organisasjon")}
    roller = brukerroller(brukere.values())
    for rolle in Rolle:
        bruker = brukere[rolle.value]
        assert roller[bruker.pk] == [rolle], rolle
        assert bruker.check_password("demo")
    assert brukere[Rolle.KOMMUNE_KARTLEGGER.value].organisasjon.navn == "Hå"
    assert brukere[Rolle.KOMMUNE_ANMODER_LES.value].organisasjon.navn == "Sortland"
    assert brukere[Rolle.INTEGRERINGSMOTTAK_KOMPASS.value].organisasjon.navn == "Hå asylmottak"


def test_haa_har_realistiske_husstander_i_alle_statuser(demo):
    beboere = Person.objects.filter(mottak__navn="Hå asylmottak").select_related("husstand")
    assert beboere.count() >= 80
    familier = Counter(p.husstand_id for p in beboere if p.persontype == "familiemedlem").values()
    assert min(familier) >= 2 and max(familier) <= 6
    typer = Counter(p.persontype for p in beboere)
    assert typer["em"] and typer["em_folgeperson"] and typer["folgeperson"] and typer["enslig_voksen"]
    assert beboere.filter(beskyttelse="kollektiv").exists()
    statuser = set(Bosettingssak.objects.values_list("status", flat=True))
    assert statuser == set(Saksstatus.values)
    idag = timezone.localdate()
    assert Bosettingssak.objects.filter(status=Saksstatus.OPPRETTET, frist__lt=idag).exists()  # overdue
    assert Bosettingssak.objects.filter(status=Saksstatus.OPPRETTET, frist__gte=idag).exists()
    assert Person.objects.filter(mottak__navn="Toten asylmottak").exists()
    for p in Person.objects.all():
        valider_duf(p.duf_nummer)
        if p.fodselsnummer:
            valider_fodselsnummer(p.fodselsnummer)
    assert not Person.objects.filter(bosettingssak__isnull=True, mottak__isnull=True).exists()


def test_mottakets_kontaktpersoner_sier_hvem_som_endret_dem(demo, client):
    """#19 no. 9: Kontaktinformasjon says «Endret <dato> av <bruker>», in the demo too."""
    from imdinett.organisasjoner.models import Kontaktperson, Mottak

    assert not Kontaktperson.objects.filter(endret_av__isnull=True).exists()
    client.force_login(Bruker.objects.get(username="mottak"))
    haa = Mottak.objects.get(navn="Hå asylmottak")
    html = client.get(f"/mottak/{haa.pk}/kontaktinformasjon/").content.decode()
    assert "av Morten Mottaksadministrator" in html


def test_demo_har_anmodninger_i_flere_statuser(demo):
    from kommune.models import Anmodning

    statuser = set(Anmodning.objects.values_list("kommune__navn", "status"))
    assert {("Sortland", "bekreftet"), ("Sortland", "ikke_svart"), ("Tromsø", "svart")} <= statuser


def test_seed_demo_kan_kjores_to_ganger_og_beholder_det_brukerne_endret(demo):
    """A second `make run` adds nobody and keeps passwords (so sessions), roles and what was typed."""
    foer = (Person.objects.count(), Bosettingssak.objects.count(), Bruker.objects.count())
    kommune = Bruker.objects.get(username="kommune")
    bruker_sett_roller(
        av=kommune, bruker=Bruker.objects.get(username="kommunelese"), roller={R.KOMMUNE_ANMODER_LES}
    )
    passord = {b.username: b.password for b in Bruker.objects.all()}
    call_command("seed_demo", verbosity=0)
    assert (Person.objects.count(), Bosettingssak.objects.count(), Bruker.objects.count()) == foer
    assert {b.username: b.password for b in Bruker.objects.all()} == passord
    assert brukerroller([Bruker.objects.get(username="kommunelese")]).popitem()[1] == [R.KOMMUNE_ANMODER_LES]


def test_seed_demo_nektes_uten_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="nektes"):
        call_command("seed_demo")
    assert not Bruker.objects.exists()


def test_nasjonal_skala_gir_alle_statuser(demo):
    melding = seed_national(antall_mottak=5, antall_personer=600)
    assert "5 mottak" in melding
    saker = Bosettingssak.objects.filter(person__husstand__reg_nr__startswith="8")
    assert set(saker.values_list("status", flat=True)) >= {
        Saksstatus.FORDELINGSKLAR,
        Saksstatus.SOKT_UT,
        Saksstatus.BOSATT,
        Saksstatus.OPPRETTET,
    }
    assert not saker.filter(status=Saksstatus.BOSATT, person__mottak__isnull=False).exists()
    forrige_uke = timezone.localdate() - timedelta(days=7)
    assert not saker.filter(status=Saksstatus.SOKT_UT, forventet_uke__lt=forrige_uke).exists()
    assert seed_national(antall_mottak=5, antall_personer=600) == "Nasjonale data finnes allerede."
    from kommune.models import Vedtak

    assert Vedtak.objects.values("anmodning__kommune").distinct().count() >= 357


def test_nasjonal_skala_er_et_realistisk_land_med_ett_aars_historikk(db):
    """Issue #21: cases by kommune size (Oslo most), and a year of history at the volumes of real use."""
    call_command("load_referansedata", verbosity=0)
    seed_national(antall_mottak=5, antall_personer=2000)
    saker = Bosettingssak.objects.filter(kommune__isnull=False)
    per_kommune = Counter(saker.values_list("kommune__navn", flat=True))
    assert per_kommune.most_common(1)[0][0] == "Oslo"
    assert per_kommune["Oslo"] > 4 * per_kommune["Sortland"]

    personer = Person.objects.filter(bosettingssak__isnull=False).exclude(
        bosettingssak__kommune__isnull=True, mottak__isnull=True
    )
    n = personer.count()
    assert Hendelse.objects.count() == pytest.approx(15 * n, rel=0.01)
    assert Innsynslogg.objects.count() == pytest.approx(25 * n, rel=0.01)
    assert Varsel.objects.count() == pytest.approx(2.2 * n, rel=0.01)
    assert VarselLest.objects.count() == pytest.approx(0.9 * Varsel.objects.count(), rel=0.1)
    assert Hendelse.personer.through.objects.count() == Hendelse.objects.count()  # each about one person
    # Spread over the last year, not stamped at seed time.
    for modell, felt in ((Hendelse, "tidspunkt"), (Innsynslogg, "tidspunkt"), (Varsel, "opprettet")):
        maaneder = {(t.year, t.month) for t in modell.objects.dates(felt, "month")}
        assert len(maaneder) >= 12, modell
        assert modell.objects.filter(**{f"{felt}__gt": timezone.now()}).count() == 0
    voksne_i_gang = [
        p
        for p in Person.objects.select_related("bosettingssak").exclude(
            bosettingssak__status=Saksstatus.OPPRETTET
        )
        if hasattr(p, "bosettingssak") and p.alder() >= 18
    ]
    assert Bosettingssamtale.objects.count() == len(voksne_i_gang)
    # Every adult the kommune has decided to settle is mapped (seed 003), with the rows the pages show.
    kartlagte = [
        p for p in voksne_i_gang if p.bosettingssak.status in (Saksstatus.SOKT_UT, Saksstatus.BOSATT)
    ]
    registreringer = Kompetanseregistrering.objects.filter(kilde=Kilde.KARTLEGGING, status="ferdigstilt")
    assert {r.person_id for r in registreringer} == {p.pk for p in kartlagte}
    assert all(
        r.organisasjon_id == r.person.bosettingssak.kommune_id
        for r in registreringer.select_related("person__bosettingssak")
    )
    assert Sprakferdighet.objects.filter(morsmaal=True).count() == len(kartlagte)
    assert Arbeidserfaring.objects.exists() and Utdanning.objects.exists()
