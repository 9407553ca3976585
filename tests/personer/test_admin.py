"""IMDi turns permits into settlement cases in the admin, through the lifecycle service."""

import pytest

from imdinett.hendelser.models import Hendelse
from imdinett.personer.models import Bosettingssak

from ..factories import HusstandFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_imdi_oppretter_bosettingssak_per_husstand_i_admin(client, imdi_bruker, mottak):
    familie = HusstandFactory()
    medlemmer = [PersonFactory(husstand=familie, mottak=mottak) for _ in range(3)]
    enslig = PersonFactory(mottak=mottak)
    client.force_login(imdi_bruker)
    svar = client.post(
        "/admin/personer/person/",
        {"action": "opprett_bosettingssak", "_selected_action": [p.pk for p in [*medlemmer, enslig]]},
        follow=True,
    )
    assert f"Bosettingssak opprettet for 3 personer i {familie}." in svar.content.decode()
    assert f"Bosettingssak opprettet for {enslig}." in svar.content.decode()
    assert Bosettingssak.objects.filter(status="opprettet").count() == 4
    assert Hendelse.objects.filter(kode="bosettingssak.opprettet", utfort_av=imdi_bruker).count() == 2

    svar = client.post(
        "/admin/personer/person/",
        {"action": "opprett_bosettingssak", "_selected_action": [enslig.pk]},
        follow=True,
    )
    assert "har allerede en bosettingssak" in svar.content.decode()
    assert Bosettingssak.objects.count() == 4


def test_statusen_kan_ikke_endres_direkte_i_admin(client, imdi_bruker, mottak):
    person = PersonFactory(mottak=mottak)
    client.force_login(imdi_bruker)
    client.post(
        "/admin/personer/person/", {"action": "opprett_bosettingssak", "_selected_action": [person.pk]}
    )
    sak = Bosettingssak.objects.get()
    svar = client.get(f"/admin/personer/bosettingssak/{sak.pk}/change/")
    assert 'name="status"' not in svar.content.decode()
    assert 'name="status"' not in client.get("/admin/personer/bosettingssak/add/").content.decode()
