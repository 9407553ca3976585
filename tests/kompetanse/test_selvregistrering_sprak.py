"""The self-registration in six languages (#19 no. 6): one catalogue, complete in every language; the
language chosen on the page travels through login, form and receipt; right-to-left for Arabic and Dari;
what is saved is the same in every language, and staff read it in bokmål. Numeracy and digital skills
have their own level texts in the interviewer's guidance."""

import re
import string

import pytest

from imdinett.kompetanse.forms import DIGITALNIVAA, REGNENIVAA, SPRAKNIVAA, registreringsskjema
from imdinett.kompetanse.models import Kompetanseregistrering, Nivaa
from imdinett.kompetanse.selectors import selvreg_grunndata
from imdinett.kompetanse.sprak import KATALOG, SPRAK, tekster

from .test_engangskode import INNLOGGING, SKJEMA, TAKK, beboer, generer, innlogget, kompass, utfylt  # noqa: F401

pytestmark = pytest.mark.django_db
NB = KATALOG["nb"]


def plassholdere(tekst: str) -> set[str]:
    return {navn for _, navn, _, _ in string.Formatter().parse(tekst) if navn}


@pytest.mark.parametrize("sprak", [s for s in KATALOG if s != "nb"])
def test_hvert_spraak_har_hver_tekst_med_de_samme_plassholderne(sprak):
    katalog = KATALOG[sprak]
    assert set(katalog) == set(NB)
    assert [n for n in NB if plassholdere(katalog[n]) != plassholdere(NB[n])] == []
    assert [n for n, tekst in katalog.items() if not tekst.strip()] == []


def test_de_seks_spraakene_og_retningen():
    assert set(SPRAK) == set(KATALOG) == {"nb", "en", "ar", "ti", "prs", "uk"}
    assert {k for k, (_, retning) in SPRAK.items() if retning == "rtl"} == {"ar", "prs"}


def test_en_tekst_som_mangler_leses_paa_bokmaal(monkeypatch):
    monkeypatch.delitem(KATALOG["ti"], "lagre")
    assert tekster("ti")["lagre"] == "Lagre" and tekster("ti")["logg_inn"] == KATALOG["ti"]["logg_inn"]
    assert tekster("xx")["lagre"] == "Lagre"  # an unknown language is bokmål


def test_nivaaene_har_egne_tekster_i_hvert_spraak():
    for sprak, katalog in KATALOG.items():
        nivaaer = [katalog[f"nivaa_{n}"] for n in Nivaa.values]
        assert len(set(nivaaer)) == len(Nivaa.values), sprak


def test_regning_og_digitale_ferdigheter_har_egne_nivaaer_i_veiledningen():
    """Each scale names all five levels, and no two skills share a description of a level."""
    skalaer = [SPRAKNIVAA, REGNENIVAA, DIGITALNIVAA]
    for skala in skalaer:
        assert all(f"{n}:" in skala for n in ("Dårlig", "Hverken godt eller dårlig", "Godt", "Svært godt"))
    beskrivelser = [re.split(r"Hverken godt eller dårlig:|Svært godt:|Godt:", s)[0] for s in skalaer]
    assert len(set(beskrivelser)) == 3
    assert "ord" not in REGNENIVAA.split(".")[0] and "tall" in REGNENIVAA.split(".")[0]


def test_beboerens_skjema_paa_engelsk_lagrer_de_samme_verdiene():
    skjema = registreringsskjema(
        ["regneferdigheter", "forerkort"], Kompetanseregistrering(), {"regneferdigheter": "godt"}, sprak="en"
    )
    assert skjema["regneferdigheter"].label == "How well can you do maths?"
    assert list(skjema.fields["regneferdigheter"].choices)[:2] == [
        ("ukjent", "Don't know"),
        ("daarlig", "Poor"),
    ]
    assert list(skjema.fields["forerkort"].choices) == [("True", "Yes"), ("False", "No")]
    assert skjema.is_valid() and skjema.cleaned_data["regneferdigheter"] == "godt"


def test_innlogging_paa_arabisk_er_hoyre_til_venstre(client):
    html = client.get(INNLOGGING, {"sprak": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    assert ">رقم DUF</label>" in html and "سجّل مهاراتك" in html
    assert 'href="/kompetanse/selvregistrering/?sprak=uk" hreflang="uk"' in html
    assert '<html lang="nb" dir="ltr"' in client.get(INNLOGGING, {"sprak": "klingon"}).content.decode()


def test_tomt_felt_og_feil_kode_faar_melding_paa_dari(client):
    svar = client.post(f"{INNLOGGING}?sprak=prs", {"duf": "", "kode": ""})
    html = svar.content.decode()
    assert svar.status_code == 400 and '<html lang="prs" dir="rtl"' in html
    assert KATALOG["prs"]["duf_mangler"] in html and KATALOG["prs"]["kode_mangler"] in html
    svar = client.post(f"{INNLOGGING}?sprak=prs", {"duf": "209900000000", "kode": "ABCD2345"})
    assert KATALOG["prs"]["innlogging_feil"] in svar.content.decode()


def test_spraaket_foelger_innlogging_skjema_og_kvittering(client, beboer, mottak, kompass):  # noqa: F811
    svar = client.post(
        f"{INNLOGGING}?sprak=uk", {"duf": beboer.duf_nummer, "kode": generer(beboer, mottak, kompass)}
    )
    assert svar["Location"] == f"{SKJEMA}?sprak=uk"
    html = client.get(svar["Location"]).content.decode()
    assert '<html lang="uk" dir="ltr"' in html and "Як добре ви читаєте цією мовою?" in html
    assert f'action="{SKJEMA}?sprak=uk"' in html

    data = utfylt()
    nokkel = data["utdanning"][0]
    data[f"utdanning-{nokkel}-antall_aar"] = "99"
    html = client.post(f"{SKJEMA}?sprak=uk", data).content.decode()
    assert "Ще нічого не збережено" in html and "Напишіть число від 0 до 30." in html
    assert "Освіта 1: Скільки років?" in html
    data[f"utdanning-{nokkel}-antall_aar"] = "3"
    svar = client.post(f"{SKJEMA}?sprak=uk", data)
    assert svar["Location"] == f"{TAKK}?sprak=uk"
    takk = client.get(svar["Location"]).content.decode()
    assert "Дякуємо!" in takk
    assert "Arabisk (рідна мова)</dt><dd>Розмовляє: Дуже добре. Читає: Добре. Пише: Середньо.</dd>" in takk
    assert "Старша школа, Elektro, 3 р., Syria" in takk

    # Staff read the same answers in bokmål.
    reg = Kompetanseregistrering.objects.get(person=beboer)
    assert reg.regneferdigheter == "godt"
    assert selvreg_grunndata(reg, "sprak")[0] == (
        "Arabisk (morsmål)",
        "Snakker: Svært godt. Leser: Godt. Skriver: Middels.",
    )
    assert ("Hvor godt kan du regne?", "Godt") in selvreg_grunndata(reg, "andre_ferdigheter")


def test_bytte_spraak_i_skjemaet_beholder_det_som_er_skrevet(client, beboer, mottak, kompass):  # noqa: F811
    innlogget(client, beboer, mottak, kompass)
    data = utfylt() | {"bytt_sprak": "ti"}
    svar = client.post(f"{SKJEMA}?sprak=ti", data)
    html = svar.content.decode()
    assert svar.status_code == 200 and '<html lang="ti" dir="ltr"' in html
    assert 'value="Arabisk"' in html and 'value="Elektriker"' in html and KATALOG["ti"]["felt_tale"] in html
    assert not Kompetanseregistrering.objects.exists()


def test_avbryt_paa_engelsk(client, beboer, mottak, kompass):  # noqa: F811
    innlogget(client, beboer, mottak, kompass)
    svar = client.post(f"{SKJEMA}?sprak=en", {"avbryt": "1"}, follow=True)
    assert svar.redirect_chain[-1][0] == f"{INNLOGGING}?sprak=en"
    assert "You are logged out. Nothing is saved." in svar.content.decode()
