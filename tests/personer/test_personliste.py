"""Personliste: at most ten persons per user, only persons the user reaches (seed 002)."""

import pytest

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services
from imdinett.personer.models import Personliste

from ..factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_legg_til_fjern_og_grensen_paa_ti(client, imdi_bruker, mottak):
    personer = [PersonFactory(mottak=mottak) for _ in range(11)]
    client.force_login(imdi_bruker)
    for p in personer[:10]:
        assert client.post(f"/personer/{p.pk}/personliste/").status_code == 302
    client.post(f"/personer/{personer[0].pk}/personliste/")  # already there: nothing changes
    assert Personliste.objects.filter(bruker=imdi_bruker).count() == 10
    svar = client.post(f"/personer/{personer[10].pk}/personliste/", follow=True)
    assert "høyst 10 personer" in svar.content.decode()
    assert Personliste.objects.filter(bruker=imdi_bruker).count() == 10
    arbeidsflate = client.get("/").content.decode()
    assert personer[0].etternavn in arbeidsflate and personer[10].etternavn not in arbeidsflate
    client.post(f"/personer/{personer[0].pk}/personliste/", {"fjern": "1", "tilbake": "arbeidsflate"})
    services.personliste_legg_til(bruker=imdi_bruker, person=personer[10])
    assert Personliste.objects.filter(bruker=imdi_bruker).count() == 10


def test_bare_personer_brukeren_naar(client, lag_bruker, mottak, annet_mottak, imdi_bruker):
    fremmed = PersonFactory(mottak=annet_mottak)
    bruker = lag_bruker(mottak, Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG)
    client.force_login(bruker)
    assert client.post(f"/personer/{fremmed.pk}/personliste/").status_code == 404
    egen = PersonFactory(mottak=mottak)
    client.post(f"/personer/{egen.pk}/personliste/")
    egen.mottak = annet_mottak  # moved: no longer reached, so no longer listed
    egen.save()
    assert egen.etternavn not in client.get("/").content.decode()
