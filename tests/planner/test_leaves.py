"""The planner's leaves: values read off objects (attributes, inline functions of the parent,
resolved fields) and serialised with its shortcuts (values a serialiser returns unchanged skip
it, UTC datetimes are left for orjson) answer exactly as graphql-core does, for any value,
wrong and odd ones included: NaN, infinities, 64-bit integers, numbers for strings, naive and
offset datetimes, enum members and raw values, nulls in non-null fields."""

from __future__ import annotations

import enum
import json
import math
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import orjson
import pytest
import strawberry
from graphql import parse
from hypothesis import given, settings
from hypothesis import strategies as st

from schema.planner import Planner, execute_planned
from tests.planner.test_differential import assert_same_errors, encoded


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark-blue"


class Row:
    """A parent object: its attributes are what the fields read."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)


@strawberry.type
class Thing:
    # plain attributes
    text: str | None
    whole: int | None
    real: float | None
    flag: bool | None
    moment: datetime | None
    colour: Colour | None
    required_text: str
    required_real: float

    # inline functions of the parent
    @strawberry.field
    def text_of(root: Row) -> str | None:
        return root.text  # type: ignore[no-any-return]

    @strawberry.field
    def whole_of(root: Row) -> int | None:
        return root.whole  # type: ignore[no-any-return]

    @strawberry.field
    def real_of(root: Row) -> float | None:
        return root.real  # type: ignore[no-any-return]

    @strawberry.field
    def moment_of(root: Row) -> datetime | None:
        return root.moment  # type: ignore[no-any-return]

    @strawberry.field
    def colour_of(root: Row) -> Colour | None:
        return root.colour  # type: ignore[no-any-return]

    @strawberry.field
    def required_real_of(root: Row) -> float:
        return root.required_real  # type: ignore[no-any-return]

    # resolved one by one (the general path)
    @strawberry.field
    async def text_later(root: Row) -> str | None:
        return root.text  # type: ignore[no-any-return]

    @strawberry.field
    async def real_later(root: Row) -> float | None:
        return root.real  # type: ignore[no-any-return]

    @strawberry.field
    async def moment_later(root: Row) -> datetime | None:
        return root.moment  # type: ignore[no-any-return]


ROWS: list[Row] = []


@strawberry.type
class Query:
    @strawberry.field
    def things(self) -> list[Thing | None]:
        return ROWS  # type: ignore[return-value]


SCHEMA = strawberry.Schema(query=Query)
FIELDS = [
    "text",
    "whole",
    "real",
    "flag",
    "moment",
    "colour",
    "requiredText",
    "requiredReal",
    "textOf",
    "wholeOf",
    "realOf",
    "momentOf",
    "colourOf",
    "requiredRealOf",
    "textLater",
    "realLater",
    "momentLater",
]

ODD_ZONES = [UTC, timezone(timedelta(hours=5)), timezone(timedelta(hours=5, seconds=30))]
ZONES = st.sampled_from([None, *ODD_ZONES])
INT_EDGES = st.sampled_from([2**31 - 1, -(2**31)])

# Values each field's serialiser takes without an error (the generated assembly's fast paths
# and the serialiser calls it makes for the rest: Decimals and ints for floats, raw enum
# values, datetimes in any zone)...
VALID = {
    "text": st.one_of(st.none(), st.text(max_size=5)),
    "whole": st.one_of(st.none(), st.integers(-(2**31), 2**31 - 1), INT_EDGES),
    "real": st.one_of(
        st.none(),
        st.floats(allow_nan=False, allow_infinity=False),
        st.integers(-(2**40), 2**40),
        st.decimals(allow_nan=False, allow_infinity=False, places=2),
    ),
    "flag": st.one_of(st.none(), st.booleans()),
    "moment": st.one_of(st.none(), st.datetimes(timezones=ZONES)),
    "colour": st.one_of(st.none(), st.sampled_from([*Colour, *(c.value for c in Colour)])),
    "required_text": st.text(max_size=5),
    "required_real": st.floats(allow_nan=False, allow_infinity=False),
}
# ...and values some of them refuse (or take differently): each makes one error at most.
ODD = st.one_of(
    st.none(),
    st.sampled_from([math.nan, math.inf, -math.inf]),
    st.sampled_from([2**31, -(2**31) - 1, 2**53]),
    st.sampled_from([datetime(2026, 1, 18, 12, 10, tzinfo=zone) for zone in ODD_ZONES]),
    st.text(max_size=3),
    st.integers(-(2**40), 2**40),
    st.booleans(),
    st.sampled_from([*Colour, "RED", "green"]),
    st.datetimes(timezones=ZONES),
    st.dates(),
)
ROW = st.fixed_dictionaries(VALID)
# The attribute each field reads: textOf and textLater read `text`, requiredReal `required_real`.
ATTRIBUTE = {
    f: next(
        a for a in sorted(VALID, key=len, reverse=True) if f.lower().startswith(a.replace("_", ""))
    )
    for f in FIELDS
}


async def run_both(query: str, planner: Planner) -> tuple[Any, Any]:
    ordinary = await SCHEMA.execute(query)
    planned = await execute_planned(planner, parse(query), None, {}, None)
    assert planned is not None
    return ordinary, planned


async def compare(query: str) -> None:
    # a planner per query: its generated assembly is made for the first values it meets
    ordinary, (planned_data, planned_errors) = await run_both(query, Planner(SCHEMA))
    assert encoded(planned_data) == encoded(ordinary.data)
    # (graphql-core stops an object's fields at the first error that nulls it; the planner
    # reports every error it met, all inside the nulled object: see test_differential)
    assert_same_errors(planned_data, planned_errors, ordinary.errors)


@settings(max_examples=600, deadline=None, database=None)
@given(data=st.data())
async def test_leaves_answer_as_graphql_core_does(data: st.DataObject) -> None:
    values = data.draw(st.lists(ROW, min_size=1, max_size=6))
    fields = data.draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=8, unique=True))
    if data.draw(st.booleans(), label="one odd value"):
        # in an attribute one of the chosen fields reads
        row = data.draw(st.sampled_from(values))
        row[ATTRIBUTE[data.draw(st.sampled_from(fields))]] = data.draw(ODD)
    ROWS[:] = [Row(v) for v in values]
    await compare("{ things { " + " ".join(fields) + " } }")


PLAIN = {
    "text": "a",
    "whole": 1,
    "real": 1.5,
    "flag": True,
    "moment": datetime(2026, 1, 18, 12, 10, tzinfo=UTC),
    "colour": Colour.RED,
    "required_text": "b",
    "required_real": 2.5,
}
EDGES = [
    ("whole", 2**31 - 1),
    ("whole", -(2**31)),
    ("whole", 2**31),
    ("whole", -(2**31) - 1),
    ("whole", True),
    ("whole", 2.0),
    ("real", math.nan),
    ("real", -math.inf),
    ("real", Decimal("6.5")),
    ("real", 3),
    ("real", "7"),
    ("text", 5),
    ("text", Colour.RED),
    ("flag", 1),
    ("moment", datetime(2026, 1, 18, 12, 10, tzinfo=timezone(timedelta(hours=5, seconds=30)))),
    ("moment", datetime(2026, 1, 18, 12, 10)),
    ("moment", datetime(2026, 1, 18).date()),
    ("colour", "red"),
    ("colour", "RED"),
    ("colour", "green"),
    ("required_text", None),
    ("required_real", None),
    ("required_real", math.inf),
]


@pytest.mark.parametrize(("attribute", "value"), EDGES)
async def test_edge_values_answer_as_graphql_core_does(attribute: str, value: Any) -> None:
    # Beside plain values, so the generated assembly meets each edge in its fast path.
    ROWS[:] = [Row(PLAIN), Row({**PLAIN, attribute: value}), Row(PLAIN)]
    await compare("{ things { " + " ".join(FIELDS) + " } }")
    await compare("{ things { " + " ".join(f for f in FIELDS if ATTRIBUTE[f] == attribute) + " } }")


async def test_utc_datetimes_are_left_for_orjson_and_written_as_isoformat() -> None:
    moment = datetime(2026, 1, 18, 12, 10, 0, 500, tzinfo=UTC)
    ROWS[:] = [Row({"moment": moment, "required_text": "x", "required_real": 1.0})]
    query = "{ things { moment momentOf } }"
    _, (data, errors) = await run_both(query, Planner(SCHEMA))
    assert errors == []
    assert data["things"][0]["moment"] is moment  # for the encoder, not a string yet
    assert json.loads(orjson.dumps(data)) == {
        "things": [{"moment": moment.isoformat(), "momentOf": moment.isoformat()}]
    }
    # a planner told otherwise (the standard json module will encode) writes strings
    _, (data, _) = await run_both(query, Planner(SCHEMA, native_datetimes=False))
    assert data["things"][0]["moment"] == moment.isoformat()


async def test_dialect_serialisers_replace_the_schemas() -> None:
    moment = datetime(2026, 1, 18, 12, 10, tzinfo=UTC)
    ROWS[:] = [
        Row(
            {
                "moment": moment,
                "colour": Colour.DARK_BLUE,
                "real": Decimal("6.5"),
                "required_text": "x",
                "required_real": 1.0,
            }
        )
    ]
    planner = Planner(
        SCHEMA,
        serializers={
            "DateTime": lambda v: v.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Colour": lambda v: v.value,
        },
    )
    query = "{ things { moment momentLater colour colourOf realOf } }"
    _, (data, errors) = await run_both(query, planner)
    assert errors == []
    assert data == {
        "things": [
            {
                "moment": "2026-01-18T12:10:00Z",
                "momentLater": "2026-01-18T12:10:00Z",
                "colour": "dark-blue",
                "colourOf": "dark-blue",
                "realOf": 6.5,
            }
        ]
    }
