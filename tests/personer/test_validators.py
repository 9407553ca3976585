import pytest
from django.core.exceptions import ValidationError

from imdinett.identitetsnummer import duf_formater, valider_duf, valider_fodselsnummer


@pytest.mark.parametrize("duf", ["202090065103", "202090064201", "202090063205", "2020 900651 03"])
def test_gyldige_duf_fra_seed_001(duf):
    valider_duf(duf)  # the three DUF numbers shown in seed 001's Oppgaveliste


@pytest.mark.parametrize(
    ("duf", "kode"),
    [
        ("202090065104", "duf_kontroll"),  # wrong check digits
        ("202090065113", "duf_kontroll"),
        ("20209006510", "duf_format"),  # 11 digits
        ("2020900651033", "duf_format"),  # 13 digits
        ("20209006510A", "duf_format"),
        ("", "duf_format"),
    ],
)
def test_ugyldige_duf(duf, kode):
    with pytest.raises(ValidationError) as e:
        valider_duf(duf)
    assert e.value.code == kode


def test_duf_kontrollsiffer_ti_skrives_med_to_siffer():
    from imdinett.identitetsnummer import duf_kontrollsiffer

    treff = next(f"2020{n:06d}" for n in range(1000) if duf_kontrollsiffer(f"2020{n:06d}") == "10")
    valider_duf(treff + "10")


def test_duf_vises_gruppert_som_i_seed():
    assert duf_formater("202090065103") == "2020 900651 03"


@pytest.mark.parametrize("fnr", ["15076500565", "41017700047"])  # a fødselsnummer and a D-nummer
def test_gyldige_fodselsnumre(fnr):
    valider_fodselsnummer(fnr)


@pytest.mark.parametrize("fnr", ["15076500566", "1507650056", "abcdefghijk", "32137700013"])
def test_ugyldige_fodselsnumre(fnr):
    with pytest.raises(ValidationError, match="Fødselsnummeret er ikke gyldig"):
        valider_fodselsnummer(fnr)
