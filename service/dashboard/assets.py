"""Serving the dashboard light: static files named by their content, and gzip.

A static file's URL carries a hash of its content in its name
(`charts.3f2a1b9c0d.js`), so a browser may keep it for a year and a new
release is a new name. Each file is gzipped once, in memory, and sent
compressed to browsers that accept it (Chart.js: 210 KB becomes about 70 KB).
Pages (HTML, JSON, CSV that is not streamed) over 1 KB are gzipped too.
"""

import gzip
import hashlib
import mimetypes
import re
from functools import cache
from pathlib import Path

from flask import Response, abort, request, url_for

MIN_SIZE = 1024
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
HASHED = re.compile(r"(?P<stem>.+)\.(?P<digest>[0-9a-f]{10})(?P<suffix>\.[A-Za-z0-9]+)\Z")


@cache
def _file(path):
    """(content, gzipped content, digest) of a static file, read once per process."""
    data = Path(path).read_bytes()
    return data, gzip.compress(data, 6, mtime=0), hashlib.sha256(data).hexdigest()[:10]


def hashed_name(folder, filename):
    """'vendor/chart.umd.min.js' -> 'vendor/chart.umd.min.<hash>.js'."""
    digest = _file(Path(folder) / filename)[2]
    stem, dot, suffix = filename.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{filename}.{digest}"


def url(folder, filename):
    """The content-hashed URL of a dashboard static file."""
    return url_for("dashboard.asset_file", name=hashed_name(folder, filename))


def accepts_gzip():
    """True when the browser said it takes gzip."""
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def serve(folder, name):
    """A hashed static file, compressed when the browser takes it; 404 for a stale hash."""
    match = HASHED.match(name)
    if not match or ".." in name.split("/"):
        abort(404)
    filename = match["stem"] + match["suffix"]
    path = (Path(folder) / filename).resolve()
    if not path.is_file() or Path(folder).resolve() not in path.parents:
        abort(404)
    data, packed, digest = _file(str(path))
    if digest != match["digest"]:
        abort(404)  # an old name: the page that asked for it is out of date
    mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
    squeeze = accepts_gzip() and mimetype.startswith(COMPRESSIBLE)
    response = Response(packed if squeeze else data, mimetype=mimetype)
    if squeeze:
        response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


def compress(response):
    """Gzip a page's body when it is worth it and the browser takes it."""
    if (
        response.direct_passthrough
        or response.is_streamed
        or response.status_code < 200
        or response.status_code in (204, 304)
        or "Content-Encoding" in response.headers
        or not (response.mimetype or "").startswith(COMPRESSIBLE)
        or not accepts_gzip()
    ):
        return response
    body = response.get_data()
    if len(body) < MIN_SIZE:
        return response
    response.set_data(gzip.compress(body, 6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response
