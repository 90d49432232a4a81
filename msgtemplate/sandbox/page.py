"""The web inbox: one HTML page, a stylesheet and a script, served from ``static/``.

No build step and no third-party assets: the files ship inside the package and are
read once. A strict Content-Security-Policy (scripts and styles from this origin
only) backs up the script's rule of putting data into the page with
``textContent`` only.
"""

from __future__ import annotations

from importlib import resources
from typing import Final

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from msgtemplate.caches import cached

_ASSETS: Final[dict[str, str]] = {
    "inbox.css": "text/css; charset=utf-8",
    "inbox.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

_HEADERS: Final[dict[str, str]] = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


@cached("sandbox.static_files")
def _read(name: str) -> bytes:
    return resources.files("msgtemplate.sandbox").joinpath("static").joinpath(name).read_bytes()


async def page_response(request: Request) -> Response:
    return Response(_read("inbox.html"), media_type="text/html; charset=utf-8", headers=_HEADERS)


async def asset_response(request: Request) -> Response:
    name = request.path_params["name"]
    media_type = _ASSETS.get(name)
    if media_type is None:  # a fixed list: no path ever reaches the file system
        return PlainTextResponse("not found", status_code=404)
    return Response(_read(name), media_type=media_type, headers=_HEADERS)
