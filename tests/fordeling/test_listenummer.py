"""#19 no. 9: a fordelingsliste's «nr.» counts the kommune's lists of the year, from 1 — given by the service
under a lock, insisted on by the database, and the lists made before renumbered so by the migration."""

import pytest
from django.db import IntegrityError
from django.utils import timezone

from fordeling import services
from fordeling.models import Fordelingsliste
from imdinett.personer.services import bosettingssak_opprett
from tests.factories import KommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db


def utkast(kommune, av):
    person = PersonFactory()
    sak = bosettingssak_opprett(personer=[person], av=av)[0]
    sak.status = "fordelingsklar"
    sak.save()
    return services.fordelingsliste_lagre(kommune=kommune, husstander={person.husstand_id: None}, av=av)


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


def test_migreringen_nummererer_eksisterende_lister(migrer, kommune, imdi_bruker):
    gamle = migrer([("fordeling", "0003_brev_navngir_personene")])
    Gammel = gamle.get_model("fordeling", "Fordelingsliste")
    annen = KommuneFactory()
    aar = timezone.localdate().year
    for pk_kommune, nr in [(kommune.pk, 1), (annen.pk, 2), (kommune.pk, 5)]:  # counted across the country
        Gammel.objects.create(kommune_id=pk_kommune, navn=f"1870 Sortland desember {aar} nr. {nr}")
    nye = migrer().get_model("fordeling", "Fordelingsliste")
    lister = list(nye.objects.order_by("pk").values_list("kommune_id", "aar", "nummer", "navn"))
    assert [(k, a, n) for k, a, n, _ in lister] == [
        (kommune.pk, aar, 1),
        (annen.pk, aar, 1),
        (kommune.pk, aar, 2),
    ]
    assert lister[2][3].endswith(f"{aar} nr. 2")
