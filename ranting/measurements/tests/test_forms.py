"""The API's input-only forms clean and refuse exactly as the page's forms do."""

from __future__ import annotations

import pytest

from ranting.measurements.forms import (
    CorrectionForm,
    CorrectionInput,
    MeasurementForm,
    MeasurementInput,
)

INPUTS = [
    {"measured_on": "2025-06-10", "weight_kg": "11,2", "lenhei_cm": "84.5", "position": "h"},
    {"measured_on": "2025-06-10", "weight_kg": "0,76"},  # kg typed as tonnes? too light
    {"measured_on": "2025-07-30", "weight_kg": "11.255", "lenhei_cm": "8450"},  # future, too many
    {"measured_on": "2023-01-01", "weight_kg": "abc", "position": "x", "notes": "n" * 301},
    {"weight_kg": "", "armc_cm": "14,5", "headc_cm": "46", "oedema": "on", "vitamin_a": "true"},
]


@pytest.mark.parametrize("data", INPUTS)
@pytest.mark.parametrize(
    ("page", "api"), [(MeasurementForm, MeasurementInput), (CorrectionForm, CorrectionInput)]
)
def test_input_only_forms_answer_as_the_page_forms(child, data, page, api):
    page_form, api_form = page(data, child=child), api(data, child=child)

    assert api_form.is_valid() is page_form.is_valid()
    assert api_form.errors == page_form.errors
    if page_form.is_valid():
        assert api_form.cleaned_data == page_form.cleaned_data


def test_input_only_forms_share_their_fields_and_leave_them_as_they_were(child):
    before = {name: vars(field).copy() for name, field in MeasurementInput.base_fields.items()}
    for data in INPUTS:
        form = MeasurementInput(data, child=child)
        form.is_valid()
        assert form.fields is MeasurementInput.base_fields

    assert {n: vars(f) for n, f in MeasurementInput.base_fields.items()} == before
    assert MeasurementForm(INPUTS[0], child=child).fields is not MeasurementForm.base_fields
