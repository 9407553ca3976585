"""#19 no. 9: a fordelingsliste's «nr.» counts the kommune's lists of the year, from 1 — given by the service
under a lock, insisted on by the database, and the lists made before renumbered so by the migration."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from fordeling import services
from fordeling.models import Fordelingsliste
from imdinett.personer.services import bosettingssak_opprett
from tests.conftest import samtidig
from tests.factories import KommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db


def klar_husstand(av) -> int:
    person = PersonFactory()
    sak = bosettingssak_opprett(personer=[person], av=av)[0]
    sak.status = "fordelingsklar"
    sak.save()
    return person.husstand_id


def utkast(kommune, av, husstand=None):
    husstand = husstand or klar_husstand(av)
    return services.fordelingsliste_lagre(kommune=kommune, husstander={husstand: None}, av=av)


def test_nummer_per_kommune_og_aar(kommune, imdi_bruker):
    annen = KommuneFactory()
    aar = timezone.localdate().year
    sortland = [utkast(kommune, imdi_bruker) for _ in range(2)]
    tromso = utkast(annen, imdi_bruker)
    sortland.append(utkast(kommune, imdi_bruker))
    assert [(li.aar, li.nummer) for li in sortland] == [(aar, 1), (aar, 2), (aar, 3)]
    assert tromso.nummer == 1
    assert sortland[2].navn.endswith(f"{aar} nr. 3") and sortland[2].navn.startswith(kommune.nummer)


def test_databasen_nekter_to_like_numre(kommune, imdi_bruker):
    liste = utkast(kommune, imdi_bruker)
    with pytest.raises(IntegrityError):
        Fordelingsliste.objects.create(kommune=kommune, aar=liste.aar, nummer=liste.nummer, navn="Kopi")


@pytest.mark.django_db(transaction=True)
def test_samtidige_utkast_faar_hvert_sitt_nummer(kommune, imdi_bruker):
    if connection.vendor != "postgresql":
        pytest.skip("Samtidighet måles på PostgreSQL (CI)")
    husstander = iter([klar_husstand(imdi_bruker) for _ in range(5)])
    assert samtidig(5, lambda: utkast(kommune, imdi_bruker, next(husstander))) == ["ok"] * 5
    assert sorted(Fordelingsliste.objects.filter(kommune=kommune).values_list("nummer", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_migreringen_nummererer_eksisterende_lister(migrer, kommune, imdi_bruker):
    gamle = migrer([("fordeling", "0003_brev_navngir_personene")])
    Gammel = gamle.get_model("fordeling", "Fordelingsliste")
    annen = KommuneFactory()
    naa = timezone.now().replace(month=6, day=15, hour=12)  # mid-year: the days before stay in it
    aar = naa.year
    # Counted across the country (nr. 1, 2, 5, 7); the last one made in December last year.
    for pk_kommune, nr, opprettet in [
        (kommune.pk, 1, naa - timedelta(days=1)),
        (annen.pk, 2, naa),
        (kommune.pk, 5, naa - timedelta(days=2)),  # made before nr. 1 (the order is the creation order)
        (kommune.pk, 7, naa.replace(year=aar - 1, month=12, day=1)),
    ]:
        liste = Gammel.objects.create(kommune_id=pk_kommune, navn=f"1870 Sortland desember {aar} nr. {nr}")
        Gammel.objects.filter(pk=liste.pk).update(opprettet=opprettet)
    nye = migrer().get_model("fordeling", "Fordelingsliste")
    lister = list(nye.objects.order_by("pk").values_list("kommune_id", "aar", "nummer", "navn"))
    assert [(k, a, n) for k, a, n, _ in lister] == [
        (kommune.pk, aar, 2),
        (annen.pk, aar, 1),
        (kommune.pk, aar, 1),
        (kommune.pk, aar - 1, 1),
    ]
    assert [navn.rsplit(" nr. ")[1] for *_, navn in lister] == ["2", "1", "1", "1"]
