"""Inputs that are not files: a web address (fetched) and standard input (``-``).

Both give bytes that are then read like a file's, the format sniffed from the bytes.  A fetch
follows redirects, stops at a time limit for the whole download (not per read) and at the size
limit, and takes the encoding from the Content-Type header: a page whose header names its
charset is handed on as UTF-8 with a BOM, which every text reader honours before meta tags.
"""

from __future__ import annotations

import sys
import time

from ..errors import FormatError, LimitError, ReadError

FETCH_TIMEOUT = 30.0  # seconds for the whole download (Limits.fetch_timeout)
CHUNK = 64 * 1024
USER_AGENT = "policytasks (+https://pypi.org/project/policytasks/)"
#: content types that cannot hold a notice, whatever the bytes say
REFUSED_TYPES = ("image/", "audio/", "video/", "font/")


def read_stdin(limits) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise ReadError("standard input is not open", "<stdin>")
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise LimitError(f"standard input is over the limit of {limits.max_bytes} bytes", "<stdin>")
    return data


def fetch(url: str, limits) -> bytes:
    """The body at ``url`` (redirects followed), or a one-line error naming the address."""
    import urllib.error
    import urllib.request

    timeout = getattr(limits, "fetch_timeout", FETCH_TIMEOUT)
    deadline = time.monotonic() + timeout
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept-Encoding": "identity"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = resp.headers.get("Content-Type", "")
            if ctype.lower().startswith(REFUSED_TYPES):
                raise FormatError(f"the address gives {ctype.split(';')[0]}, not a notice", url)
            size = resp.headers.get("Content-Length")
            if size and size.isdigit() and int(size) > limits.max_bytes:
                raise LimitError(f"the page is {size} bytes, over the limit of {limits.max_bytes}", url)
            parts, got = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise LimitError(f"download took over {timeout:g} s", url)
                chunk = resp.read1(CHUNK)  # what has come: a server that trickles meets the deadline
                if not chunk:
                    break
                got += len(chunk)
                if got > limits.max_bytes:
                    raise LimitError(f"the page is over the limit of {limits.max_bytes} bytes", url)
                parts.append(chunk)
            charset = resp.headers.get_content_charset()
    except (LimitError, FormatError):
        raise
    except urllib.error.HTTPError as e:
        raise ReadError(f"the server answered {e.code} {e.reason}", url) from None
    except urllib.error.URLError as e:
        reason = e.reason
        if isinstance(reason, TimeoutError) or "timed out" in str(reason):
            raise LimitError(f"no answer within {timeout:g} s", url) from None
        raise ReadError(f"cannot fetch: {reason}", url) from None
    except TimeoutError:
        raise LimitError(f"no answer within {timeout:g} s", url) from None
    except (OSError, ValueError) as e:  # a bad address, a connection reset
        raise ReadError(f"cannot fetch: {' '.join(str(e).split())[:80]}", url) from None
    data = b"".join(parts)
    return _as_utf8(data, charset, ctype)


def _as_utf8(data: bytes, charset: str | None, ctype: str) -> bytes:
    """Text whose header names its charset, re-encoded as UTF-8 with a BOM (the header outranks a
    meta tag); anything else, or a charset that does not fit the bytes, as it came."""
    if not charset or not ctype.lower().startswith(("text/", "application/xhtml")):
        return data
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return data  # a BOM outranks the header too
    try:
        return b"\xef\xbb\xbf" + data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data
