"""`ranting serve` warms each worker before its first request (ranting/commands/serve.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# In a fresh interpreter: what a new gunicorn worker holds before and after the warm-up.
PROBE = """
import json, sys
from ranting.commands import django_setup
django_setup()
from ranting.commands.serve import warm_up
from ranting.growth.references import who2006

def loaded():
    return {
        "batch view": "ranting.api.routes.batch" in sys.modules,
        "recap views": "ranting.recaps.views" in sys.modules,
        "age tables": who2006.age_groups.cache_info().currsize,
        "length tables": who2006.length_lms.cache_info().currsize,
    }

before = loaded()
warm_up()
print(json.dumps([before, loaded()]))
"""


def test_a_worker_loads_the_views_and_the_who_tables_before_its_first_request():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DB": "sqlite"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    before, after = json.loads(result.stdout.strip().splitlines()[-1])

    assert before == {
        "batch view": False,
        "recap views": False,
        "age tables": 0,
        "length tables": 0,
    }
    assert after == {"batch view": True, "recap views": True, "age tables": 1, "length tables": 1}
