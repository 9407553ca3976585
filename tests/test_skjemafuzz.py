"""Every user-facing form, fed hostile input through the real views (issue #10 «Prove it»).

Hypothesis draws boundary numbers, wrong types, 100 kB strings, control characters and HTML/script
payloads for the fields of each form and POSTs them as an authorised user. For every answer: never a 500
(the test client re-raises server errors); no English Django default message; a payload never comes back
raw, only escaped (in the answer, and when an accepted form's page is opened again); and where the form
is rejected and re-rendered, a Norwegian field error is shown and what was typed is kept.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fordeling import services as fordeling_tj
from imdinett.organisasjoner.roller import Rolle
from imdinett.personer import services as saker
from imdinett.personer.models import Bosettingssak, Person
from innmelding import services as innmelding_tj
from innmelding.models import Innmelding
from kommune import services as anmodning_tj

from .factories import HusstandFactory, PersonFactory
from .fordeling.conftest import fordelingsklar

pytestmark = pytest.mark.django_db
AAR = timezone.localdate().year

SKRIPT = "<script>alert(1)</script>"
BILDE = '"><img src=x onerror=alert(1)>'
RAA = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]  # must never come back unescaped
ENGELSK = [
    "This field is required",
    "Enter a valid",
    "Enter a whole number",
    "Enter a number",
    "Ensure this value",
    "Select a valid choice",
    "Null characters are not allowed",
    "is not one of the available choices",
    "Enter a list of values",
]

grenser = st.sampled_from(
    ["0", "-1", "1", "-0", "2147483647", "2147483648", "-2147483649", "9" * 30, "1e309", "NaN", "inf", "0.5"]
)
feil_type = st.sampled_from(
    ["", " ", "Hei\x00", "True", "None", "null", "[]", "{}", "ja", "31.02.2026", "2026-W99", "x@"]
)
stor = st.sampled_from(["x" * 100_000, "æ" * 50_000, (SKRIPT * 4000)[:100_000]])
kontroll = st.text(alphabet=[chr(i) for i in range(32)], min_size=1, max_size=20)
blandet = st.builds(lambda a, b: a + b, st.text(max_size=30), kontroll)
html = st.sampled_from([SKRIPT, BILDE, f"Kari {SKRIPT}", f"{BILDE}<b>x</b>", "&lt;script&gt;", "'\"<>&"])
VERDI = st.one_of(grenser, feil_type, stor, kontroll, blandet, html, st.text(max_size=200))


@dataclass
class Maal:
    navn: str
    bruker: str  # a key in the `verden` fixture, or "" for anonymous
    url: str
    felt: list[str]
    fast: dict = field(default_factory=dict)  # sent as is (step, handling, …)
    beholdes: list[str] = field(default_factory=list)  # text fields re-rendered with their value
    metode: str = "post"
    gyldig: dict = field(default_factory=dict)  # a valid value Hypothesis may pick, so one bad field is alone


@pytest.fixture
def verden(db, mottak, kommune, imdi_bruker, lag_bruker):
    h = HusstandFactory()
    # On a særskilt place: the function report applies only there (and its form is shown only there).
    person = PersonFactory(
        husstand=h, mottak=mottak, fornavn="Khaled", relasjon="far", kjonn="M", plasstype="SBO"
    )
    saker.bosettingssak_opprett(personer=[person], av=imdi_bruker)
    a = anmodning_tj.anmodning_opprett(
        kommuner=[kommune],
        aar=[AAR],
        tall={"voksne": 10, "em_15_18": 2, "em_under_15": 0},
        svarfrist=timezone.localdate() + timedelta(days=30),
        av=imdi_bruker,
    )[0]
    anmodning_tj.anmodning_send(anmodning=a, av=imdi_bruker)
    # A list sent to the kommune, of one fordelingsklar person (no vedtak yet: sent with a reason).
    ansatt = lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)
    bosetter = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)
    liste = _sendt_liste(
        kommune, [PersonFactory(husstand=HusstandFactory(), mottak=mottak)], ansatt, imdi_bruker
    )
    # Two the kommune accepted: one from an institution (the kommune registers the settlement date), one
    # settled (the kommune reports what the mapping lacked).
    institusjon = PersonFactory(
        husstand=HusstandFactory(), mottak=mottak, sakstype=Person.Sakstype.INSTITUSJON
    )
    bosatt = PersonFactory(husstand=HusstandFactory(), mottak=mottak)
    besvart = _sendt_liste(kommune, [institusjon, bosatt], ansatt, imdi_bruker)
    uke = timezone.localdate() + timedelta(weeks=3)
    svar = {p.pk: {"bosettes": True, "begrunnelse": "", "forventet_uke": uke} for p in (institusjon, bosatt)}
    fordeling_tj.fordelingsliste_bekreft(liste=besvart, svar=svar, av=bosetter)
    fordeling_tj.fordelingsliste_send_svar(liste=besvart, av=bosetter)
    saker.bosettingssak_bosett(
        saker=list(Bosettingssak.objects.filter(person=bosatt)),
        bosettingsdato=timezone.localdate(),
        av=imdi_bruker,
    )
    innmelding = innmelding_tj.innmelding_send(
        kommune=kommune,
        type=Innmelding.Type.LEDIG_BOLIG,
        forventet_uke=uke,
        av=bosetter,
        boligtype="familiebolig",
        antall=5,
    )
    return {
        "mottak": mottak,
        "kommune": kommune,
        "person": person,
        "anmodning": a,
        "liste": liste,
        "institusjon": institusjon,
        "bosatt": bosatt,
        "innmelding": innmelding,
        "imdi": imdi_bruker,
        "ansatt": ansatt,
        "mottaksadmin": lag_bruker(mottak, Rolle.MOTTAKSADMINISTRATOR),
        "anmoder": lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_SKRIV),
        "bosetter": bosetter,
        "kartlegger": lag_bruker(mottak.vertskommune, Rolle.KOMMUNE_KARTLEGGER),
        "kommuneadmin": lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR),
    }


def _sendt_liste(kommune, personer, ansatt, imdi):
    """A list of single-person households, sent to the kommune (without a vedtak: with a reason)."""
    for p in personer:
        fordelingsklar([p], ansatt)
    liste = fordeling_tj.fordelingsliste_lagre(
        kommune=kommune, husstander={p.husstand_id: None for p in personer}, av=imdi
    )
    return fordeling_tj.fordelingsliste_send(liste=liste, overskridelse_begrunnelse="Test", av=imdi)


SPRAK, UTDANNING = "0b9c2f36-5d1e-4a8e-9a51-1f4e1c1d2a01", "0b9c2f36-5d1e-4a8e-9a51-1f4e1c1d2a02"


def maal(v) -> list[Maal]:
    m, k, p, a = v["mottak"].pk, v["kommune"].pk, v["person"].pk, v["anmodning"]
    samtale = f"/mottak/{m}/samtale/{p}/"
    innm = f"/kommuner/{k}/innmeldinger/"
    return [
        Maal("bosettingsmerknad", "ansatt", samtale + "bosettingsmerknad/", ["tekst"]),
        Maal("intern_merknad", "ansatt", samtale + "intern-merknad/", ["tittel", "melding"]),
        Maal(
            "behandler",
            "ansatt",
            samtale + "behandler/",
            ["navn", "virksomhet", "adresse", "telefon", "epost"],
        ),
        Maal(
            "samtale",
            "ansatt",
            samtale + "lagre/bosettingsinformasjon/",
            ["kompass_aarsak", "har_venner_familie", "tilknytning_navn", "saerlig_hensyn"],
            beholdes=["tilknytning_navn"],
        ),
        Maal(
            "funksjonsrapport",
            "ansatt",
            f"/mottak/{m}/beboere/{p}/funksjonsrapport/",
            ["dato", "ingen_endring", "merknad"],
            gyldig={
                "dato": f"{timezone.localdate():%d.%m.%Y}",
                "ingen_endring": "",
                "merknad": "Ingen endring",
            },
        ),
        Maal(
            "mottak_kontakt",
            "ansatt",
            f"/mottak/{m}/kontaktinformasjon/",
            ["navn", "telefon", "epost"],
            fast={"type": "bosettingsansvarlig"},
        ),
        Maal(
            "vedtak",
            "anmoder",
            f"/kommuner/{k}/anmodninger/{a.pk}/vedtak/",
            ["antall_voksne", "antall_em_15_18", "antall_em_under_15", "begrunnelse_voksne"],
            fast={"steg": "oppsummering", "aar": str(AAR)},
            beholdes=["begrunnelse_voksne"],
        ),
        Maal(
            "vedtak_aar", "anmoder", f"/kommuner/{k}/anmodninger/{a.pk}/vedtak/", ["aar"], {"steg": "plasser"}
        ),
        Maal(
            "svarfrist",
            "anmoder",
            f"/kommuner/{k}/anmodninger/{a.pk}/svarfrist/",
            ["svarfrist", "begrunnelse"],
        ),
        Maal(
            "kommune_kontakt",
            "kommuneadmin",
            f"/kommuner/{k}/",
            [
                "flyktningkontor_avdeling",
                "flyktningkontor_adresse",
                "flyktningkontor_postnummer",
                "flyktningkontor_navn",
                "flyktningkontor_telefon",
                "flyktningkontor_epost",
            ],
            beholdes=["flyktningkontor_adresse"],
        ),
        Maal(
            "ledig_bolig",
            "bosetter",
            innm + "ledige-boliger/",
            [
                "boligtype",
                "antall",
                "em_tiltak",
                "em_alder",
                "forventet_uke",
                "merknad",
                "saerlig_hensyn",
                "saerlig_hensyn_beskrivelse",
            ],
        ),  # fmt: skip
        Maal(
            "antall_plasser",
            "bosetter",
            innm + "antall-plasser/",
            ["antall", "forventet_uke", "antall_uker", "merknad"],
        ),
        Maal(
            "fordelingsliste_svar",
            "bosetter",
            f"/kommuner/{k}/fordelinger/{v['liste'].pk}/",
            ["bosettes_h1", "begrunnelse_h1", "uke_1"],
            fast={"handling": "bekreft"},
            beholdes=["begrunnelse_h1", "uke_1"],
            gyldig={"bosettes_h1": "", "uke_1": ""},
        ),
        Maal(
            "bosettingsdato",
            "bosetter",
            f"/kommuner/{k}/bosettingsdato/{v['institusjon'].pk}/",
            ["dato"],
            fast={"handling": "registrer"},
        ),
        Maal(
            "tilbakemelding",
            "bosetter",
            f"/kommuner/{k}/tilbakemelding/{v['bosatt'].pk}/",
            ["kategori", "mangler", "tekst"],
            beholdes=["tekst"],
            gyldig={"kategori": "mottak", "mangler": "bil"},
        ),
        Maal("kanseller_innmelding", "bosetter", innm + f"{v['innmelding'].pk}/kanseller/", ["begrunnelse"]),
        Maal(
            "kartlegging",
            "kartlegger",
            f"/kompetanse/kartlegging/{p}/",
            [
                "gjennomforing",
                "tolkesprak",
                "forerkort_klasser",
                "yrkesonsker",
                f"sprak-{SPRAK}-sprak",
                f"sprak-{SPRAK}-tale",
                f"utdanning-{UTDANNING}-antall_aar",
                f"utdanning-{UTDANNING}-land",
            ],
            fast={"sprak": SPRAK, "utdanning": UTDANNING},
        ),
        Maal(
            "roller",
            "mottaksadmin",
            f"/brukeradministrasjon/{v['ansatt'].pk}/",
            ["roller"],
        ),
        Maal("bestemt_person_sok", "bosetter", innm + "bestemte-personer/", ["duf"], metode="get"),
        Maal("engangskode_sok", "ansatt", f"/mottak/{m}/koder/", ["duf"], metode="get"),
        Maal("hendelsesfilter", "imdi", f"/personer/{p}/hendelser/", ["omraade", "type"], metode="get"),
        Maal("notat_person", "imdi", f"/personer/{p}/hendelser/", ["tittel", "omraade", "tekst", "duf"]),
        Maal("notat_kommune", "anmoder", f"/kommuner/{k}/hendelser/", ["tittel", "omraade", "tekst", "duf"]),
        Maal(
            "ny_bruker",
            "mottaksadmin",
            "/brukeradministrasjon/ny/",
            ["username", "first_name", "last_name", "email", "password", "roller"],
        ),
        Maal("selvregistrering", "", "/kompetanse/selvregistrering/", ["duf", "kode"]),
    ]


NAVN = [
    "bosettingsmerknad", "intern_merknad", "behandler", "samtale", "funksjonsrapport", "mottak_kontakt",
    "vedtak", "vedtak_aar", "svarfrist", "kommune_kontakt", "ledig_bolig", "antall_plasser", "fordelingsliste_svar",
    "bosettingsdato", "tilbakemelding", "kanseller_innmelding", "kartlegging", "roller", "bestemt_person_sok",
    "engangskode_sok", "hendelsesfilter", "notat_person", "notat_kommune", "ny_bruker", "selvregistrering",
]  # fmt: skip


def _synlig(verdi: str) -> str:
    """What a re-rendered text input shows: Django strips the value; the browser sends \\r\\n as is."""
    return escape(verdi.strip())


@pytest.mark.parametrize("navn", NAVN)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_skjema_taaler_fiendtlig_inndata(navn, verden, data):
    m = next(x for x in maal(verden) if x.navn == navn)
    klient = Client()
    if m.bruker:
        klient.force_login(verden[m.bruker])
    verdier = {
        f: data.draw(st.one_of(st.just(m.gyldig[f]), VERDI) if f in m.gyldig else VERDI, label=f)
        for f in m.felt
    }
    if m.metode == "get":
        svar = klient.get(m.url, {**m.fast, **verdier})
    else:
        svar = klient.post(m.url, {**m.fast, **verdier})

    assert svar.status_code < 500
    assert svar.status_code != 404, f"{m.url} ble ikke nådd"
    innhold = svar.content.decode(errors="replace")
    for tekst in ENGELSK:
        assert tekst not in innhold, f"engelsk standardmelding «{tekst}» i {navn}"
    for raa in RAA:
        assert raa not in innhold, f"{navn}: payload gjengitt uescapet"
    if m.metode == "post" and svar.status_code in (200, 302):  # accepted: what was stored, drawn again
        etterpaa = klient.get(m.url).content.decode(errors="replace")
        for raa in RAA:
            assert raa not in etterpaa, f"{navn}: lagret payload gjengitt uescapet"

    if svar.status_code == 400 and "text/html" in svar.get("Content-Type", ""):
        feil = re.findall(r'class="ds-validation-message"[^>]*>([^<]+)<', innhold)
        assert feil or 'aria-invalid="true"' in innhold, f"{navn}: avvist uten feilmelding ved feltet"
        for verdi_felt in m.beholdes:
            v = verdier[verdi_felt]
            if v.strip() and "\x00" not in v and "\r" not in v:
                assert _synlig(v) in innhold, f"{navn}: «{verdi_felt}» ble ikke beholdt"


@pytest.mark.parametrize(
    ("navn", "felt", "verdi"),
    [
        ("bosettingsmerknad", "tekst", "Ønsker nærhet til sjøen. " + "x" * 4000),
        ("intern_merknad", "tittel", "Tittel " + "y" * 200),
        ("behandler", "navn", f"Dr. {SKRIPT} " + "z" * 300),
        ("funksjonsrapport", "dato", "31.02.2026"),
    ],
)
def test_avvist_skjema_i_samtalen_viser_feltfeil_og_beholder_teksten(navn, felt, verdi, verden):
    """The correct behaviour for the conversation's small forms: the field error, what was typed kept."""
    m = next(x for x in maal(verden) if x.navn == navn)
    klient = Client()
    klient.force_login(verden[m.bruker])
    data = {f: "Gyldig" for f in m.felt} | {"ingen_endring": "", "epost": "", felt: verdi}
    svar = klient.post(m.url, data, follow=True)
    innhold = svar.content.decode()
    feil = re.findall(r'class="ds-validation-message"[^>]*>([^<]+)<', innhold)
    assert feil, "ingen feilmelding ved feltet"
    assert escape(verdi) in innhold, "det som ble skrevet er borte"


def test_funksjonsrapport_med_ugyldig_merknad_og_gyldig_dato_gir_feilmelding(verden):
    m = next(x for x in maal(verden) if x.navn == "funksjonsrapport")
    klient = Client()
    klient.force_login(verden[m.bruker])
    svar = klient.post(m.url, {**m.gyldig, "merknad": "Hei\x00"})
    assert svar.status_code == 400
    assert "Null-tegn" in svar.content.decode() or "ds-validation-message" in svar.content.decode()


# ---- Query strings (issue «Tilgang», defect 12): every GET-filtered page, fed the same hostile values and
# the dates and numbers a hand-edited address holds. Never a 500: the page (200), with the default in place
# of a value not understood and a Norwegian message naming it (`imdinett.skjema.parametere`); never a file for
# such a value.

DATOER = st.sampled_from(
    ["31.12.9999", "00.00.0000", "01.01.0001", "29.02.2025", "9999-12-31", "2026-W99", f"07.12.{AAR}"]
)
HELTALL = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.sampled_from(["0", "-1", "10000", str(10**30), "9" * 5000, "²", "٣"]),
)
PARAMETERVERDI = st.one_of(VERDI, DATOER, HELTALL)
FILER = ("text/csv", "application/vnd.openxmlformats")


@dataclass
class Sporring:
    navn: str
    bruker: str
    url: str
    parametre: list[str]
    fast: dict = field(default_factory=dict)
    id_404: bool = False  # an organisation the user does not reach answers 404, by the access rules


def sporringer(v) -> list[Sporring]:
    m, k, p = v["mottak"].pk, v["kommune"].pk, v["person"].pk
    rapport, bosatte = f"/kommuner/{k}/rapporter/anmodninger-og-vedtak/", f"/kommuner/{k}/rapporter/bosatte/"
    return [
        Sporring("kommune_oversikt", "anmoder", f"/kommuner/{k}/oversikt/", ["aar"]),
        Sporring("rapport", "anmoder", rapport, ["aar", "format"]),
        Sporring("rapport_csv", "anmoder", rapport, ["aar"], {"format": "csv"}),
        Sporring("rapport_xlsx", "anmoder", rapport, ["aar"], {"format": "xlsx"}),
        Sporring("rapport_bosatte", "bosetter", bosatte, ["aar", "kategori", "format"]),
        Sporring("rapport_bosatte_xlsx", "bosetter", bosatte, ["aar", "kategori"], {"format": "xlsx"}),
        Sporring("rapport_nasjonal", "imdi", "/kommuner/rapporter/anmodninger-og-vedtak/", ["aar", "format"]),
        Sporring(
            "rapport_bosetting", "imdi", "/kommuner/rapporter/bosetting/", ["aar", "kategori", "format"]
        ),
        Sporring(
            "rapport_bosetting_xlsx",
            "imdi",
            "/kommuner/rapporter/bosetting/",
            ["aar", "kategori"],
            {"format": "xlsx"},
        ),
        Sporring("historikk", "anmoder", f"/kommuner/{k}/anmodninger/historikk/", ["fra", "til"]),
        Sporring("kapasitet", "bosetter", f"/kommuner/{k}/innmeldinger/kapasitet/", ["fra"]),
        Sporring(
            "innmeldinger", "bosetter", f"/kommuner/{k}/innmeldinger/", ["type", "fra", "til", "vis", "alle"]
        ),
        Sporring(
            "innmeldinger_ferdige",
            "bosetter",
            f"/kommuner/{k}/innmeldinger/ferdigbehandlede/",
            ["fra", "til"],
        ),
        Sporring("kommune_hendelser", "anmoder", f"/kommuner/{k}/hendelser/", ["omraade", "type"]),
        Sporring("person_hendelser", "imdi", f"/personer/{p}/hendelser/", ["omraade", "type"]),
        Sporring("personsok", "imdi", "/personer/", ["q", "side"]),
        Sporring("kommunesok", "imdi", "/kommuner/sok/", ["q"]),
        Sporring("oppgaveliste", "ansatt", f"/mottak/{m}/oppgaveliste/", ["q", "vis", "side"]),
        Sporring(
            "beboere",
            "ansatt",
            f"/mottak/{m}/beboere/",
            ["q", "status", "persontype", "med_sak", "vis", "alle", "side"],
        ),
        Sporring(
            "fordelingsliste", "bosetter", f"/kommuner/{k}/fordelinger/{v['liste'].pk}/", ["vis", "alle"]
        ),
        Sporring("kartlegging_oppgaver", "kartlegger", "/kompetanse/oppgaveliste/", ["q"]),
        Sporring(
            "brukeradministrasjon", "mottaksadmin", "/brukeradministrasjon/", ["organisasjon"], id_404=True
        ),
        Sporring(
            "husstandsvelger", "imdi", "/admin/fordeling/fordelingsliste/add/", ["kommune", "q", "side"]
        ),
        Sporring(
            "husstandsvelger_kommune",
            "imdi",
            "/admin/fordeling/fordelingsliste/add/",
            ["q", "side"],
            {"kommune": k},
        ),
    ]


# Pages whose GET reading is outside this change (imdinett/kompetanse/views.py, fordeling/admin.py): strict,
# so the mark goes when they read through `imdinett.skjema.parametere`.
UTENFOR: dict[str, str] = {}  # a page known to fail, with the reason (none today)
SPORRINGER = [
    "kommune_oversikt", "rapport", "rapport_csv", "rapport_xlsx", "rapport_bosatte", "rapport_bosatte_xlsx",
    "rapport_nasjonal", "rapport_bosetting", "rapport_bosetting_xlsx", "historikk", "kapasitet", "innmeldinger",
    "innmeldinger_ferdige", "kommune_hendelser", "person_hendelser", "personsok", "kommunesok", "oppgaveliste",
    "beboere", "fordelingsliste", "kartlegging_oppgaver", "brukeradministrasjon", "husstandsvelger",
    "husstandsvelger_kommune",
]  # fmt: skip


@pytest.mark.parametrize(
    "navn",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=UTENFOR[n], strict=True)) if n in UTENFOR else n
        for n in SPORRINGER
    ],
)
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_sporrestreng_taaler_fiendtlig_inndata(navn, verden, data):
    s = next(x for x in sporringer(verden) if x.navn == navn)
    klient = Client()
    klient.force_login(verden[s.bruker])
    verdier = {f: data.draw(PARAMETERVERDI, label=f) for f in s.parametre}
    svar = klient.get(s.url, {**s.fast, **verdier})

    tillatt = (200, 400, 404) if s.id_404 else (200, 400)
    assert svar.status_code in tillatt, f"{navn}: {svar.status_code}"
    type_ = svar.get("Content-Type", "")
    if type_.startswith(FILER):  # only when every value was understood: the page of the same values says so
        side = klient.get(s.url, {**s.fast, **verdier, "format": ""}).content.decode(errors="replace")
        assert 'data-color="danger"' not in side, f"{navn}: en fil for en verdi som ikke ble forstått"
        return
    innhold = svar.content.decode(errors="replace")
    assert 'lang="nb"' in innhold, f"{navn}: ikke en norsk side"
    for tekst in ENGELSK:
        assert tekst not in innhold, f"engelsk standardmelding «{tekst}» i {navn}"
    for raa in RAA:
        assert raa not in innhold, f"{navn}: payload gjengitt uescapet"
    for melding in re.findall(r'class="ds-alert" data-color="danger"[^>]*>([^<]*)<', innhold):
        assert re.match(r"[A-ZÆØÅ][\w/ ]*: «", melding), f"{navn}: meldingen navngir ikke verdien: {melding}"
