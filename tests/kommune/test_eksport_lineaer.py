"""#21: an Excel export's work grows with its rows, not with their square (8,000 rows took 52 s when the sheet
was asked for its last row on every row). Counted, not timed: the Python calls made for N and for 4N rows, and
the writer's calls per row. The file is written with XlsxWriter and read back with openpyxl, as Excel would:
real dates and numbers, text kept text (never a formula, a link or a number), a bold frozen header, widths."""

import cProfile
import io
import pstats
from datetime import date

from openpyxl import load_workbook

from kommune.views import tabell_eksport

KOLONNER = [("navn", "Navn"), ("dato", "Dato"), ("antall", "Antall")]
# A row like the Bosatte report's: text, two dates, a number.
BOSATT = [
    ("duf", "DUF"),
    ("navn", "Navn"),
    ("fodt", "Født"),
    ("land", "Land"),
    ("bosatt", "Bosatt"),
    ("n", "N"),
]


def rader(n: int) -> list[dict]:
    return [{"navn": f"=Person {i}", "dato": date(2026, 1, 1 + i % 28), "antall": i} for i in range(n)]


def bosatte(n: int) -> list[dict]:
    return [
        {
            "duf": f"2025 {i:06d} 01",
            "navn": f"Person {i}",
            "fodt": date(1980 + i % 30, 1 + i % 12, 1 + i % 28),
            "land": "Syria",
            "bosatt": date(2026, 1 + i % 12, 1 + i % 28),
            "n": i,
        }
        for i in range(n)
    ]


def bredder(arket) -> dict[int, float]:
    """The columns' widths as Excel shows them: the file holds them with the cell's padding (5 pixels of a
    7-pixel character in the default font), and one <col> may cover several columns."""
    return {
        nr: round(d.width - 5 / 7, 2)
        for d in arket.column_dimensions.values()
        for nr in range(d.min, d.max + 1)
    }


def profil(kolonner, rader_) -> pstats.Stats:
    profil = cProfile.Profile()
    profil.enable()
    tabell_eksport("xlsx", kolonner=kolonner, rader=rader_, filnavn="x", ark="Ark")
    profil.disable()
    return pstats.Stats(profil)


def kall(n: int) -> int:
    return profil(KOLONNER, rader(n)).total_calls


def kall_til(stats: pstats.Stats, modul: str, funksjon: str) -> int:
    return sum(
        antall
        for (fil, _, navn), (_, antall, *_) in stats.stats.items()
        if navn == funksjon and fil.replace("\\", "/").endswith(modul)
    )


def test_excel_eksport_er_lineaer_i_antall_rader():
    kall(50)  # imports and first-use caches settle
    smaa, store = kall(500), kall(2000)
    assert store < 4.4 * smaa, (smaa, store)  # linear: about 4×; quadratic would be about 16×


def test_excel_skriver_hver_rad_ut_naar_den_er_ferdig():
    """One `write_row` per row (the header's included), and each row goes to the sheet's file as soon as the
    next begins (XlsxWriter's constant_memory mode): the rows are never held whole."""
    kall(50)
    store = profil(BOSATT, bosatte(2000))
    assert kall_til(store, "xlsxwriter/worksheet.py", "write_row") == 2001
    assert kall_til(store, "xlsxwriter/worksheet.py", "_write_single_row") == 2001


def test_excel_eksport_har_tekst_datoer_og_fet_overskrift():
    svar = tabell_eksport("xlsx", kolonner=KOLONNER, rader=rader(3), filnavn="x", ark="Ark")
    arket = load_workbook(io.BytesIO(svar.content)).active
    assert [c.value for c in arket[1]] == ["Navn", "Dato", "Antall"] and arket["A1"].font.bold
    assert arket["A2"].value == "=Person 0" and arket["A2"].data_type == "s"  # never a formula
    assert arket["B2"].number_format == "DD.MM.YYYY" and arket["C4"].value == 2
    assert arket["B2"].value.date() == date(2026, 1, 1) and arket["B4"].value.date() == date(2026, 1, 3)
    assert arket.freeze_panes == "A2"
    assert bredder(arket) == {1: 12, 2: 12, 3: 12}


def test_excel_tekst_forblir_tekst():
    """Text that Excel would turn into a formula, a link or a number stays the text it is; numbers are numbers."""
    tekster = ['=HYPERLINK("http://x","y")', "https://imdi.no", "+47 22 00 00 00", "0301", "-1"]
    svar = tabell_eksport(
        "xlsx",
        kolonner=[("t", "En svært lang kolonneoverskrift"), ("n", "N")],
        rader=[{"t": t, "n": 1.5} for t in tekster],
        filnavn="x",
        ark="Et ark med et navn lengre enn Excel tillater",
    )
    bok = load_workbook(io.BytesIO(svar.content))
    arket = bok.active
    assert bok.sheetnames == ["Et ark med et navn lengre enn E"]  # Excel's 31 characters
    assert [(c.value, c.data_type, c.hyperlink) for (c,) in arket.iter_rows(min_row=2, max_col=1)] == [
        (t, "s", None) for t in tekster
    ]
    assert arket["B2"].value == 1.5 and arket["B2"].data_type == "n"
    assert bredder(arket) == {1: len("En svært lang kolonneoverskrift") + 2, 2: 12}


def test_excel_datoer_for_1900_er_riktige():
    """Excel's day numbers skip a 29 February 1900 that never was: openpyxl's conversion, not our own."""
    svar = tabell_eksport(
        "xlsx",
        kolonner=KOLONNER,
        rader=[{"navn": "a", "dato": d, "antall": 1} for d in (date(1900, 1, 1), date(1900, 3, 1))],
        filnavn="x",
        ark="Ark",
    )
    arket = load_workbook(io.BytesIO(svar.content)).active
    assert [arket[f"B{i}"].value.date() for i in (2, 3)] == [date(1900, 1, 1), date(1900, 3, 1)]
