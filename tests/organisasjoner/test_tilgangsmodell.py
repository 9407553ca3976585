"""The named permissions (imdinett/organisasjoner/tilgang.py): one table that every layer asks, shown in
docs/security.md and checked against it here."""

from pathlib import Path

import pytest
from django.urls import reverse

from imdinett.feil import DomeneFeil
from imdinett.organisasjoner.navigasjon import REGISTER
from imdinett.organisasjoner.roller import Rolle
from imdinett.organisasjoner.tilgang import (
    TILLATELSER,
    er_imdi_eller_superbruker,
    kan,
    krev_imdi,
    organisasjoner_med,
)

DOK = Path(__file__).resolve().parents[2] / "docs" / "security.md"
START, SLUTT = "<!-- tillatelser:start -->", "<!-- tillatelser:slutt -->"


def tabell() -> str:
    """The role × capability table as docs/security.md shows it."""
    linjer = ["| tillatelse | hva | roller |", "| --- | --- | --- |"]
    for t in TILLATELSER.values():
        roller = ", ".join(
            r.navn + (" (hele landet)" if r == Rolle.IMDI_SAKSBEHANDLER else "")
            for r in Rolle
            if r in t.roller
        )
        linjer.append(f"| `{t.navn}` | {t.beskrivelse} | {roller} |")
    return "\n".join(linjer)


def test_security_md_viser_tabellen_fra_koden():
    tekst = DOK.read_text(encoding="utf-8")
    assert START in tekst and SLUTT in tekst
    i_dok = tekst.split(START)[1].split(SLUTT)[0].strip()
    assert i_dok == tabell(), f"docs/security.md er utdatert; lim inn:\n{tabell()}"


def test_hver_menylenke_har_en_kjent_tillatelse_og_adresse():
    for lenke in REGISTER:
        assert lenke.tillatelse is None or lenke.tillatelse in TILLATELSER
        reverse(lenke.url, args=[1] if lenke.organisasjon else None)


def test_kan_spor_rollen_ved_organisasjonen(lag_bruker, kommune, annen_kommune, imdi_bruker):
    bosetter = lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV)
    assert kan(bosetter, "fordeling.svar", kommune)
    assert not kan(bosetter, "fordeling.svar", annen_kommune)  # a role is held at one organisation
    assert not kan(bosetter, "anmodning.les", kommune)  # and grants only its own permissions
    assert organisasjoner_med(bosetter, "fordeling.les") == [kommune.pk]
    # IMDi acts nationally where the permission lists it, and only there
    assert kan(imdi_bruker, "fordeling.les", annen_kommune)
    assert not kan(imdi_bruker, "fordeling.svar", kommune)
    assert organisasjoner_med(imdi_bruker, "fordeling.les") == []
    # django-rules asks the same table
    assert bosetter.has_perm("fordeling.svar", kommune) and not bosetter.has_perm(
        "fordeling.svar", annen_kommune
    )


def test_ukjent_tillatelse_feiler_hoyt(lag_bruker, kommune):
    with pytest.raises(KeyError):
        kan(lag_bruker(kommune, Rolle.KOMMUNE_BOSETTER_SKRIV), "fordeling.svaar", kommune)


def test_imdis_saksbehandler_vises_som_imdi_for_kommunen(client, lag_bruker, kommune, imdi_bruker):
    """docs/security.md «Decided»: a kommune sees «IMDi», not the caseworker's name; IMDi sees the name."""
    from imdinett.hendelser.services import hendelse_registrer

    imdi_bruker.first_name, imdi_bruker.last_name = "Ingrid", "Saksbehandlersen"
    imdi_bruker.save()
    hendelse_registrer(
        omraade="anmodning", kode="test", tittel="Anmodning sendt", av=imdi_bruker, organisasjon=kommune
    )
    url = reverse("kommune:hendelser", args=[kommune.pk])
    client.force_login(lag_bruker(kommune, Rolle.KOMMUNE_ANMODER_LES))
    side = client.get(url).content.decode()
    assert "Anmodning sendt" in side and "av IMDi." in side and "Saksbehandlersen" not in side
    client.force_login(imdi_bruker)
    assert "Ingrid Saksbehandlersen (IMDi)" in client.get(url).content.decode()


def test_krev_imdi_slipper_bare_imdi_og_superbrukere_gjennom(
    imdi_bruker, lag_bruker, kommune, django_user_model
):
    """The one check the IMDi-only services share (fordeling, kommune, dokumenter), and the same rule as the
    admin's: whoever reaches IMDi's workbench may call them, nobody else."""
    rot = django_user_model.objects.create(username="rot", is_superuser=True)
    kommunen = lag_bruker(kommune, Rolle.KOMMUNEADMINISTRATOR, Rolle.KOMMUNE_ANMODER_SKRIV)
    for bruker in (imdi_bruker, rot):
        krev_imdi(bruker)
        assert er_imdi_eller_superbruker(bruker)
    for bruker in (
        kommunen,
        django_user_model.objects.create(username="stengt", is_superuser=True, is_active=False),
    ):
        assert not er_imdi_eller_superbruker(bruker)
        with pytest.raises(DomeneFeil, match="Bare IMDi kan gjøre dette."):
            krev_imdi(bruker)
