"""The house's dependency rules (docs/architecture.md «Which way dependencies run»), written as import-linter
contracts in pyproject.toml (`[tool.importlinter]`): the core's apps and modules in layers without cycles, the
core importing no workflow app, the workflow apps' own order. Every import counts, also one inside a function.
`lint-imports` checks the same contracts from the command line."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROT = Path(__file__).resolve().parent.parent
PAKKER = ("imdinett", "mottak", "kommune", "innmelding", "fordeling", "utvikling")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint(rot: Path, *kontrakter: str) -> subprocess.CompletedProcess:
    valg = [arg for kontrakt in kontrakter for arg in ("--contract", kontrakt)]
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", *valg, str(rot / "pyproject.toml")],
        cwd=rot,
        env={"PYTHONPATH": str(rot), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_kontraktene_holder():
    svar = _lint(ROT)
    assert svar.returncode == 0, svar.stdout + svar.stderr


def test_kontraktene_dekker_reglene():
    kontrakter = {
        k["id"]
        for k in tomllib.loads((ROT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    }
    assert kontrakter == {
        "kjernens-lag",
        "kjernen-uten-arbeidsflyt",
        "arbeidsflytappene",
        "fordeling-uten-mottak",
        "kjernens-moduler-uten-sykler",
    }


@pytest.fixture(scope="module")
def kopi(tmp_path_factory) -> Path:
    """The project's Python packages and its contracts, copied: a test writes a wrong import into the copy."""
    rot = tmp_path_factory.mktemp("hus")
    for pakke in PAKKER:
        shutil.copytree(
            ROT / pakke, rot / pakke, ignore=shutil.ignore_patterns("__pycache__", "*.html", "*.json")
        )
    shutil.copy(ROT / "pyproject.toml", rot)
    return rot


def test_kopien_holder_kontraktene(kopi):
    """So a broken contract below comes from the wrong import alone."""
    svar = _lint(kopi)
    assert svar.returncode == 0, svar.stdout + svar.stderr


@pytest.mark.parametrize(
    "fil, feil_import, kontrakt",
    [
        # The core importing a workflow app, inside a function.
        ("imdinett/uker.py", "from kommune.views import oversikt", "kjernen-uten-arbeidsflyt"),
        # A lower core app importing a higher one: organisasjoner below hendelser.
        (
            "imdinett/organisasjoner/tilgang.py",
            "from imdinett.hendelser.services import hendelse_registrer",
            "kjernens-lag",
        ),
        # The person folder assembling competence itself: personer below kompetanse.
        (
            "imdinett/personer/selectors.py",
            "from imdinett.kompetanse.selectors import kompetanse",
            "kjernens-lag",
        ),
        # A cycle between two modules of one core app.
        (
            "imdinett/personer/models.py",
            "from .selectors import persons_visible_to",
            "kjernens-moduler-uten-sykler",
        ),
        # Fordeling asking the mottak app (the completeness rule is the core's now) or another app's views.
        ("fordeling/services.py", "from mottak.selectors import oppgaveliste", "fordeling-uten-mottak"),
        ("fordeling/services.py", "from kommune.views import oversikt", "fordeling-uten-mottak"),
        # Two workflow apps importing each other; a workflow app importing the developer tools.
        ("kommune/selectors.py", "from innmelding.selectors import AKTIVE", "arbeidsflytappene"),
        ("mottak/services.py", "from utvikling.demo import seed_demo", "arbeidsflytappene"),
    ],
)
def test_kontrakten_brytes_av_en_bevisst_feil_import(kopi, fil, feil_import, kontrakt):
    """The check can fail: a deliberately wrong import, hidden in a function, breaks its contract."""
    sti = kopi / fil
    original = sti.read_text(encoding="utf-8")
    sti.write_text(f"{original}\n\ndef _bevisst_feil():\n    {feil_import}\n", encoding="utf-8")
    try:
        svar = _lint(kopi, kontrakt)
    finally:
        sti.write_text(original, encoding="utf-8")
    assert svar.returncode == 1, svar.stdout + svar.stderr
    assert "BROKEN" in svar.stdout and "Contracts: 0 kept, 1 broken." in svar.stdout, svar.stdout
