"""Every environment variable read in settings.py is documented in docs/configuration.md."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_it_documents_every_environment_variable():
    settings_text = (ROOT / "ranting" / "settings.py").read_text()
    read = set(re.findall(r'env(?:str|bool|int)\("([A-Z_]+)"', settings_text))
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = sorted(name for name in read if f"`{name}`" not in documented)
    assert read, "no environment variables found: the pattern is out of date"
    assert missing == []


def test_it_reads_the_environment_only_in_settings():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "ranting").rglob("*.py")
        if path.name != "settings.py"
        and re.search(r"os\.(getenv|environ)\b", path.read_text())
        and "commands/__init__.py" not in str(path)
        and path.name != "wsgi.py"
    ]
    assert offenders == []


def test_it_documents_every_indicator():
    from ranting.dashboards.indicators import INDICATORS

    documented = (ROOT / "docs" / "indicators.md").read_text()
    keys = [indicator.code for indicator in INDICATORS]
    assert keys
    assert [key for key in keys if f"`{key}`" not in documented] == []
