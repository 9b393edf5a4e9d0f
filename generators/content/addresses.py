"""Web and email addresses as a link must hold them: ASCII, one string for both documents.

A summary writes addresses as people read them (`https://café.example/ü`); a PDF link's /URI
is an ASCII string (PDF 32000-1, 12.6.4.7) and a Word hyperlink's target a URI, so each is
written with its host in IDNA (`xn--caf-dma.example`) and everything else percent-encoded as
UTF-8, a `%XX` already there kept as it is. The documents show the address as written.

Hosts are encoded by the `idna` package, IDNA 2008 with the UTS 46 mapping browsers apply,
not by Python's `idna` codec, which is IDNA 2003: that maps `ß` to `ss` and so links
`faß.de` to another domain, `fass.de`.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SUB_DELIMS = "!$&'()*+,;="
_PATH = _SUB_DELIMS + ":@/%"
"""What RFC 3986 allows unencoded in a path (with `%` of an existing escape)."""
_QUERY = _PATH + "?"
_USERINFO = _SUB_DELIMS + ":%"
_MAILBOX = "!$'()*+,;:@%"
"""What RFC 6068 allows unencoded in a mailto: address (its `some-delims`)."""
EMAIL_HEADER_CHARACTERS = "?&%#,;\n\r"
"""What would turn an address into more of a mailto: link: `?` starts headers (`cc=`, `body=`),
`&` separates them, `%` escapes anything (`%0A`), `#` ends the address, `,` and `;` list more
recipients, and a line break starts another header."""


def _percent(text: str, safe: str) -> str:
    return quote(_LONE_PERCENT.sub("%25", text), safe=safe)


def ascii_host(host: str) -> str:
    """The host as DNS knows it; raises idna.IDNAError for one that is not a domain name."""
    if host.isascii():
        return host
    import idna  # imported here: only international addresses need it

    return idna.encode(host, uts46=True).decode("ascii")


def _parts(url: str) -> tuple[str, str, str, str, str, str, str]:
    """An http(s) address split as RFC 3986 splits a URI with an authority: the fragment
    after the first `#`, the query after the first `?`, the path from the first `/` after
    `//`; each part but the host keeps its delimiter, so that joined they are `url` again."""
    rest, hash_mark, fragment = url.partition("#")
    rest, question_mark, query = rest.partition("?")
    scheme, slashes, rest = rest.partition("://")
    authority, slash, path = rest.partition("/")
    userinfo, at, hostport = authority.rpartition("@")
    host, colon, port = (hostport, "", "") if hostport.startswith("[") else hostport.partition(":")
    return (
        scheme + slashes,
        userinfo + at,
        host,
        colon + port,
        slash + path,
        question_mark + query,
        hash_mark + fragment,
    )


def web_uri(url: str) -> str:
    """An http(s) address in ASCII: the host in IDNA, the rest percent-encoded."""
    scheme, userinfo, host, port, path, query, fragment = _parts(url)
    return "".join(
        [
            scheme,
            _percent(userinfo[:-1], _USERINFO) + userinfo[-1:],  # the @ that ends it stays
            ascii_host(host),  # an IPv6 literal ([::1]) is ASCII already
            port,
            _percent(path, _PATH),
            query[:1] + _percent(query[1:], _QUERY),
            fragment[:1] + _percent(fragment[1:], _QUERY),
        ]
    )


def mailto_uri(email: str) -> str:
    """A `mailto:` link to the address alone; the summary's validation has refused any
    address with one of EMAIL_HEADER_CHARACTERS."""
    mailbox, _, domain = email.rpartition("@")
    return f"mailto:{_percent(mailbox, _MAILBOX)}@{ascii_host(domain)}"


def _unicode_host(host: str) -> str:
    if "xn--" not in host.lower():
        return host
    import idna

    try:
        return str(idna.decode(host))
    except idna.IDNAError:
        return host


def readable(uri: str) -> str:
    """A link's address as a person reads it, for a screen reader: its host in its own
    script, its escapes of UTF-8 text decoded."""
    if uri.startswith("mailto:"):
        mailbox, _, domain = uri.removeprefix("mailto:").rpartition("@")
        return f"mailto:{unquote(mailbox)}@{_unicode_host(domain)}"
    scheme, userinfo, host, port, *rest = _parts(uri)
    return scheme + unquote(userinfo) + _unicode_host(host) + port + unquote("".join(rest))
