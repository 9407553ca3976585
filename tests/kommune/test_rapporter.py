"""The reports: «Spesialisert bosettingsrapport» (names, the kommune's Bosetter roles) and «Bosettingsrapport
for hele landet» (aggregates): the page, CSV and Excel agree with each other and with the database, the
filters work, the roles are enforced, and the number of queries does not grow with the data."""

import csv
import io
import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.db import connection
from django.db.models import Q, Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Innsynslogg, Person
from kommune import services
from kommune.models import Kategori, VedtakTall
from kommune.selectors import oversikt_bosetting

from ..factories import HusstandFactory, KommuneFactory, PersonFactory

pytestmark = pytest.mark.django_db

I_AAR = timezone.localdate().year
Saksstatus = Bosettingssak.Status
P = Person.Persontype
EM = (P.ENSLIG_MINDREAARIG, P.EM_MED_FOLGEPERSON)
# Birth dates on 1 January, so the age on any date of the year is unambiguous.
KATEGORI_Q = {
    Kategori.VOKSNE: ~Q(person__persontype__in=EM),
    Kategori.EM_15_18: Q(person__persontype__in=EM, person__fodselsdato__year__lte=I_AAR - 15),
    Kategori.EM_UNDER_15: Q(person__persontype__in=EM, person__fodselsdato__year__gt=I_AAR - 15),
}
BOSATTE = "Spesialisert bosettingsrapport"
LANDET = "Bosettingsrapport for hele landet"


def vedtak_for(kommune, imdi_bruker, lag_bruker, tall: dict[str, int]):
    a = services.anmodning_opprett(
        kommuner=[kommune],
        aar=[I_AAR],
        tall=tall,
        svarfrist=timezone.localdate() + timedelta(days=30),
        av=imdi_bruker,
    )[0]
    services.anmodning_send(anmodning=a, av=imdi_bruker)
    services.vedtak_send(
        anmodning=a,
        aar=I_AAR,
        tall={k: (v, "") for k, v in tall.items()},
        av=lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV),
    )


def fordelt(kommune, mottak, av, antall=1, **felt):
    h = HusstandFactory()
    personer = [PersonFactory(husstand=h, mottak=mottak, **felt) for _ in range(antall)]
    liste = saker.bosettingssak_ferdigstill(
        saker=saker.bosettingssak_opprett(personer=personer, av=av), av=av
    )
    return saker.bosettingssak_fordel(saker=liste, kommune=kommune, av=av)


def sokt_ut(kommune, mottak, av, uke: date, antall=1, **felt):
    return saker.bosettingssak_sok_ut(
        saker=fordelt(kommune, mottak, av, antall, **felt), forventet_uke=uke, av=av
    )


def bosatt(kommune, mottak, av, dato: date, antall=1, **felt):
    return saker.bosettingssak_bosett(
        saker=sokt_ut(kommune, mottak, av, dato, antall, **felt), bosettingsdato=dato, av=av
    )


@pytest.fixture
def data(kommune, annen_kommune, mottak, imdi_bruker, lag_bruker):
    """Sortland and Tromsø with vedtak this year and cases in every counting status, categories and
    years; one kommune with a case only (no vedtak)."""
    av = imdi_bruker
    vedtak_for(kommune, av, lag_bruker, {"voksne": 10, "em_15_18": 3, "em_under_15": 1})
    vedtak_for(annen_kommune, av, lag_bruker, {"voksne": 6, "em_15_18": 0, "em_under_15": 0})
    fordelt(kommune, mottak, av, antall=2, persontype=P.FAMILIEMEDLEM)
    sokt_ut(kommune, mottak, av, date(I_AAR, 2, 10))
    sokt_ut(kommune, mottak, av, date(I_AAR + 1, 2, 9))  # next year's quota
    nekt = sokt_ut(kommune, mottak, av, date(I_AAR, 3, 3))
    saker.bosettingssak_registrer_nekt(saker=nekt, dato=date(I_AAR, 3, 4), merknad="Vil ikke", av=av)
    bosatt(kommune, mottak, av, date(I_AAR, 1, 15), etternavn="Aasen", fornavn="Bo", kjonn="M")
    bosatt(
        kommune,
        mottak,
        av,
        date(I_AAR, 1, 20),
        persontype=P.ENSLIG_MINDREAARIG,
        fodselsdato=date(I_AAR - 16, 1, 1),
        etternavn="Berg",
        statsborgerskap="Eritrea",
    )
    bosatt(
        kommune,
        mottak,
        av,
        date(I_AAR, 1, 21),
        persontype=P.EM_MED_FOLGEPERSON,
        fodselsdato=date(I_AAR - 10, 1, 1),
        etternavn="Dahl",
    )
    bosatt(kommune, mottak, av, date(I_AAR - 1, 12, 20), etternavn="Fjoråret")  # last year
    bosatt(annen_kommune, mottak, av, date(I_AAR, 1, 10), etternavn="Tromsøværing")
    sokt_ut(
        annen_kommune,
        mottak,
        av,
        date(I_AAR, 4, 7),
        persontype=P.ENSLIG_MINDREAARIG,
        fodselsdato=date(I_AAR - 17, 1, 1),
    )
    tredje = KommuneFactory(nummer="1804", navn="Bodø")
    fordelt(tredje, mottak, av)
    return {"kommuner": [kommune, annen_kommune, tredje]}


def forventet_bosetting(kommune, kategori: str, aar: int = I_AAR) -> tuple[int, ...]:
    """The five numbers counted straight from the database, independently of the selectors."""
    qs = Bosettingssak.objects.filter(KATEGORI_Q[kategori], kommune=kommune)
    vedtak = (
        VedtakTall.objects.filter(vedtak__anmodning__kommune=kommune, vedtak__aar=aar, kategori=kategori)
        .exclude(vedtak__status="returnert")
        .aggregate(s=Sum("antall"))["s"]
        or 0
    )
    antall_fordelt = qs.filter(status=Saksstatus.FORDELT).count() if aar == I_AAR else 0
    antall_sokt_ut = qs.filter(
        status__in=(Saksstatus.SOKT_UT, Saksstatus.BOSETTINGSNEKT), forventet_uke__year=aar
    ).count()
    antall_bosatt = qs.filter(status=Saksstatus.BOSATT, bosettingsdato__year=aar).count()
    ledige = vedtak - antall_fordelt - antall_sokt_ut - antall_bosatt
    return vedtak, antall_fordelt, antall_sokt_ut, antall_bosatt, ledige


def csv_rader(svar) -> list[list[str]]:
    assert svar["Content-Type"].startswith("text/csv") and svar.streaming
    innhold = b"".join(svar.streaming_content)
    assert innhold.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(innhold.decode("utf-8-sig")), delimiter=";"))


def excel_rader(svar) -> list[tuple]:
    return list(load_workbook(io.BytesIO(svar.content)).active.iter_rows(values_only=True))


# ---- Bosettingsrapport for hele landet ----


def test_landet_gir_tallene_fra_databasen_paa_side_csv_og_excel(client, imdi_bruker, data):
    client.force_login(imdi_bruker)
    side = client.get("/kommuner/rapporter/bosetting/")
    assert side.status_code == 200
    rader = side.context["rader"]
    forventet = [
        (k.nummer, k.navn, navn, *forventet_bosetting(k, kat))
        for k in sorted(data["kommuner"], key=lambda k: k.navn)
        for kat, navn in Kategori.choices
        if any(forventet_bosetting(k, kat)[:4])
    ]
    fra_siden = [
        (r.kommunenummer, r.kommune, r.navn, r.vedtak, r.fordelt, r.sokt_ut, r.bosatt, r.ledige)
        for r in rader
    ]
    assert fra_siden == forventet
    assert [k for k, *_ in fra_siden] == ["1804", "1870", "1870", "1870", "5501", "5501"]  # by name
    total = side.context["total"]
    assert (total.vedtak, total.fordelt, total.sokt_ut, total.bosatt) == tuple(
        sum(r[i] for r in forventet) for i in (3, 4, 5, 6)
    )
    html = side.content.decode()
    assert "Totalt" in html and "Last ned CSV" in html and "Last ned Excel" in html

    tekst = csv_rader(client.get("/kommuner/rapporter/bosetting/?format=csv"))
    assert tekst[0] == [
        "Kommunenummer",
        "Kommune",
        "Kategori",
        "Vedtak",
        "Fordelt",
        "Søkt ut",
        "Bosatt",
        "Ledige",
    ]
    assert tekst[1:] == [[str(v) for v in r] for r in forventet]
    ark = excel_rader(client.get(f"/kommuner/rapporter/bosetting/?aar={I_AAR}&format=xlsx"))
    assert tuple(ark[0]) == tuple(tekst[0])
    assert [tuple(r) for r in ark[1:]] == forventet  # numbers are numbers in Excel


def test_oversikt_bosetting_og_landsrapporten_teller_likt(data):
    from kommune.selectors import rapport_bosetting

    for aar in (I_AAR - 1, I_AAR, I_AAR + 1):
        landet = {(r.kommunenummer, r.kategori): r for r in rapport_bosetting(aar=aar)[0]}
        for k in data["kommuner"]:
            for r in oversikt_bosetting(k, aar)[0]:
                tall = (r.vedtak, r.fordelt, r.sokt_ut, r.bosatt, r.ledige)
                assert tall == forventet_bosetting(k, r.kategori, aar), (k.navn, r.kategori, aar)
                if (k.nummer, r.kategori) in landet:
                    n = landet[(k.nummer, r.kategori)]
                    assert (n.vedtak, n.fordelt, n.sokt_ut, n.bosatt, n.ledige) == tall
                else:
                    assert not any(tall)


def test_landet_filtreres_paa_kategori_og_aar(client, imdi_bruker, data, kommune):
    client.force_login(imdi_bruker)
    rader = client.get("/kommuner/rapporter/bosetting/?kategori=em_15_18").context["rader"]
    assert {(r.kommune, r.kategori) for r in rader} == {("Sortland", "em_15_18"), ("Tromsø", "em_15_18")}
    tekst = csv_rader(client.get("/kommuner/rapporter/bosetting/?kategori=em_15_18&format=csv"))
    assert {r[2] for r in tekst[1:]} == {"Enslige mindreårige 15–18 år"} and len(tekst) == 3
    i_fjor = client.get(f"/kommuner/rapporter/bosetting/?aar={I_AAR - 1}").context["rader"]
    assert [(r.kommune, r.bosatt, r.vedtak) for r in i_fjor] == [("Sortland", 1, 0)]
    html = client.get(f"/kommuner/rapporter/bosetting/?aar={I_AAR - 3}").content.decode()
    assert f"Ingen kommuner har vedtak eller bosettingssaker i {I_AAR - 3}." in html
    ukjent = client.get("/kommuner/rapporter/bosetting/?kategori=tull&aar=tull")
    assert ukjent.context["kategori"] == "" and ukjent.context["aar"] == I_AAR


def test_landet_for_imdi_og_kommunenes_saksroller_ikke_andre(
    client, lag_bruker, kommune, mottak, imdi_bruker
):
    for rolle in (
        Rolle.KOMMUNE_ANMODER_SKRIV,
        Rolle.KOMMUNE_ANMODER_LES,
        Rolle.KOMMUNE_BOSETTER_SKRIV,
        Rolle.KOMMUNE_BOSETTER_LES,
    ):
        client.force_login(lag_bruker(kommune, rolle))
        assert client.get("/kommuner/rapporter/bosetting/").status_code == 200, rolle
    client.force_login(imdi_bruker)
    assert client.get("/kommuner/rapporter/bosetting/?format=csv").status_code == 200
    for bruker in (
        lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG),
        lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR),
        lag_bruker(kommune, Rolle.KOMMUNE_KARTLEGGER),
    ):
        client.force_login(bruker)
        for format_ in ("", "csv", "xlsx"):
            assert client.get(f"/kommuner/rapporter/bosetting/?format={format_}").status_code == 404


# ---- Spesialisert bosettingsrapport ----


def test_bosatte_paa_side_csv_og_excel(client, lag_bruker, kommune, data):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES))
    adresse = f"/kommuner/{kommune.pk}/rapporter/bosatte/"
    side = client.get(adresse)
    assert side.status_code == 200
    forventet_saker = Bosettingssak.objects.filter(
        kommune=kommune, status=Saksstatus.BOSATT, bosettingsdato__year=I_AAR
    ).select_related("person")
    assert sorted(r.duf for r in side.context["rader"]) == sorted(
        s.person.duf_formatert for s in forventet_saker
    )
    assert [r.etternavn for r in side.context["rader"]] == ["Aasen", "Berg", "Dahl"]
    aasen = Person.objects.get(etternavn="Aasen")
    html = side.content.decode()
    assert aasen.duf_formatert in html and f"15.01.{I_AAR}" in html and "17.05.1990" in html

    tekst = csv_rader(client.get(adresse + "?format=csv"))
    assert tekst[0] == [
        "DUF-nummer",
        "Etternavn",
        "Fornavn",
        "Fødselsdato",
        "Kjønn",
        "Statsborgerskap",
        "Sakstype",
        "Kategori",
        "Bosettingsdato",
    ]
    assert tekst[1] == [
        aasen.duf_formatert,
        "Aasen",
        "Bo",
        "17.05.1990",
        "Mann",
        "Syria",
        "Mottaksbeboer",
        "Enslige voksne/familier",
        f"15.01.{I_AAR}",
    ]
    assert [r[7] for r in tekst[1:]] == [
        "Enslige voksne/familier",
        "Enslige mindreårige 15–18 år",
        "Enslige mindreårige under 15 år",
    ]
    ark = excel_rader(client.get(adresse + "?format=xlsx"))
    assert list(ark[0]) == tekst[0] and len(ark) == len(tekst)
    forste = ark[1]
    assert forste[0] == aasen.duf_formatert and forste[3].date() == date(1990, 5, 17)  # a real date
    assert forste[8].date() == date(I_AAR, 1, 15)
    for excel, rad in zip(ark[1:], tekst[1:], strict=True):  # Excel shows the same rows as the CSV
        assert [f"{v:%d.%m.%Y}" if hasattr(v, "strftime") else v for v in excel] == rad


def test_bosatte_filtreres_paa_kategori_og_aar(client, lag_bruker, kommune, data):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    adresse = f"/kommuner/{kommune.pk}/rapporter/bosatte/"
    assert [r.etternavn for r in client.get(adresse + "?kategori=em_15_18").context["rader"]] == ["Berg"]
    tekst = csv_rader(client.get(adresse + "?kategori=em_under_15&format=csv"))
    assert [r[1] for r in tekst[1:]] == ["Dahl"]
    assert [r.etternavn for r in client.get(adresse + f"?aar={I_AAR - 1}").context["rader"]] == ["Fjoråret"]
    html = client.get(adresse + f"?aar={I_AAR + 1}").content.decode()
    assert f"Ingen personer er bosatt i Sortland i {I_AAR + 1}." in html
    html = client.get(adresse + f"?aar={I_AAR - 1}&kategori=em_15_18").content.decode()
    assert (
        f"Ingen personer i kategorien «Enslige mindreårige 15–18 år» er bosatt i Sortland i {I_AAR - 1}."
        in html
    )


def test_eksporten_kjorer_ingen_formler(client, kommune, mottak, imdi_bruker):
    bosatt(
        kommune, mottak, imdi_bruker, date(I_AAR, 1, 3), etternavn='=HYPERLINK("http://x","y")', fornavn="-1"
    )
    client.force_login(imdi_bruker)
    adresse = f"/kommuner/{kommune.pk}/rapporter/bosatte/"
    rad = csv_rader(client.get(adresse + "?format=csv"))[1]
    assert rad[1:3] == ['\'=HYPERLINK("http://x","y")', "'-1"]
    ark = load_workbook(io.BytesIO(client.get(adresse + "?format=xlsx").content)).active
    assert ark["B2"].data_type == "s" and ark["B2"].value == '=HYPERLINK("http://x","y")'


def test_bosatte_bare_for_kommunens_bosetterroller(
    client, lag_bruker, kommune, annen_kommune, mottak, imdi_bruker, data
):
    adresse = f"/kommuner/{kommune.pk}/rapporter/bosatte/"
    tillatt = (
        lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES),
        lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES, Rolle.KOMMUNE_BOSETTER_LES),
        imdi_bruker,
    )
    for bruker in tillatt:
        client.force_login(bruker)
        assert client.get(adresse).status_code == 200
    for bruker in (
        lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_ANMODER_LES),
        lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR),
        lag_bruker(annen_kommune, Rolle.KOMMUNE_BOSETTER_SKRIV, Rolle.KOMMUNE_BOSETTER_LES),
        lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG),
    ):
        client.force_login(bruker)
        for sporring in ("format=", "format=csv", "format=xlsx", "side=2"):
            assert client.get(f"{adresse}?{sporring}").status_code == 404
    assert client.get(f"/kommuner/{kommune.pk + 999}/rapporter/bosatte/").status_code == 404
    # a refusal reads nobody
    assert set(Innsynslogg.objects.values_list("bruker_id", flat=True)) == {b.pk for b in tillatt}


def test_menyen_viser_rapportene_etter_rolle(client, lag_bruker, kommune):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES, Rolle.KOMMUNE_BOSETTER_LES))
    html = client.get(f"/kommuner/{kommune.pk}/oversikt/").content.decode()
    assert 'class="menygruppe">Rapporter<' in html
    for lenke in (
        f'href="/kommuner/{kommune.pk}/rapporter/anmodninger-og-vedtak/">Anmodninger og vedtak<',
        f'href="/kommuner/{kommune.pk}/rapporter/bosatte/">{BOSATTE}<',
        f'href="/kommuner/rapporter/bosetting/">{LANDET}<',
    ):
        assert lenke in html
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))
    html = client.get(f"/kommuner/{kommune.pk}/oversikt/").content.decode()
    assert BOSATTE not in html and LANDET in html and "Anmodninger og vedtak<" in html


# ---- A fixed number of queries ----


def _lag(kommuner: int, personer_hver: int, mottak, av, lag_bruker):
    for _ in range(kommuner):
        k = KommuneFactory()
        vedtak_for(k, av, lag_bruker, {"voksne": 5, "em_15_18": 1, "em_under_15": 1})
        for j in range(personer_hver):
            bosatt(
                k,
                mottak,
                av,
                date(I_AAR, 1, 1 + j),
                persontype=EM[j % 2],
                fodselsdato=date(I_AAR - 8 - j, 1, 1),
            )
            sokt_ut(k, mottak, av, date(I_AAR, 6, 2))
            fordelt(k, mottak, av)


MAKS_SPORRINGER = 12  # session, user, roles, the report's 1–3, the menu, unread Varsler, session save


def test_fast_antall_sporringer(
    client, django_assert_max_num_queries, kommune, mottak, imdi_bruker, lag_bruker
):
    """The same ceiling, and the same count, for one row and for many: the queries do not grow with the
    number of kommuner or persons."""
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES, Rolle.KOMMUNE_ANMODER_LES))
    landet = "/kommuner/rapporter/bosetting/"
    bosatte = f"/kommuner/{kommune.pk}/rapporter/bosatte/"
    adresser = [landet, landet + "?format=csv", landet + "?format=xlsx", bosatte, bosatte + "?format=xlsx"]
    client.get(landet)  # the session settles before counting
    antall = {}
    for kommuner, personer_hver in ((1, 1), (6, 4)):
        _lag(kommuner, personer_hver, mottak, imdi_bruker, lag_bruker)
        bosatt(kommune, mottak, imdi_bruker, date(I_AAR, 1, 2))
        for adresse in adresser:
            with django_assert_max_num_queries(MAKS_SPORRINGER) as sporringer:
                assert client.get(adresse).status_code == 200
            antall.setdefault(adresse, []).append(len(sporringer))
    assert all(a == b for a, b in antall.values()), antall
    assert len(client.get(landet).context["rader"]) > 6 * 3  # 7 kommuner, several categories each
    assert len(client.get(bosatte).context["rader"]) == 2


def test_csv_strommes_med_fast_antall_sporringer(
    client, django_assert_max_num_queries, kommune, mottak, imdi_bruker, lag_bruker
):
    """#21: the CSV downloads are streamed, and reading one to its end asks the same queries for 1 row as for
    60 (the names report, a row per person) or for 15 kommuner (the national report)."""
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES))
    bosatte = f"/kommuner/{kommune.pk}/rapporter/bosatte/?format=csv"
    landet = "/kommuner/rapporter/bosetting/?format=csv"
    client.get(bosatte)  # the session settles before counting
    antall, rader = {}, {}
    for kommuner, personer in ((0, 1), (14, 59)):
        _lag(kommuner, 1, mottak, imdi_bruker, lag_bruker)
        bosatt(kommune, mottak, imdi_bruker, date(I_AAR, 1, 2), antall=personer)
        for adresse in (bosatte, landet):
            with django_assert_max_num_queries(MAKS_SPORRINGER) as sporringer:
                rader.setdefault(adresse, []).append(len(csv_rader(client.get(adresse))) - 1)
            antall.setdefault(adresse, []).append(len(sporringer))
    assert all(a == b for a, b in antall.values()), antall
    assert rader[bosatte] == [1, 60] and rader[landet][1] >= 15, rader


def test_landsrapportens_tabell_viser_hver_rad_fra_csv_og_escaper_navn(
    client, imdi_bruker, data, mottak, lag_bruker
):
    """The national table's rows: the same rows as the download, numbers right-aligned, names escaped."""
    rar = KommuneFactory(navn="Ås & <Vestby>", nummer="3218")
    vedtak_for(rar, imdi_bruker, lag_bruker, {"voksne": 3, "em_15_18": 0, "em_under_15": 0})
    client.force_login(imdi_bruker)
    html = client.get("/kommuner/rapporter/bosetting/").content.decode()
    assert "Ås &amp; &lt;Vestby&gt;" in html and "<Vestby>" not in html
    tbody = html.split("<tbody>")[1].split("</tbody>")[0]
    rader = [
        re.findall(r"<td(?: class=\"tall\")?>([^<]*)</td>", rad)
        for rad in tbody.split("</tr>")
        if "<td" in rad
    ]
    forventet = csv_rader(client.get("/kommuner/rapporter/bosetting/?format=csv"))[1:]
    assert [[unescape(c) for c in r] for r in rader] == forventet
    assert tbody.count('<td class="tall">') == 5 * len(forventet)


def test_landsrapporten_bruker_like_mange_sporringer_i_et_tomt_aar(
    client, django_assert_num_queries, imdi_bruker, data
):
    """A year with nothing to report asks the same queries as a full one (the kommune names are fetched
    whatever the year holds)."""
    client.force_login(imdi_bruker)
    client.get("/kommuner/rapporter/bosetting/")  # the session settles before counting
    with CaptureQueriesContext(connection) as fullt:
        assert client.get(f"/kommuner/rapporter/bosetting/?aar={I_AAR}").context["rader"]
    with django_assert_num_queries(len(fullt.captured_queries)):
        assert not client.get(f"/kommuner/rapporter/bosetting/?aar={I_AAR - 10}").context["rader"]
