"""Hjelp and the arbeidsflate (#19, points 7, 9, 10 and 15): IMDi's contacts and user guides, the service
messages IMDi writes in the admin, the bosettingsmerknad warning only for those who write it, the roles'
descriptions on Brukeradministrasjon, the carry-over rule on Oversikt bosetting, and «Ny bosettingssak»
naming the household to the interview's roles only."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from imdinett.hendelser.models import Driftsmelding, Varsel
from imdinett.hendelser.selectors import uleste_varsler_antall, varsler_for
from imdinett.hendelser.services import varsel_send
from imdinett.organisasjoner.models import Organisasjon
from imdinett.organisasjoner.roller import ROLLE_INFO, Rolle
from imdinett.personer.services import bosettingssak_opprett

from .factories import OrganisasjonFactory, PersonFactory

pytestmark = pytest.mark.django_db

ARBEIDSFLATE = reverse("arbeidsflate")
ADVARSEL = "personsensitiv informasjon ikke må legges inn"


@pytest.fixture
def bufetat(db):
    return OrganisasjonFactory(navn="Bufetat", type=Organisasjon.Type.BUFETAT)


def driftsmelding(tekst: str, *, fra: int = -1, til: int | None = 1, **felt) -> Driftsmelding:
    """A message valid from `fra` to `til` hours from now (None: no end)."""
    naa = timezone.now()
    return Driftsmelding.objects.create(
        tekst=tekst,
        gyldig_fra=naa + timedelta(hours=fra),
        gyldig_til=None if til is None else naa + timedelta(hours=til),
        **felt,
    )


def side(client, bruker, url=ARBEIDSFLATE) -> str:
    client.force_login(bruker)
    svar = client.get(url)
    assert svar.status_code == 200
    return svar.content.decode()


# Point 7: Hjelp


def test_hjelp_gir_imdis_kontakter_og_brukerveiledninger(client):
    html = client.get(reverse("hjelp")).content.decode()
    for kontakt in (
        "mailto:mottak@imdi.no",
        "mailto:bosettingem@imdi.no",
        "40 00 19 60",
        "mailto:post@imdi.no",
    ):
        assert kontakt in html
    assert 'href="https://www.imdi.no/nir-og-bosetting/bosetting/"' in html
    assert (
        'href="https://www.imdi.no/imdinett/nir-og-bosetting/nir-og-bosetting-roller-og-tilganger/"' in html
    )


# Point 7: Driftsmeldinger


def test_gyldig_driftsmelding_vises_for_alle_utlopt_og_fremtidig_ikke(client, lag_bruker, kommune, mottak):
    driftsmelding("IMDinett er nede lørdag kl. 08–10.", alvorlighet=Driftsmelding.Alvorlighet.ADVARSEL)
    driftsmelding("Uten slutt.", til=None)
    driftsmelding("Utløpt vedlikehold.", fra=-3, til=-1)
    driftsmelding("Kommer neste uke.", fra=24, til=48)
    for bruker in (
        lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES),
        lag_bruker(mottak, Rolle.MOTTAKSADMINISTRATOR),
        lag_bruker(mottak),  # no role yet: still sees service messages
    ):
        html = side(client, bruker)
        assert "IMDinett er nede lørdag kl. 08–10." in html and "Uten slutt." in html
        assert html.index("IMDinett er nede") < html.index("Uten slutt.")  # warnings first
        assert "Utløpt vedlikehold." not in html and "Kommer neste uke." not in html
    assert "Uten slutt." in client.get(reverse("hjelp")).content.decode()


def test_antall_sporringer_vokser_ikke_med_driftsmeldingene(client, lag_bruker, kommune):
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV))
    client.get(ARBEIDSFLATE)  # the session and the user's panels settle
    antall = []
    for n in (1, 10):
        Driftsmelding.objects.all().delete()
        for i in range(n):
            driftsmelding(f"Melding nr. {i}")
        with CaptureQueriesContext(connection) as sporringer:
            html = client.get(ARBEIDSFLATE).content.decode()
        assert all(f"Melding nr. {i}" in html for i in range(n))
        antall.append(len(sporringer))
    assert antall[0] == antall[1]


def test_imdi_skriver_driftsmelding_i_admin_andre_kan_ikke(client, imdi_bruker, lag_bruker, bufetat, kommune):
    legg_til = reverse("admin:hendelser_driftsmelding_add")
    naa = timezone.localtime()
    data = {
        "tekst": "Treg innlogging i dag.",
        "alvorlighet": "info",
        "gyldig_fra": naa.strftime("%d.%m.%Y 00:00"),
        "gyldig_til": (naa + timedelta(days=1)).strftime("%d.%m.%Y 12:00"),
    }
    client.force_login(lag_bruker(bufetat, Rolle.BUFETAT_SAKSBEHANDLER))  # reaches the admin, not this
    assert client.get(legg_til).status_code == 403
    assert client.post(legg_til, data).status_code == 403
    assert not Driftsmelding.objects.exists()

    client.force_login(imdi_bruker)
    skjema = client.get(legg_til).content.decode()
    assert "Gyldig fra" in skjema and "Alvorlighet" in skjema
    feil = client.post(legg_til, {**data, "gyldig_til": (naa - timedelta(days=2)).strftime("%d.%m.%Y 12:00")})
    assert "«Gyldig til» må være etter «Gyldig fra»." in feil.content.decode()
    assert client.post(legg_til, data).status_code == 302
    melding = Driftsmelding.objects.get()
    assert melding.opprettet_av == imdi_bruker
    assert "Treg innlogging i dag." in side(client, lag_bruker(kommune, Rolle.KOMMUNE_KARTLEGGER))


# Point 7: the bosettingsmerknad warning concerns only the mottak's interview roles


@pytest.mark.parametrize(
    ("org", "rolle", "ser"),
    [
        ("mottak", Rolle.MOTTAK_BOSETTINGSANSVARLIG, True),
        ("mottak", Rolle.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG, True),
        ("mottak", Rolle.MOTTAKSADMINISTRATOR, False),
        ("kommune", Rolle.KOMMUNE_BOSETTER_SKRIV, False),
        ("kommune", Rolle.KOMMUNE_KARTLEGGER, False),
        ("bufetat", Rolle.BUFETAT_SAKSBEHANDLER, False),
    ],
)
def test_bosettingsmerknad_advarselen_bare_for_dem_som_skriver_den(
    client, lag_bruker, request, org, rolle, ser
):
    html = side(client, lag_bruker(request.getfixturevalue(org), rolle))
    assert (ADVARSEL in html) is ser
    assert reverse("hjelp") in html


# Point 9: the roles' descriptions on Brukeradministrasjon


def test_brukeradministrasjon_beskriver_rollene(client, lag_bruker, kommune):
    admin = lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR)
    annen = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_LES)
    for url in (
        reverse("brukeradministrasjon"),
        reverse("bruker_ny"),
        reverse("bruker", args=[annen.pk]),
    ):
        html = side(client, admin, url)
        assert "Hva rollene gir tilgang til" in html
        for rolle in (Rolle.KOMMUNE_ANMODER_SKRIV, Rolle.KOMMUNE_KARTLEGGER, Rolle.KOMMUNEADMINISTRATOR):
            assert f"<dt>{rolle.navn}</dt><dd>{rolle.beskrivelse}</dd>" in html
        assert Rolle.MOTTAKSADMINISTRATOR.beskrivelse not in html  # only the roles this organisation assigns
    assert all(info[2] for info in ROLLE_INFO.values())  # every role has its description


# Point 10: Oversikt bosetting says that unused places do not carry over


def test_oversikt_bosetting_sier_at_plasser_ikke_overfores(client, lag_bruker, kommune):
    html = side(
        client, lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES), reverse("kommune:oversikt", args=[kommune.pk])
    )
    assert "Ubrukte vedtaksplasser overføres ikke til neste år" in html


# Point 15: «Ny bosettingssak» names the household and links to it, for the interview's roles only


def test_ny_bosettingssak_navngir_husstanden_og_gaar_ikke_til_mottaksadministrator(
    client, lag_bruker, mottak, imdi_bruker
):
    far = PersonFactory(mottak=mottak, fornavn="Yonas", etternavn="Tesfay")
    barn = PersonFactory(
        mottak=mottak,
        husstand=far.husstand,
        fornavn="Selam",
        etternavn="Tesfay",
        fodselsdato=far.fodselsdato.replace(year=far.fodselsdato.year + 25),
    )
    bosettingssak_opprett(personer=[barn, far], av=imdi_bruker)
    ansvarlig = lag_bruker(mottak, Rolle.MOTTAK_BOSETTINGSANSVARLIG)
    administrator = lag_bruker(mottak, Rolle.MOTTAKSADMINISTRATOR)

    varsel = varsler_for(ansvarlig).get()
    assert varsel.tittel == f"Ny bosettingssak: Yonas Tesfay (Reg-nr {far.husstand.reg_nr}, 2 personer)"
    assert varsel.lenke == reverse("mottak:samtale", kwargs={"mottak_id": mottak.pk, "person_id": far.pk})
    html = side(client, ansvarlig)
    assert f'href="{varsel.lenke}">Ny bosettingssak: Yonas Tesfay' in html
    assert uleste_varsler_antall(ansvarlig) == 1
    assert "Yonas" in side(client, ansvarlig, varsel.lenke)  # the link opens the household's interview

    assert not varsler_for(administrator).exists()
    assert uleste_varsler_antall(administrator) == 0
    assert "Tesfay" not in side(client, administrator)
    assert "Tesfay" not in side(client, administrator, reverse("varsler"))
    assert Varsel.objects.count() == 1


def test_varsel_uten_tillatelse_gaar_fortsatt_til_alle_i_organisasjonen(lag_bruker, mottak):
    varsel_send(organisasjon=mottak, tittel="Mottaksinformasjonen er endret")
    for rolle in (Rolle.MOTTAKSADMINISTRATOR, Rolle.MOTTAK_KOMPASS):
        bruker = lag_bruker(mottak, rolle)
        assert [v.tittel for v in varsler_for(bruker)] == ["Mottaksinformasjonen er endret"]
        assert uleste_varsler_antall(bruker) == 1
    with pytest.raises(KeyError):
        varsel_send(organisasjon=mottak, tittel="x", tillatelse="finnes.ikke")
