"""Band rules: the published conversion tables at every boundary, the overall rounding rule,
and properties of both over their whole ranges."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from resolvers import ielts
from resolvers.assessment.scoring import answer_key, ielts_bands
from resolvers.errors import Collector

# The published tables, written as the ranges they are printed with (raw scores out of 40).
LISTENING = {
    "39-40": "9.0",
    "37-38": "8.5",
    "35-36": "8.0",
    "32-34": "7.5",
    "30-31": "7.0",
    "26-29": "6.5",
    "23-25": "6.0",
    "18-22": "5.5",
    "16-17": "5.0",
    "13-15": "4.5",
    "10-12": "4.0",
    "8-9": "3.5",
    "6-7": "3.0",
    "4-5": "2.5",
}
ACADEMIC_READING = {
    "39-40": "9.0",
    "37-38": "8.5",
    "35-36": "8.0",
    "33-34": "7.5",
    "30-32": "7.0",
    "27-29": "6.5",
    "23-26": "6.0",
    "19-22": "5.5",
    "15-18": "5.0",
    "13-14": "4.5",
    "10-12": "4.0",
    "8-9": "3.5",
    "6-7": "3.0",
    "4-5": "2.5",
}
GENERAL_READING = {
    "40-40": "9.0",
    "39-39": "8.5",
    "37-38": "8.0",
    "36-36": "7.5",
    "34-35": "7.0",
    "32-33": "6.5",
    "30-31": "6.0",
    "27-29": "5.5",
    "23-26": "5.0",
    "19-22": "4.5",
    "15-18": "4.0",
    "12-14": "3.5",
    "9-11": "3.0",
    "6-8": "2.5",
}


def expected_band(printed: dict[str, str], raw: int) -> Decimal:
    for span, band in printed.items():
        low, high = (int(x) for x in span.split("-"))
        if low <= raw <= high:
            return Decimal(band)
    # below the printed table: any correct answer is 2.0, none is 0.0
    return Decimal("2.0") if raw > 0 else Decimal("0.0")


@pytest.mark.parametrize(
    ("table", "printed"),
    [
        (ielts_bands.LISTENING_TABLE, LISTENING),
        (ielts_bands.ACADEMIC_READING_TABLE, ACADEMIC_READING),
        (ielts_bands.GENERAL_READING_TABLE, GENERAL_READING),
    ],
    ids=["listening", "academic-reading", "general-training-reading"],
)
def test_every_raw_score_and_every_boundary(
    table: list[tuple[int, Decimal]], printed: dict[str, str]
) -> None:
    for raw in range(0, 41):
        assert ielts_bands.band_for_raw(raw, table) == expected_band(printed, raw), raw
    # each boundary and the score just below it
    for span, band in printed.items():
        low = int(span.split("-")[0])
        assert ielts_bands.band_for_raw(low, table) == Decimal(band)
        assert ielts_bands.band_for_raw(low - 1, table) < Decimal(band)


def test_tables_are_chosen_by_module_and_variant() -> None:
    assert ielts_bands.published_table("LISTENING") is ielts_bands.LISTENING_TABLE
    assert ielts_bands.published_table("READING", "ACADEMIC") is ielts_bands.ACADEMIC_READING_TABLE
    assert (
        ielts_bands.published_table("READING", "GENERAL_TRAINING")
        is ielts_bands.GENERAL_READING_TABLE
    )


@pytest.mark.parametrize(
    ("bands", "overall"),
    [
        # the examples IELTS publishes with its rounding rule
        (("6.5", "6.5", "5.0", "7.0"), "6.5"),  # 6.25 -> 6.5
        (("4.0", "3.5", "4.0", "4.0"), "4.0"),  # 3.875 -> 4.0
        (("6.5", "6.5", "5.5", "6.0"), "6.0"),  # 6.125 -> 6.0
        # seed 001 §18.4
        (("7.5", "8.0", "7.0", "6.5"), "7.5"),  # 7.25 -> 7.5
        (("7.5", "8.0", "7.5", "7.0"), "7.5"),
        (("7.0", "7.0", "7.0", "7.5"), "7.0"),  # 7.125 -> 7.0
        (("7.0", "7.0", "7.5", "7.5"), "7.5"),  # 7.25 -> 7.5
        (("7.5", "7.5", "7.5", "7.0"), "7.5"),  # 7.375 -> 7.5
        (("7.5", "8.0", "7.5", "8.0"), "8.0"),  # 7.75 -> 8.0
        (("9.0", "9.0", "9.0", "8.5"), "9.0"),  # 8.875 -> 9.0
        (("0.0", "0.0", "0.0", "0.0"), "0.0"),
    ],
)
def test_overall_rounding_rule(bands: tuple[str, ...], overall: str) -> None:
    assert ielts_bands.overall_band(Decimal(b) for b in bands) == Decimal(overall)


def test_overall_of_the_bands_present() -> None:
    assert ielts_bands.overall_band([]) is None
    assert ielts_bands.overall_band([None, Decimal("6.5")]) == Decimal("6.5")
    # (7 + 6.5 + 6) / 3 = 6.5
    assert ielts_bands.overall_band([Decimal("7"), Decimal("6.5"), None, Decimal("6")]) == Decimal(
        "6.5"
    )


BANDS = st.integers(min_value=0, max_value=18).map(lambda n: Decimal(n) / 2)


@given(st.lists(BANDS, min_size=1, max_size=4))
def test_overall_is_a_band_near_the_mean(bands: list[Decimal]) -> None:
    overall = ielts_bands.overall_band(bands)
    assert overall is not None and ielts_bands.is_band(overall)
    mean = sum(bands, Decimal(0)) / len(bands)
    assert min(bands) <= overall <= max(bands)
    assert -Decimal("0.25") < overall - mean <= Decimal("0.25")


@given(st.decimals(min_value=0, max_value=9, places=3))
def test_rounding_is_monotonic_and_stays_on_the_half_band_grid(mean: Decimal) -> None:
    rounded = ielts_bands.round_overall(mean)
    assert ielts_bands.is_band(rounded)
    assert ielts_bands.round_overall(mean + Decimal("0.001")) >= rounded


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_conversion_is_monotonic_and_in_range(a: int, b: int) -> None:
    for table in (
        ielts_bands.LISTENING_TABLE,
        ielts_bands.ACADEMIC_READING_TABLE,
        ielts_bands.GENERAL_READING_TABLE,
    ):
        low, high = sorted((a, b))
        assert ielts_bands.is_band(ielts_bands.band_for_raw(low, table))
        assert ielts_bands.band_for_raw(low, table) <= ielts_bands.band_for_raw(high, table)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-20, max_value=20))
def test_band_input_is_accepted_only_on_the_grid(value: Decimal) -> None:
    errors = Collector()
    parsed = ielts.parse_band(value, "band", errors)
    on_grid = Decimal(0) <= value <= Decimal(9) and (value * 2) % 1 == 0
    assert (parsed is not None) == on_grid
    assert (not errors.errors) == on_grid


def test_band_input_messages() -> None:
    errors = Collector()
    for value in (None, True, "x", "9.5", "-0.5", "6.3", float("nan")):
        ielts.parse_band(value, "band", errors)
    assert [e.message for e in errors.errors] == [
        "This field may not be null.",
        "A valid number is required.",
        "A valid number is required.",
        "Ensure this value is less than or equal to 9.0.",
        "Ensure this value is greater than or equal to 0.0.",
        "Ensure this value is a multiple of step size 0.5.",
        "A valid number is required.",
    ]


def test_raw_score_ignores_case_and_spaces_and_accepts_alternatives() -> None:
    key = {"1": ["A"], "2": ["carbon dioxide", "CO2"], "3": "TRUE"}
    answers = {"1": "a", "2": "  Carbon   Dioxide ", "3": "false", "4": "extra"}
    assert answer_key.raw_score(key, answers) == 2
    assert answer_key.raw_score(key, {"2": "co2", "3": "true"}) == 2
    assert answer_key.raw_score(key, {}) == 0


def test_a_tests_own_table_overrides_the_published_one() -> None:
    from models.items import QuestionBank

    errors = Collector()
    rows = ielts.validate_conversion([[35, 9], [20, "6.5"], [0, 1.0]], "conversion", errors)
    assert errors.errors == [] and rows == [[35, "9.0"], [20, "6.5"], [0, "1.0"]]
    bank = QuestionBank(kind="IELTS_READING", meta={"variant": "ACADEMIC", "conversion": rows})
    table = ielts.conversion_table_of(bank)
    assert [ielts_bands.band_for_raw(r, table) for r in (40, 35, 34, 20, 19, 0)] == [
        Decimal("9.0"),
        Decimal("9.0"),
        Decimal("6.5"),
        Decimal("6.5"),
        Decimal("1.0"),
        Decimal("1.0"),
    ]
    for bad in ([], [[10, 5], [10, 4]], [[10, 5], [5, 6]], [[-1, 5]], [[5, 9.25]], [[True, 5]]):
        errors = Collector()
        assert ielts.validate_conversion(bad, "conversion", errors) is None
        assert len(errors.errors) == 1
