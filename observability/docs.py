"""The API's documentation pages, with every asset served by this server (no CDN).

- GraphiQL at `/graphql` (in a browser), from the GraphiQL and React builds that the PyPI
  package `graphene-django-graphiql-static` carries;
- Swagger UI at `/docs/<dialect>` and ReDoc at `/redoc/<dialect>`, from the builds that
  `fastapi-offline` carries, one OpenAPI document per REST dialect at
  `/api/openapi/<dialect>.json` (the dialects of `rest/dialects.py`), and the pages at the
  paths the seed systems had (`/swdoc/`, `/redoc/`, ...);
- `/docs`: an index of all of them.

The pages start from one script of ours (`static/docs.js`), not inline code, so a strict
Content-Security-Policy (`script-src 'self'`) leaves them working. Both packages are pinned with
hashes in the lock file, so the bytes served are the bytes reviewed.
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import APIRouter
from fastapi.openapi.utils import get_openapi
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from rest.dialects import DIALECTS, Dialect

GRAPHIQL_ASSETS = Path(str(files("graphene_django_graphiql_static"))) / "static"
GRAPHIQL_ASSETS = GRAPHIQL_ASSETS / "graphene_django_graphiql_static"
SWAGGER_ASSETS = Path(str(files("fastapi_offline"))) / "static"
OWN_ASSETS = Path(__file__).resolve().parent / "static"

ASSETS = "/static/docs"  # Swagger UI and ReDoc
GRAPHIQL = "/static/graphiql"  # GraphiQL, React
OWN = "/static/edugraph"  # docs.js, docs.css
INDEX = "/docs"

# What the pages may load: this server's own files only. Images, fonts and fetches from anywhere
# else are refused by the browser (ReDoc's sidebar asks for a logo on a CDN: it is not sent).
# Inline styles are allowed because the three libraries write their styles at run time.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "frame-ancestors 'self'; base-uri 'none'; form-action 'self'"
)


def html_response(content: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(content, status_code, headers={"Content-Security-Policy": POLICY})


def _page(
    title: str, data: dict[str, str], head: Sequence[str], body: str, scripts: Sequence[str]
) -> str:
    attributes = " ".join(f'data-{k}="{html.escape(v)}"' for k, v in data.items())
    links = "".join(f'<link rel="stylesheet" href="{href}">' for href in (*head, f"{OWN}/docs.css"))
    tags = "".join(f'<script src="{src}"></script>' for src in (*scripts, f"{OWN}/docs.js"))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="icon" href="{ASSETS}/favicon.png">{links}</head>'
        f"<body {attributes}>{body}{tags}</body></html>"
    )


def _nav(dialects: Sequence[Dialect]) -> str:
    items = [f'<a href="{INDEX}">API docs</a>', '<a href="/graphql">GraphiQL</a>']
    for d in dialects:
        items.append(f'<a href="/docs/{d.name}">{html.escape(d.name)}: Swagger UI</a>')
        items.append(f'<a href="/redoc/{d.name}">ReDoc</a>')
    return f'<nav class="edugraph">{"".join(items)}</nav>'


def graphiql_html(endpoint: str = "/graphql") -> str:
    """GraphiQL, from local assets, with links to the REST dialects' documentation."""
    return _page(
        "edugraph GraphiQL",
        {"page": "graphiql", "endpoint": endpoint},
        [f"{GRAPHIQL}/graphiql.min.css"],
        _nav(DIALECTS) + '<div id="graphiql">Loading GraphiQL...</div>',
        [
            f"{GRAPHIQL}/react.production.min.js",
            f"{GRAPHIQL}/react-dom.production.min.js",
            f"{GRAPHIQL}/graphiql.min.js",
        ],
    )


def _swagger(dialect: Dialect) -> str:
    return _page(
        f"{dialect.title}: Swagger UI",
        {"page": "swagger", "openapi": f"/api/openapi/{dialect.name}.json"},
        [f"{ASSETS}/swagger-ui.css"],
        _nav(DIALECTS) + '<div id="swagger-ui"></div>',
        [f"{ASSETS}/swagger-ui-bundle.js"],
    )


def _redoc(dialect: Dialect) -> str:
    return _page(
        f"{dialect.title}: ReDoc",
        {"page": "redoc", "openapi": f"/api/openapi/{dialect.name}.json"},
        [],
        _nav(DIALECTS) + '<div id="redoc"></div>',
        [f"{ASSETS}/redoc.standalone.js"],
    )


def _index() -> str:
    rows = "".join(
        f"<tr><td>{html.escape(d.title)}<br><small>{html.escape(d.description)}</small></td>"
        f'<td><a href="/docs/{d.name}">Swagger UI</a></td>'
        f'<td><a href="/redoc/{d.name}">ReDoc</a></td>'
        f'<td><a href="/api/openapi/{d.name}.json">OpenAPI</a></td></tr>'
        for d in DIALECTS
    )
    body = (
        '<main class="index"><h1>edugraph API documentation</h1>'
        '<p>GraphQL: <a href="/graphql">GraphiQL</a> (the schema, with every field\'s '
        "description and permission, is in its Docs pane).</p>"
        "<h2>REST compatibility dialects</h2>"
        "<table><tr><th>dialect</th><th></th><th></th><th></th></tr>"
        f"{rows}</table></main>"
    )
    return _page("edugraph API documentation", {"page": "index"}, [], body, [])


def openapi_document(dialect: Dialect, router: APIRouter) -> dict[str, Any]:
    """The dialect's OpenAPI document, from the routes and request models that serve it.

    A body model that one route uses for full writes (POST, PUT) and partial ones (PATCH)
    states its required fields once (`json_schema_extra={"required": [...]}`); PATCH gets a
    copy of the schema with none required, as the route then needs none.
    """
    document = get_openapi(
        title=dialect.title,
        version="1.0",
        description=dialect.description,
        routes=router.routes,
    )
    _partial_patch_bodies(document)
    return document


def _partial_patch_bodies(document: dict[str, Any]) -> None:
    schemas = document.get("components", {}).get("schemas", {})
    for methods in document.get("paths", {}).values():
        operation = methods.get("patch")
        if operation is None:
            continue
        content = operation.get("requestBody", {}).get("content", {})
        for media in content.values():
            schema = media.get("schema", {})
            for holder in [schema, *schema.get("anyOf", [])]:
                ref = holder.get("$ref", "")
                name = ref.rsplit("/", 1)[-1]
                if name in schemas and schemas[name].get("required"):
                    partial = copy.deepcopy(schemas[name])
                    partial.pop("required")
                    partial["title"] = f"{partial.get('title', name)} (partial)"
                    schemas[f"{name}Partial"] = partial
                    holder["$ref"] = f"{ref}Partial"


def routes(routers: Callable[[], dict[str, APIRouter]]) -> list[BaseRoute]:
    """The documentation's routes; `routers` gives each dialect's router by name (built with
    the REST app, after these routes are declared)."""
    documents: dict[str, dict[str, Any]] = {}
    by_name = {d.name: d for d in DIALECTS}

    def dialect_of(request: Request) -> Dialect | None:
        return by_name.get(request.path_params["name"])

    async def document(request: Request) -> Response:
        dialect = dialect_of(request)
        if dialect is None:
            return JSONResponse({"detail": "Not found."}, status_code=404)
        if dialect.name not in documents:
            documents[dialect.name] = openapi_document(dialect, routers()[dialect.name])
        return JSONResponse(documents[dialect.name])

    def page(render: Callable[[Dialect], str], fixed: Dialect | None = None) -> Any:
        async def endpoint(request: Request) -> Response:
            dialect = fixed or dialect_of(request)
            if dialect is None:
                return html_response("Not found.", status_code=404)
            return html_response(render(dialect))

        return endpoint

    async def index(request: Request) -> Response:
        return html_response(_index())

    seed_paths = [p for d in DIALECTS for p in (*d.seed_swagger, *d.seed_redoc)]
    table: list[BaseRoute] = [
        Mount(ASSETS, app=StaticFiles(directory=SWAGGER_ASSETS)),
        Mount(GRAPHIQL, app=StaticFiles(directory=GRAPHIQL_ASSETS)),
        Mount(OWN, app=StaticFiles(directory=OWN_ASSETS)),
        Route("/api/openapi/{name}.json", document, methods=["GET"]),
        Route("/docs/{name}", page(_swagger), methods=["GET"]),
        Route("/redoc/{name}", page(_redoc), methods=["GET"]),
        Route("/api/docs", index, methods=["GET"]),
    ]
    if INDEX not in seed_paths:
        table.append(Route(INDEX, index, methods=["GET"]))
    for d in DIALECTS:
        for paths, render in ((d.seed_swagger, _swagger), (d.seed_redoc, _redoc)):
            for path in paths:
                for variant in {path, path.rstrip("/") or "/"}:
                    table.append(Route(variant, page(render, d), methods=["GET"]))
    return table
