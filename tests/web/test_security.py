"""URLs from articles become links only when they are plain http(s)."""

from __future__ import annotations

import pytest

from storyline.web.security import CONTENT_SECURITY_POLICY, safe_href


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "/relative/path",
        "https://",
        "http://exa mple.org/",
        "https://example.org/\x00",
        "file:///etc/passwd",
        "",
        None,
    ],
)
def test_unsafe_urls_are_refused(url: str | None) -> None:
    assert safe_href(url) is None


@pytest.mark.parametrize(
    "url", ["https://example.org/a?b=1&c=2", "http://news.example/2025/03/04/ban.html"]
)
def test_http_urls_pass(url: str) -> None:
    assert safe_href(url) == url


def test_policy_forbids_scripts_and_framing() -> None:
    assert "default-src 'none'" in CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY  # falls back to 'none'
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
