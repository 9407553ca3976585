"""The mottak's pages: roles exactly as DOMAIN.md, another mottak's residents a 404, lists with a
fixed number of queries, the form locked on the server whatever the client sends."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from imdinett.organisasjoner.roller import Rolle
from imdinett.personer.models import Bosettingssak, Bosettingssamtale, Husstand, Person
from mottak import services

from ..conftest import pdftekst
from ..factories import MottakFactory, PersonFactory, gyldig_duf
from .conftest import fyll_ut

pytestmark = pytest.mark.django_db
R = Rolle


def url(mottak, person, rest=""):
    return f"/mottak/{mottak.pk}/samtale/{person.pk}/{rest}"


@pytest.mark.parametrize(
    ("rolle", "forventet"),
    [
        (R.MOTTAK_BOSETTINGSANSVARLIG, 200),
        (R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG, 200),
        (R.MOTTAK_KOMPASS, 404),
        (R.INTEGRERINGSMOTTAK_KOMPASS, 404),
        (R.MOTTAKSADMINISTRATOR, 404),
    ],
)
def test_hvem_kan_aapne_samtale_og_oppgaveliste(client, lag_bruker, mottak, familie, rolle, forventet):
    client.force_login(lag_bruker(mottak, rolle))
    assert client.get(url(mottak, familie[0])).status_code == forventet
    assert client.get(f"/mottak/{mottak.pk}/oppgaveliste/").status_code == forventet
    assert client.get(f"/mottak/{mottak.pk}/beboere/").status_code == forventet
    assert client.get(f"/mottak/{mottak.pk}/mottaksinformasjon/").status_code == 200
    assert client.get(f"/mottak/{mottak.pk}/kontaktinformasjon/").status_code == 200


def test_integreringsmottak_naar_beboere_uten_bosettingssak(client, lag_bruker, mottak):
    uten_sak = PersonFactory(mottak=mottak)
    client.force_login(lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG))
    assert client.get(url(mottak, uten_sak)).status_code == 404
    client.force_login(lag_bruker(mottak, R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG))
    assert client.get(url(mottak, uten_sak)).status_code == 200
    assert uten_sak.etternavn in client.get(f"/mottak/{mottak.pk}/beboere/?med_sak=uten").content.decode()


def test_annet_mottak_faar_404(client, lag_bruker, mottak, annet_mottak, familie):
    client.force_login(lag_bruker(annet_mottak, R.MOTTAK_BOSETTINGSANSVARLIG))
    assert client.get(url(mottak, familie[0])).status_code == 404
    assert client.get(url(annet_mottak, familie[0])).status_code == 404  # own mottak id, another's resident
    assert client.post(url(annet_mottak, familie[0], "lagre/bosettingsinformasjon/"), {}).status_code == 404
    assert client.get(f"/mottak/{mottak.pk}/oppgaveliste/").status_code == 404
    assert client.get(f"/mottak/{mottak.pk}/mottaksinformasjon/").status_code == 404


def test_autolagring_lagrer_gyldige_felt_og_melder_feil_ved_feltet(client, ansatt, mottak, familie):
    client.force_login(ansatt)
    lang = "x" * 201
    svar = client.post(
        url(mottak, familie[0], "lagre/bosettingsinformasjon/"),
        {"kompass_aarsak": "planer", "har_venner_familie": "True", "tilknytning_navn": lang},
        HTTP_HX_REQUEST="true",
    )
    html = svar.content.decode()
    assert svar.status_code == 400 and 'id="feil-tilknytning_navn"' in html and "200 eller færre tegn" in html
    samtale = Bosettingssamtale.objects.get(person=familie[0])
    assert samtale.kompass_aarsak == "planer" and samtale.har_venner_familie is True
    assert samtale.tilknytning_navn == ""


def test_uten_javascript_beholdes_det_som_ble_skrevet(client, ansatt, mottak, familie):
    client.force_login(ansatt)
    lang = "y" * 201
    svar = client.post(url(mottak, familie[0], "lagre/bosettingsinformasjon/"), {"tilknytning_navn": lang})
    assert svar.status_code == 400 and lang in svar.content.decode()


def test_skjemaet_er_laast_paa_serveren_etter_ferdigstilling(client, ansatt, mottak, familie):
    for p in familie:
        fyll_ut(p, ansatt)
    client.force_login(ansatt)
    assert client.post(url(mottak, familie[0], "ferdigstill/")).status_code == 302
    svar = client.post(
        url(mottak, familie[0], "lagre/bosettingsinformasjon/"),
        {"kompass_aarsak_merknad": "Forsøk etterpå"},
        HTTP_HX_REQUEST="true",
    )
    assert "kan ikke endres" in svar.content.decode()
    assert Bosettingssamtale.objects.get(person=familie[0]).kompass_aarsak_merknad != "Forsøk etterpå"
    side = client.get(url(mottak, familie[0])).content.decode()
    assert "Bosettingssamtalen er ferdigstilt for 4 av 4 personer." in side
    assert 'name="kompass_aarsak"' not in side and "Send e-postvarsel til IMDi" not in side


def test_ferdigstill_uten_alt_utfylt_viser_meldingen(client, ansatt, mottak, familie):
    """#19 no. 11: Post/Redirect/Get. The refusal lands on the interview's own address (so the left menu,
    Back and reload work), names every missing field as a link to it, and marks those of the section."""
    client.force_login(ansatt)
    svar = client.post(url(mottak, familie[0], "ferdigstill/"), {"del": "sprak"})
    # on the section asking the person's first missing field (Særlig hensyn), not the POST's address
    assert (
        svar.status_code == 302 and svar["Location"] == url(mottak, familie[0]) + "?del=tilretteleggingsbehov"
    )
    html = client.get(svar["Location"]).content.decode()
    assert 'aria-invalid="true"' in re.search(r'<[^>]*id="id_saerlig_hensyn(_0)?"[^>]*>', html)[0]
    assert "Obligatoriske felt mangler" in html and "Khaled" in html
    lenker = re.findall(rf'<li><a href="{url(mottak, familie[0])}\?del=(\w+)#([\w-]+)">', html)
    assert ("bosettingsinformasjon", "bm-tittel") in lenker
    assert any(anker.startswith("id_") for _, anker in lenker)
    for del_, anker in lenker:
        side = client.get(url(mottak, familie[0]) + f"?del={del_}").content.decode()
        if anker.startswith("id_"):  # the field is on the section the link opens, marked there
            felt = re.search(rf'<[^>]*id="{anker}"[^>]*>', side)[0]
            assert 'aria-invalid="true"' in felt, anker
    assert "Må fylles ut før bosettingssamtalen kan ferdigstilles." in html
    assert client.get(url(mottak, familie[0], "ferdigstill/")).status_code == 302  # not a blank 405


def test_nektet_ferdigstill_spor_regelen_en_gang(client, ansatt, mottak, familie):
    """The refusal asks the completeness rule (`husstandens_mangler`, which counts each member's
    bosettingsmerknader) once: the service names the person's first missing field, and the page lands on its
    section without asking again."""
    client.force_login(ansatt)
    with CaptureQueriesContext(connection) as sporringer:
        svar = client.post(url(mottak, familie[0], "ferdigstill/"), {"del": "sprak"})
    assert svar["Location"] == url(mottak, familie[0]) + "?del=tilretteleggingsbehov"
    regelen = [q for q in sporringer if "COUNT" in q["sql"] and "bosettingsmerknad" in q["sql"]]
    assert len(regelen) == 1


def _mange_beboere(mottak, antall, imdi_bruker):
    husstander = Husstand.objects.bulk_create(
        [Husstand(reg_nr=f"6{mottak.pk:03d}{i:05d}") for i in range(antall)]
    )
    personer = Person.objects.bulk_create(
        [
            Person(
                duf_nummer=gyldig_duf(),
                fornavn="Test",
                etternavn=f"Beboer{i}",
                fodselsdato="1990-01-01",
                kjonn="K",
                statsborgerskap="Syria",
                persontype="enslig_voksen",
                husstand=h,
                beskyttelse="individuell",
                sakstype="mottaksbeboer",
                mottak=mottak,
                plasstype="ORD",
            )
            for i, h in enumerate(husstander)
        ]
    )
    naa = timezone.now()
    Bosettingssak.objects.bulk_create(
        [Bosettingssak(person=p, opprettet=naa, frist=Bosettingssak.frist_for(naa)) for p in personer]
    )


def test_oppgaveliste_og_oversikt_har_fast_antall_sporringer(
    client, lag_bruker, imdi_bruker, django_assert_num_queries
):
    maalt = {}
    for antall in (6, 600):
        mottak = MottakFactory()
        _mange_beboere(mottak, antall, imdi_bruker)
        client.force_login(lag_bruker(mottak, R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG))
        telling = "Antall personer: 6" if antall == 6 else "Viser 1–50 av 600 personer"
        for side in ("oppgaveliste/", "beboere/", "beboere/?alle=1", "beboere/?side=2", "beboere/?side=12"):
            with CaptureQueriesContext(connection) as q:
                svar = client.get(f"/mottak/{mottak.pk}/{side}")
            html = svar.content.decode()
            assert svar.status_code == 200 and (telling in html or "?side=" in side), side
            maalt[(side, antall)] = len(q.captured_queries)
    for side in ("oppgaveliste/", "beboere/", "beboere/?alle=1"):
        assert maalt[(side, 6)] == maalt[(side, 600)] <= 12, maalt
    assert maalt[("beboere/?side=2", 600)] == maalt[("beboere/?side=12", 600)] == maalt[("beboere/", 600)]


def _rader(html: str) -> list[str]:
    """The residents' names in a list, in order (the rows' «Etternavn, fornavn» cell)."""
    return re.findall(r"<td>(Beboer\d+), Test</td>", html)


def test_oversikten_blas_i_sider_med_filtrene_beholdt(
    client, lag_bruker, imdi_bruker, django_assert_max_num_queries
):
    mottak = MottakFactory()
    _mange_beboere(mottak, 120, imdi_bruker)
    client.force_login(lag_bruker(mottak, R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG))
    alle = list(
        Person.objects.filter(mottak=mottak)
        .order_by("etternavn", "fornavn", "pk")
        .values_list("etternavn", flat=True)
    )
    side = f"/mottak/{mottak.pk}/beboere/"
    forste = client.get(side).content.decode()
    assert "Viser 1–50 av 120 personer" in forste and _rader(forste) == alle[:50]
    nav = forste[forste.index('<nav class="ds-pagination') :]
    assert re.search(r'<a [^>]*href="\?side=1"[^>]*aria-current="true"', nav) and "Forrige</span>" in nav
    assert 'rel="next" href="?side=2"' in nav and ">Neste</a>" in nav
    with django_assert_max_num_queries(12):
        andre = client.get(side + "?side=2").content.decode()
    assert "Viser 51–100 av 120 personer" in andre and _rader(andre) == alle[50:100]
    assert (
        'rel="prev" href="?side=1"' in andre and f"vis={Person.objects.get(etternavn=alle[50]).pk}" in andre
    )
    # Past the end: the last page; not a number: the first.
    assert _rader(client.get(side + "?side=99").content.decode()) == alle[100:]
    assert _rader(client.get(side + "?side=x").content.decode()) == alle[:50]

    # Filters are applied to the whole set before paging, and kept in the page links.
    med_filter = client.get(side + "?q=Beboer1&status=opprettet&alle=1").content.decode()
    treff = [n for n in alle if n.startswith("Beboer1")]
    assert f"Antall personer: {len(treff)}" in med_filter and _rader(med_filter) == treff
    Person.objects.filter(mottak=mottak, etternavn__in=alle[:60]).update(etternavn="Beboer1x")  # > 50 hits
    med_filter = client.get(side + "?q=Beboer1&alle=1").content.decode()
    assert "Viser 1–50 av" in med_filter and 'href="?q=Beboer1&amp;alle=1&amp;side=2"' in med_filter


def test_vis_detaljer_aapner_siden_personen_er_paa(client, lag_bruker, imdi_bruker):
    mottak = MottakFactory()
    _mange_beboere(mottak, 120, imdi_bruker)
    client.force_login(lag_bruker(mottak, R.INTEGRERINGSMOTTAK_BOSETTINGSANSVARLIG))
    person = Person.objects.filter(mottak=mottak).order_by("etternavn", "fornavn", "pk")[75]
    html = client.get(f"/mottak/{mottak.pk}/beboere/?vis={person.pk}").content.decode()
    assert "Viser 51–100 av 120 personer" in html and "Skjul detaljer" in html
    assert client.get(f"/mottak/{mottak.pk}/beboere/?vis=²").status_code == 200  # a digit int() refuses
    assert f'<tr id="person-{person.pk}">' in html and 'class="detaljrad"' in html
    # The Oppgaveliste likewise, by case.
    sak = person.bosettingssak
    html = client.get(f"/mottak/{mottak.pk}/oppgaveliste/?vis={sak.pk}").content.decode()
    assert f'id="detaljer-{sak.pk}"' in html and "Gjennomført selvregistrering av kompetanse" in html
    assert (
        client.get(f"/mottak/{mottak.pk}/oppgaveliste/?side=3").content.decode().count('<tr id="sak-') == 20
    )


def test_oppgavelisten_viser_frist_og_forsinkelse(client, ansatt, mottak, familie):
    Bosettingssak.objects.filter(person=familie[0]).update(frist=timezone.localdate() - timedelta(days=3))
    client.force_login(ansatt)
    html = client.get(f"/mottak/{mottak.pk}/oppgaveliste/").content.decode()
    assert "(-3 dager)" in html and "Fristen er passert" in html and "Gjennomfør bosettingssamtale" in html
    html = client.get(f"/mottak/{mottak.pk}/oppgaveliste/?q=Khaled").content.decode()
    assert "Antall personer: 1" in html


def test_kontaktkort_redigeres_av_de_som_har_lov(client, lag_bruker, mottak):
    ansvarlig = lag_bruker(mottak, R.MOTTAK_BOSETTINGSANSVARLIG)
    admin = lag_bruker(mottak, R.MOTTAKSADMINISTRATOR)
    kompass = lag_bruker(mottak, R.MOTTAK_KOMPASS)
    data = {"navn": "Kari Ansvarlig", "telefon": "51000000", "epost": "kari@example.org"}
    client.force_login(ansvarlig)
    assert (
        client.post(
            f"/mottak/{mottak.pk}/kontaktinformasjon/", {**data, "type": "bosettingsansvarlig"}
        ).status_code
        == 302
    )
    assert (
        client.post(
            f"/mottak/{mottak.pk}/kontaktinformasjon/", {**data, "type": "mottaksadministrator"}
        ).status_code
        == 404
    )
    client.force_login(kompass)
    assert (
        client.post(
            f"/mottak/{mottak.pk}/kontaktinformasjon/", {**data, "type": "bosettingsansvarlig"}
        ).status_code
        == 404
    )
    client.force_login(admin)
    assert (
        client.post(
            f"/mottak/{mottak.pk}/kontaktinformasjon/", {**data, "type": "mottaksadministrator"}
        ).status_code
        == 302
    )
    html = client.get(f"/mottak/{mottak.pk}/kontaktinformasjon/").content.decode()
    assert html.count("Kari Ansvarlig") == 2 and f"{timezone.localdate():%d.%m.%Y} av" in html


def test_kartleggingsinformasjon_pdf_uten_intern_merknad_for_mottaket(
    client, ansatt, imdi_bruker, mottak, familie
):
    far = familie[0]
    services.samtale_lagre(
        person=far, data={"kompass_aarsak_merknad": "Ønsker hjelp fra vertskommunen"}, av=ansatt
    )
    services.bosettingsmerknad_opprett(person=far, tekst="Ønsker å bo nær idrettslag", av=ansatt)
    services.intern_merknad_opprett(
        person=far, tittel="Trusselsituasjon", melding="Bør unngå Østlandet", av=ansatt
    )
    services.behandler_opprett(person=far, navn="Dr. Hansen", virksomhet="Nærbø legesenter", av=ansatt)
    client.force_login(ansatt)
    tekst = pdftekst(client.get(f"/personer/{far.pk}/utskrift/kartleggingsinformasjon.pdf").content)
    assert "Ønsker hjelp fra vertskommunen" in tekst and "Ønsker å bo nær idrettslag" in tekst
    assert far.duf_formatert in tekst.replace("\xa0", " ")
    assert (
        "Bør unngå Østlandet" not in tekst and "Trusselsituasjon" not in tekst and "Dr. Hansen" not in tekst
    )
    client.force_login(imdi_bruker)
    tekst = pdftekst(client.get(f"/personer/{far.pk}/utskrift/kartleggingsinformasjon.pdf").content)
    assert "Bør unngå Østlandet" in tekst and "Dr. Hansen" in tekst


def test_kompass_kan_ikke_skrive_ut_kartleggingsinformasjon(client, lag_bruker, mottak, familie):
    client.force_login(lag_bruker(mottak, R.MOTTAK_KOMPASS))
    assert client.get(f"/personer/{familie[0].pk}/").status_code == 200  # basic data, for the codes
    assert client.get(f"/personer/{familie[0].pk}/utskrift/kartleggingsinformasjon.pdf").status_code == 404


def test_ingen_feilmelding_vises_uten_feil(client, ansatt, mottak, familie):
    """Every field's message element is there for htmx to fill, hidden while the field has nothing to say: on
    the page and in the autosave's answer (before, a missing context value showed an empty red mark at every
    field)."""
    client.force_login(ansatt)
    side = client.get(url(mottak, familie[0]) + "?del=bosettingsinformasjon").content.decode()
    svar = client.post(
        url(mottak, familie[0], "lagre/bosettingsinformasjon/"),
        {"har_venner_familie": "False"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    for html in (side, svar):
        meldinger = re.findall(r'<p class="ds-validation-message"[^>]*>', html)
        assert meldinger and all(" hidden" in m for m in meldinger), meldinger[:3]
