"""``/docs``: the API reference rendered on the server from the OpenAPI schema.

FastAPI's default Swagger UI and ReDoc pages load their JavaScript and CSS from a CDN, which
breaks offline and would need the Content-Security-Policy loosened. This page shows the same
schema (every path, method, parameter and request body) as plain HTML with the site's
stylesheet; ``/openapi.json`` stays available for tools.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment

router = APIRouter(include_in_schema=False)

_METHODS = ("get", "post", "put", "patch", "delete")


def _type_of(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        kinds = [_type_of(s) for s in schema["anyOf"] if s.get("type") != "null"]
        return " or ".join(kinds) or "any"
    if "$ref" in schema:
        return str(schema["$ref"]).rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    bounds = []
    if "minimum" in schema:
        bounds.append(f"\u2265 {schema['minimum']}")
    if "maximum" in schema:
        bounds.append(f"\u2264 {schema['maximum']}")
    return f"{kind} ({', '.join(bounds)})" if bounds else kind


def describe(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The operations of an OpenAPI document, grouped by tag, in a template-friendly shape."""
    groups: dict[str, list[dict[str, Any]]] = {}
    components = schema.get("components", {}).get("schemas", {})
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            op = item.get(method)
            if op is None:
                continue
            params = [
                {
                    "name": p["name"],
                    "where": p.get("in", "query"),
                    "required": p.get("required", False),
                    "type": _type_of(p.get("schema", {})),
                    "default": p.get("schema", {}).get("default"),
                    "description": p.get("description")
                    or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = None
            content = op.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                ref = content["application/json"].get("schema", {}).get("$ref", "")
                model = components.get(ref.rsplit("/", 1)[-1], {})
                body = [
                    {
                        "name": name,
                        "type": _type_of(prop),
                        "required": name in model.get("required", []),
                        "description": prop.get("description", ""),
                    }
                    for name, prop in model.get("properties", {}).items()
                ]
            elif content:
                body = [
                    {
                        "name": "(body)",
                        "type": ", ".join(content),
                        "required": True,
                        "description": "",
                    }
                ]
            tag = (op.get("tags") or ["other"])[0]
            groups.setdefault(tag, []).append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "body": body,
                    "anchor": f"{method}-{path}".replace("/", "-")
                    .replace("{", "")
                    .replace("}", ""),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    env: Environment = request.app.state.templates
    schema = request.app.openapi()
    html = env.get_template("docs.html").render(
        info=schema.get("info", {}),
        groups=describe(schema),
        path=request.url.path,
        palette=request.app.state.corpus.palette(),
        writable=bool(request.app.state.settings.write_token),
    )
    return HTMLResponse(html)
