"""Fetching an article by URL without letting the server be turned against its own network.

Every URL (the first and each redirect target) must be http(s) on the default or an
explicit port, and its host must resolve only to public addresses: private, loopback,
link-local, multicast, reserved and unspecified ranges are refused, also when hidden in an
IPv4-mapped, 6to4, Teredo or NAT64 IPv6 address. The connection then goes to the address
that was checked (the host name travels in the ``Host`` header and TLS SNI), so a second DNS
answer cannot swap in a private one. Bodies are streamed and cut at ``fetch_max_bytes``;
the whole fetch must finish within ``fetch_timeout`` seconds. Hosts listed in the
``fetch_allow_hosts`` setting are trusted at any address (a feed server on the local network).

The resolver and the HTTP transport are injected, so tests need neither DNS nor network.
"""

from __future__ import annotations

import ipaddress
import json
import socket
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from storyline.config import Settings
from storyline.errors import Errors, InputError, StorylineError

Resolver = Callable[[str, int], list[str]]

MAX_REDIRECTS = 5
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")


class FetchRefused(StorylineError):
    """The URL points somewhere the server must not fetch from (the client's fault: 400)."""

    code = InputError.code


class FetchFailed(StorylineError):
    """The remote server could not be reached or answered badly (a gateway error: 502).

    ``status`` is the HTTP status when the server answered with an error, else ``None``.
    """

    code = InputError.code

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class FetchTooLarge(StorylineError):
    """The response is larger than ``fetch_max_bytes`` (413)."""

    code = InputError.code


@dataclass
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str | None
    status: int = 200  # 304 when a conditional request found the resource unchanged
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchFailed(Errors.E258(host=host, problem=exc.strerror or exc)) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if addr.ipv4_mapped is not None:
        return addr.ipv4_mapped
    if addr.sixtofour is not None:
        return addr.sixtofour
    if addr.teredo is not None:
        return addr.teredo[1]
    if addr in _NAT64:
        return ipaddress.IPv4Address(int(addr) & 0xFFFFFFFF)
    return None


def forbidden_reason(ip: str) -> str | None:
    """Why ``ip`` must not be fetched from, or ``None`` when it is a public address.

    >>> forbidden_reason("10.1.2.3"), forbidden_reason("::ffff:127.0.0.1")
    ('private', 'loopback')
    >>> forbidden_reason("93.184.216.34") is None
    True
    """
    try:
        addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(
            ip.split("%", 1)[0]
        )
    except ValueError:
        return "not an IP address"
    if isinstance(addr, ipaddress.IPv6Address):
        if addr in _NAT64_LOCAL:
            return "private"
        inner = _embedded_ipv4(addr)
        if inner is not None:
            return forbidden_reason(str(inner))
    for name in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(addr, f"is_{name}"):
            return name.replace("_", "-")
    if not addr.is_global:
        return "not globally routable"
    return None


def _check_url(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise FetchRefused(Errors.E259(scheme=scheme or "no scheme"))
    if not parts.hostname:
        raise FetchRefused(Errors.E260(url=url))
    if parts.username or parts.password:
        raise FetchRefused(Errors.E261())
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise FetchRefused(Errors.E262(url=url)) from None
    return scheme, parts.hostname, port


def host_allowed(host: str, port: int, allow_hosts: Collection[str]) -> bool:
    """Whether ``host`` (or ``host:port``) is on the user's list of trusted hosts."""
    host = host.lower().rstrip(".")
    return any(entry.lower() in (host, f"{host}:{port}") for entry in allow_hosts)


def check_destination(
    url: str, resolver: Resolver, allow_private: bool, allow_hosts: Collection[str] = ()
) -> str:
    """The checked address to connect to for ``url``; raises :class:`FetchRefused`."""
    _, host, port = _check_url(url)
    allow_private = allow_private or host_allowed(host, port, allow_hosts)
    try:  # an address literal needs no lookup (and must be checked all the same)
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolver(host, port)
    if not addresses:
        raise FetchFailed(Errors.E263(host=host))
    if not allow_private:
        for ip in addresses:
            reason = forbidden_reason(ip)
            if reason is not None:
                raise FetchRefused(Errors.E264(url=url, host=host, ip=ip, reason=reason))
    return addresses[0]


def _pinned_request(
    client: httpx.Client,
    url: str,
    ip: str,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    content: bytes | None = None,
) -> httpx.Request:
    parts = urlsplit(url)
    host = parts.hostname or ""
    literal = f"[{ip}]" if ":" in ip else ip
    netloc = literal if parts.port is None else f"{literal}:{parts.port}"
    target = parts._replace(netloc=netloc).geturl()
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    if ":" in host:
        host_header = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
    return client.build_request(
        method,
        target,
        headers={**(headers or {}), "Host": host_header},
        content=content,
        extensions={"sni_hostname": host},
    )


def fetch_client(settings: Settings, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An HTTP client for :func:`fetch_url`, to reuse across many fetches (building one
    loads the CA certificates, which costs more than a fetch on a fast network)."""
    return httpx.Client(
        transport=transport,
        timeout=httpx.Timeout(settings.fetch_timeout),
        follow_redirects=False,
        headers={"User-Agent": "Storyline/0.1 (+article fetch)", "Accept": "text/html,*/*;q=0.5"},
    )


def fetch_url(
    url: str,
    settings: Settings,
    *,
    resolver: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
    headers: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
) -> Fetched:
    """GET ``url`` following at most :data:`MAX_REDIRECTS` checked redirects.

    ``headers`` are added to each request (``If-None-Match``, ``If-Modified-Since``); a 304
    answer comes back as a :class:`Fetched` with ``status`` 304 and no content. ``client``
    (from :func:`fetch_client`) is reused when given, else one is made for this fetch.
    Raises :class:`FetchRefused`, :class:`FetchTooLarge` or :class:`FetchFailed`.
    """
    if client is None:
        with fetch_client(settings, transport) as own:
            return _fetch(url, settings, resolver, headers, own)
    return _fetch(url, settings, resolver, headers, client)


def _fetch(
    url: str,
    settings: Settings,
    resolver: Resolver,
    headers: Mapping[str, str] | None,
    client: httpx.Client,
) -> Fetched:
    deadline = time.monotonic() + settings.fetch_timeout
    limit = settings.fetch_max_bytes
    current = url
    for _ in range(MAX_REDIRECTS + 1):
        ip = check_destination(
            current, resolver, settings.allow_private_urls, settings.fetch_allow_hosts
        )
        request = _pinned_request(client, current, ip, headers=headers)
        try:
            response = client.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise FetchFailed(Errors.E265(current=current, exc=exc)) from None
        try:
            answered = {k.lower(): v for k, v in response.headers.items()}
            if response.status_code == 304:
                return Fetched(current, b"", None, 304, answered)
            if response.is_redirect:
                location = response.headers.get("location")
                if not location:
                    raise FetchFailed(Errors.E266(current=current))
                current = urljoin(current, location)
                continue
            if response.status_code >= 400:
                raise FetchFailed(
                    Errors.E267(url=current, status_code=response.status_code), response.status_code
                )
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchTooLarge(_too_large(current, limit))
            body = bytearray()
            try:
                for chunk in response.iter_bytes():
                    body.extend(chunk)
                    if len(body) > limit:
                        raise FetchTooLarge(_too_large(current, limit))
                    if time.monotonic() > deadline:
                        raise FetchFailed(
                            Errors.E268(current=current, fetch_timeout=settings.fetch_timeout)
                        )
            except httpx.HTTPError as exc:
                raise FetchFailed(Errors.E269(current=current, exc=exc)) from None
            return Fetched(
                current, bytes(body), response.headers.get("content-type"), 200, answered
            )
        finally:
            response.close()
    raise FetchFailed(Errors.E270(url=url, max_redirects=MAX_REDIRECTS))


def _too_large(url: str, limit: int) -> str:
    return Errors.E272(url=url, limit=limit)


def post_json(
    url: str,
    payload: Any,
    settings: Settings,
    *,
    resolver: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
) -> int:
    """POST ``payload`` as JSON to ``url`` under the same address rules as :func:`fetch_url`.

    Redirects are not followed (a webhook that moves must be reconfigured). Returns the
    HTTP status; raises :class:`FetchRefused` or :class:`FetchFailed` (also for a 4xx/5xx).
    """
    ip = check_destination(url, resolver, settings.allow_private_urls, settings.fetch_allow_hosts)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    with httpx.Client(
        transport=transport, timeout=httpx.Timeout(settings.fetch_timeout), follow_redirects=False
    ) as client:
        request = _pinned_request(
            client,
            url,
            ip,
            method="POST",
            headers={
                "User-Agent": "Storyline/0.1 (+alerts)",
                "Content-Type": "application/json",
            },
            content=body,
        )
        try:
            response = client.send(request)
        except httpx.HTTPError as exc:
            raise FetchFailed(Errors.E271(url=url, exc=exc)) from None
        if response.status_code >= 300:
            raise FetchFailed(
                Errors.E267(url=url, status_code=response.status_code), response.status_code
            )
        return response.status_code
