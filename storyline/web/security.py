"""Security headers for every response, and the rule for which article URLs become links.

Article pages show text and metadata from untrusted HTML. Besides escaping everything (see
:mod:`storyline.web.highlight`), every response carries a strict Content-Security-Policy:
no script at all, styles and images only from this server, no framing, forms only to
this server. A URL from an article becomes a link only when it is plain http(s).

>>> safe_href("javascript:alert(1)") is None
True
>>> safe_href(" https://example.org/a?b=1 ")
'https://example.org/a?b=1'
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy", CONTENT_SECURITY_POLICY),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
)


def safe_href(url: str | None) -> str | None:
    """``url`` when it is an absolute http(s) URL with a host, else ``None`` (render as text)."""
    if not url:
        return None
    text = url.strip()
    if any(ord(c) < 0x20 or c in " \\" for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return text


class SecurityHeadersMiddleware:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (pages, JSON, static files, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in _NAMES
                ]
                headers.extend(
                    (k.encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS
                )
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


_NAMES = {name for name, _ in SECURITY_HEADERS}
