"""#21: an Excel export's work grows with its rows, not with their square (8,000 rows took 52 s when the sheet
was asked for its last row on every row), and a row costs no more than openpyxl's own writing of it. Counted,
not timed: the Python calls made for N and for 4N rows, and the cells and date conversions made per row."""

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


def test_excel_lager_bare_celler_for_datoer_og_regner_hver_dato_om_en_gang():
    """A plain value goes to openpyxl as it is; only a date gets a cell of its own, and each distinct date is
    converted to Excel's day number once, however many rows hold it."""
    kall(50)
    smaa, store = profil(BOSATT, bosatte(500)), profil(BOSATT, bosatte(2000))
    celler = kall_til(store, "openpyxl/cell/cell.py", "WriteOnlyCell")
    celler -= kall_til(smaa, "openpyxl/cell/cell.py", "WriteOnlyCell")
    # openpyxl starts each row with a cell of its own and a fresh one after each styled cell: 1 + 2 × 2 dates
    # a row. A cell per value (as before #21) is 1 + 6 + 2.
    assert celler == (1 + 2 * 2) * 1500, celler
    datoer = {r[f] for r in bosatte(2000) for f in ("fodt", "bosatt")}
    assert kall_til(store, "openpyxl/utils/datetime.py", "to_excel") == len(datoer) < 2 * 2000


def test_excel_eksport_har_tekst_datoer_og_fet_overskrift():
    svar = tabell_eksport("xlsx", kolonner=KOLONNER, rader=rader(3), filnavn="x", ark="Ark")
    arket = load_workbook(io.BytesIO(svar.content)).active
    assert [c.value for c in arket[1]] == ["Navn", "Dato", "Antall"] and arket["A1"].font.bold
    assert arket["A2"].value == "=Person 0" and arket["A2"].data_type == "s"  # never a formula
    assert arket["B2"].number_format == "DD.MM.YYYY" and arket["C4"].value == 2
    assert arket["B2"].value.date() == date(2026, 1, 1) and arket["B4"].value.date() == date(2026, 1, 3)
    assert arket.freeze_panes == "A2"


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
