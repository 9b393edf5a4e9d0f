"""Fetch a release from a web address: http and https only, with a time limit and a size
limit, never following a redirect anywhere else (a `file:` address, say).

The standard library's opener is built by hand from the handlers it needs, because the
default one also opens `file:`, `ftp:` and `data:` addresses, and follows redirects to `ftp:`.
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urljoin, urlsplit

from .. import __version__

TIMEOUT = 20.0
"""Seconds to wait for a server to connect or send more of a page."""
MAX_BYTES = 10 * 1024 * 1024
"""A release is rarely over a megabyte; anything past this is not one."""
SCHEMES = ("http", "https")


class FetchError(Exception):
    """The address could not be fetched; the message says why and what to do."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    charset: str | None
    data: bytes


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to another http or https address, and says so otherwise."""

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
    ) -> Any:
        location = headers.get("Location") or headers.get("URI") or ""
        newurl = urljoin(req.full_url, location)
        if urlsplit(newurl).scheme.lower() not in SCHEMES:
            raise FetchError(
                f"redirects to `{newurl[:80]}`, which is not an http or https address; "
                "Precis follows redirects only to web pages"
            )
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _opener() -> urllib.request.OpenerDirector:
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(),
        _HttpOnlyRedirects(),
        urllib.request.HTTPErrorProcessor(),
        urllib.request.HTTPDefaultErrorHandler(),
    ):
        opener.add_handler(handler)
    return opener


def fetch(address: str, *, timeout: float | None = None, max_bytes: int | None = None) -> Fetched:
    """The body of the page at `address`, or a FetchError saying what went wrong (the limits
    default to TIMEOUT and MAX_BYTES as they are when it is called)."""
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    if urlsplit(address).scheme.lower() not in SCHEMES or not urlsplit(address).netloc:
        raise FetchError("is not an http:// or https:// address; only web pages are fetched")
    request = urllib.request.Request(
        address, headers={"User-Agent": f"precis/{__version__} (press release import)"}
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise _too_large(max_bytes)
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise _too_large(max_bytes)
            headers = response.headers
            return Fetched(
                response.geturl(),
                headers.get_content_type(),
                headers.get_content_charset(),
                data,
            )
    except urllib.error.HTTPError as exc:
        raise FetchError(
            f"the server answered {exc.code} {exc.reason}; check the address in a browser"
        ) from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise _timed_out(timeout) from None
        raise FetchError(f"could not be fetched ({exc.reason}); check the address") from None
    except TimeoutError:
        raise _timed_out(timeout) from None
    except (OSError, ValueError) as exc:  # a reset connection, a malformed address
        raise FetchError(f"could not be fetched ({exc}); check the address") from None


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(
        f"is over {size(max_bytes)}, far larger than a press release; check the address"
    )


def size(count: int) -> str:
    """A byte count as people say it: 10 MB, 512 KB."""
    mega = count / (1024 * 1024)
    return f"{mega:g} MB" if mega >= 1 else f"{count / 1024:g} KB"


def _timed_out(timeout: float) -> FetchError:
    return FetchError(
        f"sent nothing for {timeout:g} seconds; check the address, or try again later"
    )
