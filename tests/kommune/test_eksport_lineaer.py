"""#21: an Excel export's work grows with its rows, not with their square (8,000 rows took 52 s when the sheet
was asked for its last row on every row). Counted, not timed: the Python calls made for N and for 4N rows."""

import cProfile
import io
import pstats
from datetime import date

from openpyxl import load_workbook

from kommune.views import tabell_eksport

KOLONNER = [("navn", "Navn"), ("dato", "Dato"), ("antall", "Antall")]


def rader(n: int) -> list[dict]:
    return [{"navn": f"=Person {i}", "dato": date(2026, 1, 1 + i % 28), "antall": i} for i in range(n)]


def kall(n: int) -> int:
    profil = cProfile.Profile()
    profil.enable()
    tabell_eksport("xlsx", kolonner=KOLONNER, rader=rader(n), filnavn="x", ark="Ark")
    profil.disable()
    return pstats.Stats(profil).total_calls


def test_excel_eksport_er_lineaer_i_antall_rader():
    kall(50)  # imports and first-use caches settle
    smaa, store = kall(500), kall(2000)
    assert store < 4.4 * smaa, (smaa, store)  # linear: about 4×; quadratic would be about 16×


def test_excel_eksport_har_tekst_datoer_og_fet_overskrift():
    svar = tabell_eksport("xlsx", kolonner=KOLONNER, rader=rader(3), filnavn="x", ark="Ark")
    arket = load_workbook(io.BytesIO(svar.content)).active
    assert [c.value for c in arket[1]] == ["Navn", "Dato", "Antall"] and arket["A1"].font.bold
    assert arket["A2"].value == "=Person 0" and arket["A2"].data_type == "s"  # never a formula
    assert arket["B2"].number_format == "DD.MM.YYYY" and arket["C4"].value == 2
    assert arket.freeze_panes == "A2"
