"""#19 no. 17, at the source (partials/feltfeil.html, DsSkjema): a field's messages sit in one container with
one id, however many there are; every aria-describedby names ids that exist once on the page, the help text's
too (Django points a field with help text at «<id>_helptext» by itself)."""

from collections import Counter
from html.parser import HTMLParser

import pytest

from imdinett.organisasjoner.roller import Rolle
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


class Ider(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ider, self.beskrevet = Counter(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ider[attrs["id"]] += 1
        self.beskrevet += (attrs.get("aria-describedby") or "").split()


def sjekk_ider(html: str) -> Ider:
    side = Ider()
    side.feed(html)
    assert [i for i, n in side.ider.items() if n > 1] == []
    assert [i for i in side.beskrevet if i not in side.ider] == []
    return side


def test_to_feil_paa_begrunnelsen_gir_en_id(client, anmodning, kommune, lag_bruker):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV))
    url = f"/kommuner/{kommune.pk}/anmodninger/{anmodning.pk}/vedtak/"
    # Fewer than requested, and a reason over its limit: two messages on one field.
    data = {"aar": anmodning.tall.first().aar, "steg": "oppsummering"}
    svar = client.post(url, {**data, "antall_voksne": "1", "begrunnelse_voksne": "x" * 2001})
    html = svar.content.decode()
    assert svar.status_code == 400 and "Begrunn avviket" in html and "2000" in html
    side = sjekk_ider(html)
    assert "begrunnelse_voksne-feil" in side.beskrevet


def test_notatets_dufnummer_beskrives_av_hjelpeteksten_og_feilen(client, kommune, lag_bruker):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    url = f"/kommuner/{kommune.pk}/hendelser/"
    side = sjekk_ider(client.get(url).content.decode())
    assert "id_duf_helptext" in side.beskrevet
    svar = client.post(url, {"duf": PersonFactory().duf_nummer, "legg_til": "1"})
    side = sjekk_ider(svar.content.decode())
    assert {"duf-feil", "id_duf_helptext"} <= set(side.beskrevet)
