"""What a publication page and PDF show, built from a payload alone (live or frozen).

With `public=True` the small-cell rule stored in the payload is applied (suppression.py): a
hidden cell keeps only its denominator; its numerator, percentage, confidence interval, class
and difference from the previous round are dropped here, so no template or PDF can print them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ranting.publication import classes, suppression
from ranting.publication.suppression import Rule

CURRENT, PREVIOUS = "figures", "previous"


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    label: str
    short: str
    numerator: str
    denominator: str
    target: float | None
    classes: dict

    @property
    def class_source(self) -> str:
        return self.classes["source"]

    @property
    def legend(self) -> list[dict]:
        fills = classes.colours(self.classes)
        return [
            {
                "label": bound["label"],
                "range": classes.range_label(self.classes, index),
                "fill": fills[index],
                "text": classes.text_colour(fills[index]),
            }
            for index, bound in enumerate(self.classes["bounds"])
        ]


@dataclass(frozen=True)
class Figure:
    """One indicator of one unit. Hidden figures carry only their denominator."""

    code: str
    d: int
    n: int | None = None
    pct: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    delta_pp: float | None = None
    hidden: bool = False
    class_index: int | None = None
    class_label: str = ""
    fill: str = classes.EMPTY_FILL
    text_fill: str = "#1d2430"

    @property
    def empty(self) -> bool:
        """Nobody could be assessed (shown as "–", never hidden)."""
        return self.d == 0


@dataclass
class UnitRow:
    code: str
    name: str
    level: str
    registered: int
    measured: int
    coverage: float | None
    posyandu_total: int
    posyandu_approved: int
    figures: list[Figure]
    previous_figures: list[Figure]
    previous_measured: int
    previous_coverage: float | None
    units: list[UnitRow] = field(default_factory=list)

    @property
    def pairs(self) -> list[tuple[Figure, Figure]]:
        """(this round, previous round) per indicator, for the tables."""
        return list(zip(self.figures, self.previous_figures, strict=True))


@dataclass
class PublicationReport:
    public: bool
    region_code: str
    region_name: str
    region_level: str
    kota_code: str
    kota_name: str
    round_label: str
    previous_label: str
    year: int
    month: int
    computed_at: str
    indicators: list[IndicatorInfo]
    rule: Rule
    total: UnitRow
    groups: list[UnitRow]
    hidden_cells: int = 0

    @property
    def region_is_kota(self) -> bool:
        return self.region_level == "kota"

    @property
    def all_rows(self) -> list[UnitRow]:
        rows = [self.total]
        for group in self.groups:
            rows.append(group)
            rows.extend(group.units)
        return rows

    @property
    def summary(self) -> list[dict]:
        """Per indicator: its info, this round's and the previous round's figure for the region."""
        return [
            {"info": info, "now": now, "before": before}
            for info, (now, before) in zip(self.indicators, self.total.pairs, strict=True)
        ]

    @property
    def is_complete(self) -> bool:
        """Every active posyandu's report for the round month is approved."""
        return self.total.posyandu_approved >= self.total.posyandu_total

    def indicator_index(self, code: str) -> int:
        for index, ind in enumerate(self.indicators):
            if ind.code == code:
                return index
        raise KeyError(code)


def _tree(payload: dict, key: str, code: str) -> suppression.Cell:
    """The table of one indicator in one round as a suppression tree (kota → kec → kel)."""

    def cell(unit: dict) -> suppression.Cell:
        source = unit[key] if key == CURRENT else unit[PREVIOUS]["figures"]
        fig = source[code]
        return suppression.Cell(unit["code"], fig["n"], fig["d"])

    groups = []
    for group in payload["groups"]:
        node = cell(group)
        node.parts = [cell(unit) for unit in group["units"]]
        groups.append(node)
    total = payload["total"]
    # A kecamatan payload: its total is its one group (the same region).
    if len(groups) == 1 and groups[0].key == total["code"]:
        return groups[0]
    root = cell(total)
    root.parts = groups
    return root


def _figure(raw: dict, info: IndicatorInfo, hidden: bool, delta_hidden: bool) -> Figure:
    if hidden:
        return Figure(code=info.code, d=raw["d"], hidden=True, fill=classes.SUPPRESSED_FILL)
    index = classes.class_index(raw["pct"], info.classes)
    fill = classes.EMPTY_FILL if index is None else classes.colours(info.classes)[index]
    return Figure(
        code=info.code,
        d=raw["d"],
        n=raw["n"],
        pct=raw["pct"],
        ci_low=raw["ci_low"],
        ci_high=raw["ci_high"],
        delta_pp=None if delta_hidden else raw.get("delta_pp"),
        class_index=index,
        class_label="" if index is None else info.classes["bounds"][index]["label"],
        fill=fill,
        text_fill=classes.text_colour(fill),
    )


def _row(unit: dict, infos: list[IndicatorInfo], hidden: dict) -> UnitRow:
    current, previous = [], []
    for info in infos:
        now_hidden = unit["code"] in hidden[(CURRENT, info.code)]
        before_hidden = unit["code"] in hidden[(PREVIOUS, info.code)]
        current.append(
            _figure(unit["figures"][info.code], info, now_hidden, now_hidden or before_hidden)
        )
        previous.append(_figure(unit["previous"]["figures"][info.code], info, before_hidden, True))
    return UnitRow(
        code=unit["code"],
        name=unit["name"],
        level=unit["level"],
        registered=unit["registered"],
        measured=unit["measured"],
        coverage=unit["coverage"],
        posyandu_total=unit["posyandu_total"],
        posyandu_approved=unit["posyandu_approved"],
        figures=current,
        previous_figures=previous,
        previous_measured=unit["previous"]["measured"],
        previous_coverage=unit["previous"]["coverage"],
    )


def build_report(payload: dict, *, public: bool) -> PublicationReport:
    infos = [IndicatorInfo(**ind) for ind in payload["indicators"]]
    rule = Rule(**payload["suppression"])
    hidden: dict[tuple[str, str], set[str]] = {}
    for key in (CURRENT, PREVIOUS):
        for info in infos:
            hidden[(key, info.code)] = (
                suppression.suppress(_tree(payload, key, info.code), rule) if public else set()
            )
    groups = []
    for group in payload["groups"]:
        row = _row(group, infos, hidden)
        row.units = [_row(unit, infos, hidden) for unit in group["units"]]
        groups.append(row)
    return PublicationReport(
        public=public,
        region_code=payload["region"]["code"],
        region_name=payload["region"]["name"],
        region_level=payload["region"]["level"],
        kota_code=payload["kota"]["code"],
        kota_name=payload["kota"]["name"],
        round_label=payload["round"]["label"],
        previous_label=payload["previous_round"]["label"],
        year=payload["round"]["year"],
        month=payload["round"]["month"],
        computed_at=payload["computed_at"],
        indicators=infos,
        rule=rule,
        total=_row(payload["total"], infos, hidden),
        groups=groups,
        hidden_cells=sum(len(keys) for (key, _code), keys in hidden.items() if key == CURRENT),
    )
