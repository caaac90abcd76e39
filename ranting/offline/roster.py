"""The kader's child list as the phone keeps it: each active child with its recent weighings.

The phone needs more than the API's `last_measurement`: N/T/O/B needs the previous weighing,
2T its status, and the "length shrank" check the last measured length, which may be months
back (length is often measured only in February and August). So each child carries its newest
`HISTORY_ROWS` weighings plus, when older, the newest one with a length.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone

from ranting.children.models import Child
from ranting.measurements.models import Measurement
from ranting.regions.models import Posyandu

# A year and a month: enough for the previous weighing and its status in any realistic gap.
HISTORY_ROWS = 13

HISTORY_FIELDS = (
    "id",
    "child_id",
    "period",
    "measured_on",
    "weight_kg",
    "lenhei_cm",
    "position",
    "clenhei_cm",
    "growth",
    "two_t",
    "bgm",
    "zwei",
    "zlen",
    "zwfl",
    "zbmi",
    "status_bbu",
    "status_tbu",
    "status_bbtb",
    "status_imtu",
    "flags",
)


def _row(values: dict[str, Any]) -> dict[str, Any]:
    row = {key: values[key] for key in HISTORY_FIELDS if key != "child_id"}
    row["period"] = values["period"].strftime("%Y-%m")
    row["measured_on"] = values["measured_on"].isoformat()
    row["weight_kg"] = float(values["weight_kg"])
    row["lenhei_cm"] = None if values["lenhei_cm"] is None else float(values["lenhei_cm"])
    return row


def _histories(children: list[Child]) -> dict[int, list[dict[str, Any]]]:
    """Every weighing of `children`, newest first, in one query."""
    rows = (
        Measurement.objects.filter(child__in=[c.pk for c in children])
        .order_by("child_id", "-period")
        .values(*HISTORY_FIELDS)
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for values in rows:
        out[values["child_id"]].append(values)
    return out


def _child(child: Child, weighings: list[dict[str, Any]]) -> dict[str, Any]:
    recent = weighings[:HISTORY_ROWS]
    older = weighings[HISTORY_ROWS:]
    if older and all(r["clenhei_cm"] is None for r in recent):
        length_row = next((r for r in older if r["clenhei_cm"] is not None), None)
        if length_row is not None:
            recent = [*recent, length_row]
    return {
        "id": child.pk,
        "name": child.name,
        "sex": child.sex,
        "sex_label": str(child.get_sex_display()),
        "birth_date": child.birth_date.isoformat(),
        # Weighed before the oldest row sent: the first row sent is then not a "B".
        "weighed_before": len(weighings) > len(recent),
        "history": [_row(r) for r in recent],
    }


def roster(posyandu: Posyandu) -> dict[str, Any]:
    """The JSON document of /luring/data/anak.json for `posyandu` (two queries)."""
    children = list(Child.objects.filter(posyandu=posyandu, is_active=True).order_by("name"))
    histories = _histories(children)
    return {
        "posyandu": {"id": posyandu.pk, "label": str(posyandu)},
        "generated_at": timezone.now().isoformat(),
        "children": [_child(c, histories.get(c.pk, [])) for c in children],
    }
