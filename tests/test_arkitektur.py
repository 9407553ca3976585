"""The house's dependency rules (issue «Tilgang», docs/architecture.md): the core (`imdinett/`) imports no
workflow app, and the apps import each other in one direction only (no cycles). Every import counts, also
one inside a function."""

import ast
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parent.parent
ARBEIDSFLYT = ("mottak", "kommune", "innmelding", "fordeling")
APPER = ("imdinett", *ARBEIDSFLYT)


def _importer(fil: Path) -> set[str]:
    """The top-level packages a file imports (relative imports stay in their own app)."""
    ut = set()
    for node in ast.walk(ast.parse(fil.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            ut |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            ut.add(node.module.split(".")[0])
    return ut


def _filer(app: str):
    return (f for f in (ROT / app).rglob("*.py") if "migrations" not in f.parts)


def avhengigheter() -> dict[str, set[str]]:
    return {app: {m for f in _filer(app) for m in _importer(f) if m in APPER and m != app} for app in APPER}


def _sykler(graf: dict[str, set[str]]) -> list[list[str]]:
    sykler, sti = [], []

    def besok(node):
        if node in sti:
            sykler.append([*sti[sti.index(node) :], node])
            return
        sti.append(node)
        for neste in sorted(graf[node]):
            besok(neste)
        sti.pop()

    for node in sorted(graf):
        besok(node)
    return sykler


def test_kjernen_importerer_ingen_arbeidsflytapp():
    brudd = {str(f.relative_to(ROT)): sorted(_importer(f) & set(ARBEIDSFLYT)) for f in _filer("imdinett")}
    assert {f: m for f, m in brudd.items() if m} == {}


def test_appene_har_ingen_importsykler():
    assert _sykler(avhengigheter()) == []


@pytest.mark.parametrize(
    "graf, forventet",
    [
        ({"a": {"b"}, "b": set()}, []),
        ({"a": {"b"}, "b": {"a"}}, [["a", "b", "a"], ["b", "a", "b"]]),
    ],
)
def test_syklusfinneren_finner_sykler(graf, forventet):
    """The check can fail: a deliberate cycle is found."""
    assert _sykler(graf) == forventet


def test_kjernesjekken_feiler_paa_en_bevisst_feil_import(tmp_path):
    fil = tmp_path / "feil.py"
    fil.write_text("def f():\n    from kommune.views import oversikt\n", encoding="utf-8")
    assert _importer(fil) & set(ARBEIDSFLYT) == {"kommune"}
