from __future__ import annotations

import datetime as dt
import zoneinfo

import numpy as np
import pytest

from ranting.dashboards import indicators
from ranting.dashboards.indicators import NO, NOT_ASSESSABLE, YES, Timeliness

JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("zlen", "flags", "expected"),
    [
        pytest.param(-2.01, "", YES, id="just-below-cutoff"),
        pytest.param(-2.0, "", NO, id="exactly-minus-2-is-normal"),
        pytest.param(-3.5, "", YES, id="severely-stunted"),
        pytest.param(1.2, "", NO, id="normal"),
        pytest.param(None, "", NOT_ASSESSABLE, id="missing"),
        pytest.param(-7.0, "zlen", NOT_ASSESSABLE, id="flagged"),
        pytest.param(-2.5, "zwei,zlen", NOT_ASSESSABLE, id="flagged-among-others"),
        pytest.param(-2.5, "zwfl", YES, id="other-index-flagged"),
    ],
)
def test_it_classifies_stunting(zlen, flags, expected):
    assert indicators.stunting(zlen, flags) == expected


@pytest.mark.parametrize(
    ("zwfl", "flags", "oedema", "expected"),
    [
        pytest.param(-2.4, "", False, YES, id="wasted"),
        pytest.param(-2.0, "", False, NO, id="exactly-minus-2"),
        pytest.param(None, "", True, YES, id="oedema-counts-as-wasted"),
        pytest.param(None, "", False, NOT_ASSESSABLE, id="missing"),
        pytest.param(-5.5, "zwfl", False, NOT_ASSESSABLE, id="flagged"),
        pytest.param(0.5, "zlen", False, NO, id="other-index-flagged"),
    ],
)
def test_it_classifies_wasting(zwfl, flags, oedema, expected):
    assert indicators.wasting(zwfl, flags, oedema) == expected


@pytest.mark.parametrize(
    ("zwei", "flags", "oedema", "expected"),
    [
        pytest.param(-2.2, "", False, YES, id="underweight"),
        pytest.param(-1.9, "", False, NO, id="normal"),
        pytest.param(None, "", True, YES, id="oedema-counts-below-minus-3"),
        pytest.param(-6.5, "zwei", False, NOT_ASSESSABLE, id="flagged"),
        pytest.param(None, "", False, NOT_ASSESSABLE, id="missing"),
    ],
)
def test_it_classifies_underweight(zwei, flags, oedema, expected):
    assert indicators.underweight(zwei, flags, oedema) == expected


def test_it_agrees_with_the_growth_engine_indicators():
    classify = pytest.importorskip("ranting.growth.classify")
    z = [-3.5, -2.01, -2.0, 0.0, None, -7.0, None]
    flag = [0, 0, 0, 0, 0, 1, 0]
    oedema = [False, False, False, False, False, False, True]
    as_float = [np.nan if v is None else v for v in z]
    engine = {
        "stunting": classify.is_stunted(as_float, flag),
        "wasting": classify.is_wasted(as_float, flag, oedema),
        "underweight": classify.is_underweight(as_float, flag, oedema),
    }
    code = {int(classify.YES): YES, int(classify.NO): NO, int(classify.NOT_ASSESSABLE): None}
    index = {"stunting": "zlen", "wasting": "zwfl", "underweight": "zwei"}
    for name, results in engine.items():
        for i, value in enumerate(z):
            flags = index[name] if flag[i] else ""
            if name == "stunting":
                ours = indicators.stunting(value, flags)
            else:
                ours = indicators.ROW_FUNCTIONS[name](value, flags, oedema[i])
            expected = code[int(results[i])] or NOT_ASSESSABLE
            assert ours == expected, (name, i)


def test_it_reads_flags_as_a_list_not_a_substring():
    assert indicators.is_flagged("zlen,zwfl", "zwfl")
    assert indicators.is_flagged(" zlen , zwei", "zwei")
    assert not indicators.is_flagged("zlen", "zwfl")
    assert not indicators.is_flagged("", "zlen")


def test_it_computes_prevalence_or_none_without_denominator():
    assert indicators.prevalence(1, 4) == 25.0
    assert indicators.prevalence(0, 0) is None


def test_it_places_the_deadline_at_the_end_of_the_deadline_day(settings):
    deadline = indicators.submit_deadline(dt.date(2025, 5, 1), 25)
    assert deadline == dt.datetime(2025, 5, 26, tzinfo=JAKARTA)


def test_it_clamps_the_deadline_to_short_months():
    deadline = indicators.submit_deadline(dt.date(2025, 2, 1), 30)
    assert deadline == dt.datetime(2025, 3, 1, tzinfo=JAKARTA)


@pytest.mark.parametrize(
    ("status", "submitted", "expected"),
    [
        pytest.param(None, None, Timeliness.MISSING, id="no-report"),
        pytest.param("draft", None, Timeliness.MISSING, id="draft"),
        pytest.param(
            "submitted", dt.datetime(2025, 5, 25, 23, 59), Timeliness.ON_TIME, id="last-minute"
        ),
        pytest.param("approved", dt.datetime(2025, 5, 26, 0, 0), Timeliness.LATE, id="next-day"),
        pytest.param("returned", dt.datetime(2025, 5, 2), Timeliness.ON_TIME, id="returned-early"),
        pytest.param("submitted", None, Timeliness.LATE, id="sent-without-time"),
    ],
)
def test_it_classifies_report_timeliness(status, submitted, expected):
    deadline = indicators.submit_deadline(dt.date(2025, 5, 1), 25)
    aware = submitted.replace(tzinfo=JAKARTA) if submitted else None
    assert indicators.report_timeliness(status, aware, deadline) == expected


def test_it_documents_every_indicator():
    for ind in indicators.INDICATORS:
        assert indicators.ROW_FUNCTIONS[ind.code].__doc__
        assert "Numerator" in indicators.ROW_FUNCTIONS[ind.code].__doc__
        assert "Penyebut" in str(ind.definition)
