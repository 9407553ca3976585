"""#19 no. 9: «Kommer fra» (the kommune's «Vis detaljer») spells every place type out; the mottak's own tables
keep the short code seed 001 shows."""

from datetime import date

import pytest

from fordeling.selectors.visning import detaljer
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Person
from imdinett.personer.services import bosettingssak_opprett
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kode, tekst",
    [
        ("ORD", "Ordinært mottak"),
        ("EM", "EM-mottak"),
        ("TA", "Tilrettelagt avdeling"),
        ("AKUTT", "Akuttinnkvartering"),
    ],
)
def test_kommer_fra_er_skrevet_ut(mottak, imdi_bruker, kode, tekst):
    person = PersonFactory(mottak=mottak, plasstype=kode)
    bosettingssak_opprett(personer=[person], av=imdi_bruker)
    person = Person.objects.select_related("bosettingssak").get(pk=person.pk)
    assert dict(detaljer(person, [person], date.today()))["Kommer fra"] == tekst


def test_mottakets_oppgaveliste_viser_koden(client, mottak, imdi_bruker, lag_bruker):
    person = PersonFactory(mottak=mottak, plasstype="ORD")
    bosettingssak_opprett(personer=[person], av=imdi_bruker)
    client.force_login(lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG))
    html = client.get(f"/mottak/{mottak.pk}/oppgaveliste/").content.decode()
    assert "<td>ORD</td>" in html and "Ordinært mottak" not in html
