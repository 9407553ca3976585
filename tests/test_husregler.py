"""The house rules of issue #22 that a reader can check by eye, checked by a test: no module is too long to
read, and no template, view or admin decides by comparing a status with a literal (it asks a property or a
permission, so the rule lives in one place)."""

import re
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
APPER = ("imdinett", "mottak", "kommune", "innmelding", "fordeling", "utvikling")
MAKS_LINJER = 600
STATUSLITERAL = re.compile(r"""status\w*\s*(==|!=)\s*["']|["']\s*(==|!=)\s*\w*status\b""")


def _moduler():
    for app in APPER:
        for fil in (ROT / app).rglob("*.py"):
            if "migrations" not in fil.parts:
                yield fil


def lange_moduler() -> dict[str, int]:
    return {
        str(f.relative_to(ROT)): n
        for f in _moduler()
        if (n := len(f.read_text(encoding="utf-8").splitlines())) > MAKS_LINJER
    }


def statuslitteraler(tekst: str) -> list[str]:
    return [linje.strip() for linje in tekst.splitlines() if STATUSLITERAL.search(linje)]


def test_ingen_modul_over_600_linjer():
    assert lange_moduler() == {}


def test_ingen_mal_sammenligner_status_med_en_tekst():
    funn = {
        str(f.relative_to(ROT)): linjer
        for f in (ROT / "templates").rglob("*.html")
        if (linjer := statuslitteraler(f.read_text(encoding="utf-8")))
    }
    assert funn == {}


def test_ingen_visning_eller_admin_sammenligner_status_med_en_tekst():
    funn = {
        str(f.relative_to(ROT)): linjer
        for f in _moduler()
        if f.name in ("views.py", "admin.py") and (linjer := statuslitteraler(f.read_text(encoding="utf-8")))
    }
    assert funn == {}


def test_sjekken_finner_en_statusliteral():
    """The check can fail: the forms it must catch are caught, a property is not."""
    assert statuslitteraler('{% if liste.status == "besvart" %}') != []
    assert statuslitteraler("{% elif kode_status != 'brukt' %}") != []
    assert statuslitteraler('if liste.status != "utkast":') != []
    assert statuslitteraler("{% if liste.er_besvart %}{{ liste.get_status_display }}") == []
