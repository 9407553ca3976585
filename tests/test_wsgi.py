"""The gunicorn worker's entry point (imdinett/wsgi.py)."""

import subprocess
import sys
from pathlib import Path


def test_arbeideren_fryser_det_som_er_lastet_ved_oppstart():
    """What Django loaded at start-up is frozen out of the garbage collector's sight, so a full collection walks
    only what requests made (#21: the forslag page's p95). In a process of its own, as a worker starts."""
    ut = subprocess.run(
        [sys.executable, "-c", "import gc, imdinett.wsgi; print(gc.get_freeze_count())"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(ut.stdout) > 50_000, ut.stdout
