"""Each REST dialect's OpenAPI document: one per dialect, generated from the request models that
check the requests, so it says what the server really takes."""

from __future__ import annotations

import dataclasses
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from auth.principal import Principal
from models.people import Role
from resolvers import ielts
from resolvers.context import AppContext, Services
from resolvers.errors import ValidationFailed
from rest.dialects import DIALECTS
from rest.ielts_batch.students import BatchRequest
from server import create_app


async def document(client: httpx.AsyncClient, name: str) -> dict[str, Any]:
    response = await client.get(f"/api/openapi/{name}.json")
    assert response.status_code == 200
    return dict(response.json())


async def test_one_document_per_dialect_holding_only_its_paths(client: httpx.AsyncClient) -> None:
    academy = await document(client, "academy")
    batch = await document(client, "ielts-batch")
    assert [d.name for d in DIALECTS] == ["academy", "ielts-batch"]
    assert all(p.startswith("/api/v1/") or p.startswith("/api/token/") for p in academy["paths"])
    assert sorted(batch["paths"]) == [
        "/api/batch/students/latest-test-details/",
        "/api/batch/students/profiles/",
        "/api/batch/students/test-results/",
    ]
    assert academy["info"]["title"].startswith("Learning center")
    assert (await client.get("/api/openapi/nothing.json")).status_code == 404


async def test_academy_bodies_say_what_a_full_write_needs(client: httpx.AsyncClient) -> None:
    academy = await document(client, "academy")
    schemas = academy["components"]["schemas"]

    def body(path: str, method: str) -> dict[str, Any]:
        schema = academy["paths"][path][method]["requestBody"]["content"]["application/json"]
        refs = [s["$ref"] for s in schema["schema"].get("anyOf", [schema["schema"]]) if "$ref" in s]
        return dict(schemas[refs[0].rsplit("/", 1)[-1]])

    group = "/api/v1/groups/{group_id}/"
    assert body("/api/v1/groups/", "post")["required"] == ["name", "subject"]
    assert body(group, "put")["required"] == ["name", "subject"]
    assert "required" not in body(group, "patch")
    assert body("/api/v1/attendance/", "post")["required"] == ["student", "group", "status"]
    assert body("/api/v1/scores/", "post")["required"] == ["student", "group", "score"]
    assert body("/api/v1/subjects/", "post")["required"] == ["name"]
    # and the server agrees: a POST without them is refused field by field
    # (the statement of which fields is the resolver's own; see resolvers/groups.py)


async def test_batch_body_comes_from_the_model_that_checks_it(client: httpx.AsyncClient) -> None:
    batch = await document(client, "ielts-batch")
    for operation in batch["paths"].values():
        schema = operation["post"]["requestBody"]["content"]["application/json"]["schema"]
        assert schema == BatchRequest.model_json_schema()
        assert schema["required"] == ["emails"]
        emails = schema["properties"]["emails"]
        assert (emails["minItems"], emails["maxItems"]) == (1, 1000)
        per_module = schema["properties"]["perModuleLimit"]["anyOf"][0]
        assert (per_module["minimum"], per_module["maximum"]) == (1, ielts.MAX_PER_MODULE)


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=120),
    st.floats(allow_nan=False, min_value=-2, max_value=200),
    st.text(max_size=4),
    st.lists(st.one_of(st.text(max_size=3), st.integers(), st.none()), max_size=3),
)
bodies = st.fixed_dictionaries(
    {},
    optional={
        "emails": st.one_of(
            values,
            st.lists(st.sampled_from(["a@x.uz", " b@x.uz ", "", "  ", "A@X.UZ"]), max_size=4),
        ),
        "limit": values,
        "perModuleLimit": values,
        "includeDiagnostics": values,
        "includeAnswers": values,
    },
)


async def test_the_model_and_the_resolver_accept_the_same_bodies(services: Services) -> None:
    ctx = AppContext(services=services, principal=Principal(kind="user", role=Role.ADMIN))

    @settings(max_examples=400, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(body=bodies)
    def agree(body: dict[str, Any]) -> None:
        try:
            BatchRequest.model_validate(body)
            model_ok = True
        except ValidationError:
            model_ok = False
        try:
            ielts.batch_options(
                ctx,
                body.get("emails"),
                body.get("limit"),
                body.get("perModuleLimit"),
                body.get("includeDiagnostics"),
                body.get("includeAnswers"),
            )
            domain_ok = True
        except ValidationFailed:
            domain_ok = False
        assert model_ok == domain_ok, body

    agree()
    # a thousand and one addresses: both refuse
    too_many = {"emails": [f"s{i}@x.uz" for i in range(1001)]}
    agree.hypothesis.inner_test(too_many)  # type: ignore[attr-defined]


async def test_documents_and_pages_are_off_in_production(services: Services) -> None:
    settings_ = services.settings.with_overrides(app_env="production", api_docs=False)
    app = create_app(settings_, dataclasses.replace(services, settings=settings_))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for path in ("/docs", "/docs/academy", "/swdoc/", "/redoc/", "/api/openapi/academy.json"):
            assert (await c.get(path)).status_code == 404, path
