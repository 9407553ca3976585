import pytest

from imdinett.dokumenter.services import dokument_lagre
from imdinett.organisasjoner.roller import Rolle

from ..conftest import pdftekst

pytestmark = pytest.mark.django_db
TEKST = "Familien Ødegård-Åsen bosettes i Tromsø. Særlige hensyn: trappefri adkomst."


@pytest.fixture
def brev(kommune, imdi_bruker):
    return dokument_lagre(
        tittel="Bosetting av flyktninger – Tromsø kommune",
        type="brev",
        template="dokumenter/brev.html",
        context={"mottaker": "Tromsø kommune\nPostboks 6900\n9299 Tromsø", "tekst": TEKST},
        organisasjon=kommune,
        tillatelse="dokument.les",
        av=imdi_bruker,
    )


def test_pdf_leses_tilbake_med_norske_tegn(brev):
    tekst = pdftekst(brev.fil.read(), layout=True)
    assert "Bosetting av flyktninger – Tromsø kommune" in tekst
    assert "Ødegård-Åsen" in tekst and "Særlige hensyn" in tekst and "trappefri" in tekst
    assert "Integrerings- og mangfoldsdirektoratet" in tekst


def test_dokumentet_lastes_ned_av_mottakeren_og_er_404_for_andre(
    brev, client, lag_bruker, kommune, annen_kommune
):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES))
    svar = client.get(f"/dokumenter/{brev.pk}/")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert "Ødegård-Åsen" in pdftekst(b"".join(svar.streaming_content), layout=True)

    client.force_login(lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    assert client.get(f"/dokumenter/{brev.pk}/").status_code == 404
