"""The growth engine is numpy-only: no file in ranting/growth imports Django (STYLE.md item 1)."""

from __future__ import annotations

import re
from pathlib import Path

import ranting.growth

GROWTH = Path(ranting.growth.__file__).resolve().parent
DJANGO_IMPORT = re.compile(r"^\s*(import\s+django|from\s+django[\s.])", re.MULTILINE)


def test_it_finds_the_growth_package_sources():
    assert (GROWTH / "zscores.py").is_file()


def test_it_imports_no_django_anywhere_in_the_growth_package():
    offenders = [
        str(path.relative_to(GROWTH))
        for path in sorted(GROWTH.rglob("*.py"))
        if DJANGO_IMPORT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
