"""#19 no. 9 d: Mottaksinformasjon shows the mottak's besøksadresse with postcode and town, in the queries the
page takes without it (the postcode comes with the mottak)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from imdinett.organisasjoner.models import Postnummer
from imdinett.organisasjoner.roller import Rolle

pytestmark = pytest.mark.django_db


def test_mottaksinformasjon_viser_besoksadressen(client, lag_bruker, mottak):
    client.force_login(lag_bruker(mottak, Rolle.MOTTAKSADMINISTRATOR))
    url = f"/mottak/{mottak.pk}/mottaksinformasjon/"
    with CaptureQueriesContext(connection) as uten:
        assert "<dt>Besøksadresse</dt><dd>–</dd>" in client.get(url).content.decode()
    mottak.besoksadresse = "Sandroen 2"
    mottak.besoksadresse_postnummer = Postnummer.objects.create(nummer="4365", poststed="Nærbø")
    mottak.save()
    with CaptureQueriesContext(connection) as med:
        html = client.get(url).content.decode()
    assert "<dt>Besøksadresse</dt><dd>Sandroen 2, 4365 Nærbø</dd>" in html
    assert len(med) == len(uten)
