"""The one week field (imdinett.uker): what people type is read as a week, the same without JavaScript; a
number alone is the next such week; a refusal says what to type; the week is shown as «uke 51 2026» with
its dates, on the kommune's forms and in IMDi's admin."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Bosettingssak
from imdinett.uker import UkeFeil, mandag, tolk_uke, uke_med_datoer, uke_tekst
from innmelding import services as innmelding_tj
from innmelding.models import Innmelding

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

# Typed in week 51 of 2026 (Monday 14 December): a number alone is this week or a later one.
I_UKE_51 = date(2026, 12, 16)


@pytest.mark.parametrize(
    ("skrevet", "uke"),
    [
        ("51", (2026, 51)),  # this week
        ("52", (2026, 52)),
        ("53", (2026, 53)),  # 2026 has 53 weeks
        ("2", (2027, 2)),  # past this year: next year's
        ("50", (2027, 50)),  # last week: never a week gone by
        ("uke 2", (2027, 2)),
        ("uke 2 2027", (2027, 2)),
        ("2/2027", (2027, 2)),
        ("uke 50 2026", (2026, 50)),  # a week with its year is that week, also one gone by
    ],
)
def test_et_ukenummer_alene_er_neste_uke_med_det_nummeret(skrevet, uke):
    assert tolk_uke(skrevet, I_UKE_51) == date.fromisocalendar(*uke, 1)


def test_uke_53_finnes_bare_i_noen_aar():
    with pytest.raises(UkeFeil) as feil:
        tolk_uke("53", date(2027, 1, 6))  # 2027 has 52 weeks
    assert (feil.value.kode, feil.value.params) == ("finnes_ikke", {"nr": 53, "i_aar": 2027})


def test_uka_vises_med_datoene():
    assert uke_med_datoer(date(2027, 1, 20)) == "uke 3 2027 (18.01.2027–24.01.2027)"
    assert uke_med_datoer(None) == ""


# ---- The form alone (no JavaScript): each spelling, posted to the kommune's innmelding ----


@pytest.fixture
def bosetter(lag_bruker, kommune):
    return lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)


@pytest.fixture
def skjema(client, bosetter, kommune):
    """post(uke, antall="6"): the «Antall plasser» form sent as a browser without JavaScript sends it."""
    client.force_login(bosetter)
    url = reverse("innmelding:antall_plasser", args=[kommune.pk])

    def post(uke: str, antall: str = "6"):
        return client.post(url, {"antall": antall, "forventet_uke": uke, "antall_uker": "1", "merknad": ""})

    return post


def om_uker(n: int) -> date:
    return mandag(timezone.localdate()) + timedelta(weeks=n)


def eksempel() -> dict:
    """The example the hint and the messages give: next week."""
    aar, nr, _ = om_uker(1).isocalendar()
    return {"nr": nr, "aar": aar}


def feilmelding(svar) -> str:
    boks = re.search(r'id="forventet_uke-feil">(.*?)</div>', svar.content.decode(), re.S)
    return " ".join(re.findall(r">([^<]+)</p>", boks[1])) if boks else ""


STAVEMAATER = [
    "{nr}",
    " {nr} ",
    "uke {nr}",
    "UKE {nr}",
    "u. {nr}",
    "veke {nr}",
    "uke {nr} {aar}",
    "Uke {nr} {aar}",
    "uke {nr}, {aar}",
    "{nr}/{aar}",
    "{nr} / {aar}",
    "{nr}-{aar}",
    "{nr}.{aar}",
    "u{nr}/{aar}",
    "veke {nr} {aar}",
    "{aar}-W{nr:02d}",
    "{aar}-W{nr}",
    "{aar}w{nr:02d}",
]


@pytest.mark.parametrize("uker_fram", [0, 30])  # this week; a week number lower than this week's, next year
@pytest.mark.parametrize("stavemaate", STAVEMAATER)
def test_skjemaet_alene_godtar_hver_stavemaate(client, skjema, kommune, stavemaate, uker_fram):
    uka = om_uker(uker_fram)
    aar, nr, _ = uka.isocalendar()
    skrevet = stavemaate.format(nr=nr, aar=aar)
    svar = skjema(skrevet)
    assert svar.status_code == 302, feilmelding(svar)
    assert Innmelding.objects.get().forventet_uke == uka
    liste = client.get(reverse("innmelding:aktive", args=[kommune.pk])).content.decode()
    assert f">{uke_tekst(uka)}<" in liste


@pytest.mark.parametrize(
    ("skrevet", "melding"),
    [
        ("", "Skriv hvilken uke, for eksempel «{nr}» eller «uke {nr} {aar}»."),
        ("51/26", "Skriv uka som et ukenummer, for eksempel «{nr}», «uke {nr} {aar}» eller «{nr}/{aar}»."),
        (
            "uke femti",
            "Skriv uka som et ukenummer, for eksempel «{nr}», «uke {nr} {aar}» eller «{nr}/{aar}».",
        ),
        ("{aar}-W60", "Det er ingen uke 60 i {aar}. Skriv et ukenummer fra 1 til 52 (53 i noen år)."),
        ("uke 5 {om_seks_aar}", "Skriv et år fra {aar_minus_5} til {aar_pluss_5}."),
    ],
)
def test_skjemaet_avviser_med_et_eksempel_og_beholder_det_som_ble_skrevet(skjema, skrevet, melding):
    aar = timezone.localdate().year
    verdier = eksempel() | {"om_seks_aar": aar + 6, "aar_minus_5": aar - 5, "aar_pluss_5": aar + 5}
    skrevet = skrevet.format(**verdier)
    svar = skjema(skrevet)
    assert svar.status_code == 400
    assert feilmelding(svar) == melding.format(**verdier)
    if skrevet:
        assert f'value="{skrevet}"' in svar.content.decode()
    assert not Innmelding.objects.exists()


def test_etter_en_feil_vises_uka_med_datoene_uten_javascript(skjema):
    uka = om_uker(2)
    svar = skjema(str(uka.isocalendar()[1]), antall="")  # the week is right, the number of places missing
    html = svar.content.decode()
    assert svar.status_code == 400
    felt = re.search(r"<input[^>]*name=\"forventet_uke\"[^>]*>", html)[0]
    assert f'value="{uke_tekst(uka)}"' in felt
    assert 'type="text"' in felt and 'autocomplete="off"' in felt
    beskrevet_av = re.search(r'aria-describedby="([^"]+)"', felt)[1].split()
    tekster = {i: re.search(rf'id="{i}"[^>]*>([^<]*)<', html)[1] for i in beskrevet_av}
    assert list(tekster.values()) == [
        "f.eks. «{nr}» eller «uke {nr} {aar}»".format(**eksempel()),
        f"{uke_tekst(uka)} ({uka:%d.%m.%Y}–{uka + timedelta(days=6):%d.%m.%Y})",
    ]
    assert "/static/js/uke.js" in html  # the dates also follow what is typed, where scripts run


# ---- IMDi's admin: the stored Monday shown as its week ----


def test_admin_viser_innmeldingens_uke_med_datoene(client, kommune, bosetter, imdi_bruker):
    innmelding = innmelding_tj.innmelding_send(
        kommune=kommune, type=Innmelding.Type.ANTALL_PLASSER, forventet_uke=om_uker(6), av=bosetter, antall=4
    )
    client.force_login(imdi_bruker)
    html = client.get(reverse("admin:innmelding_innmelding_change", args=[innmelding.pk])).content.decode()
    assert uke_med_datoer(om_uker(6)) in html
    assert "Mandagen i ISO-uka" not in html
    assert f"{om_uker(6):%d.%m.%Y}</div>" not in html  # the bare date is gone


def test_admin_viser_bosettingssakens_uker(client, kommune, mottak, imdi_bruker):
    sak = Bosettingssak.objects.create(
        person=PersonFactory(mottak=mottak),
        status=Bosettingssak.Status.SOKT_UT,
        kommune=kommune,
        forventet_uke=om_uker(4),
        forste_mulige_uke=om_uker(1),
        siste_mulige_uke=om_uker(9),
        frist=timezone.localdate(),
    )
    client.force_login(imdi_bruker)
    liste = client.get(reverse("admin:personer_bosettingssak_changelist")).content.decode()
    assert uke_med_datoer(om_uker(4)) in liste
    side = client.get(reverse("admin:personer_bosettingssak_change", args=[sak.pk])).content.decode()
    for uke in (om_uker(4), om_uker(1), om_uker(9)):
        assert uke_med_datoer(uke) in side
    assert 'type="text" name="forventet_uke"' not in side and "vDateField" not in side  # read-only
