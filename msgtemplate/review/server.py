"""The live review server: the gallery on 127.0.0.1, rebuilt when a pack changes.

:class:`LiveReview` owns the build: it writes the site into a folder (as
``msgtemplate review -o`` does) and numbers each build. :func:`create_app` serves
that folder with Starlette, plus ``/__events``, a Server-Sent Events stream that
announces each build number; the page's script reloads itself when the number is not
its own. The watcher (``watchfiles``) runs inside the app's lifespan and rebuilds in
a worker thread, one build at a time. A pack that does not parse while it is being
edited is a finding like any other, shown at the top of the page; a build that fails
for any other reason writes a page saying why. Neither stops the server.

Only loopback is served, and requests whose ``Host`` is not this server's are
refused (a web page elsewhere cannot read the packs through DNS rebinding). Every
answer carries a Content Security Policy that allows nothing from other origins.

Needs the ``review`` extra (starlette, uvicorn, watchfiles).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import os
import socket
import threading
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from msgtemplate.review.gallery import Gallery, build_gallery
from msgtemplate.review.site import write_site

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

    from msgtemplate.lint import LintConfig
    from msgtemplate.review.baseline import Baseline

EVENTS_PATH: Final = "/__events"
PING_SECONDS: Final = 15.0
"""A comment on the event stream this often keeps proxies and the browser patient."""
POLL_SECONDS: Final = 0.5
"""How often an open event stream checks whether the server is stopping."""
PACK_SUFFIXES: Final = (".yaml", ".yml", ".json")
CSP: Final = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


@dataclass
class Build:
    """The result of one build: its number, the gallery (None when the build failed)
    and the failure (one line)."""

    number: int
    gallery: Gallery | None
    error: str | None = None


@dataclass
class LiveReview:
    """Builds the gallery of ``paths`` into ``output``, again on every :meth:`rebuild`."""

    paths: Sequence[str]
    config: LintConfig | None
    output: Path
    baseline: Baseline | None = None
    locales: Sequence[str] = ()
    latest: Build = field(default_factory=lambda: Build(0, None))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def rebuild(self) -> Build:
        """Build and write the site; never raises (a failure becomes the page)."""
        with self._lock:
            number = self.latest.number + 1
            try:
                gallery = build_gallery(
                    self.paths, self.config, baseline=self.baseline, locales=self.locales
                )
                write_site(gallery, self.output, live=EVENTS_PATH, build=str(number))
                self.latest = Build(number, gallery)
            except Exception as exc:  # the server outlives any one bad build
                message = " ".join(f"{type(exc).__name__}: {exc}".split())
                # When the folder itself is the problem, the next save tries again.
                with contextlib.suppress(OSError):
                    _write_failure(self.output, message, number)
                self.latest = Build(number, None, message)
            return self.latest

    def watched(self) -> list[tuple[str, bool]]:
        """``(folder, recursive)`` to watch: each folder named, with its subfolders; the
        folder of each file named, alone (an editor that saves by renaming a new file
        over the old one replaces the file a watch on the file itself would follow,
        and a pack at a repository's root must not mean watching the whole tree)."""
        folders: dict[str, bool] = {}
        for given in self.paths:
            if os.path.isdir(given):
                folders[os.path.abspath(given)] = True
            else:
                folders.setdefault(os.path.abspath(os.path.dirname(given) or "."), False)
        return sorted((f, r) for f, r in folders.items() if os.path.isdir(f))

    def concerns(self, path: str) -> bool:
        """Whether a change at ``path`` can change the gallery: a file named, or a pack
        file (by extension) under a folder named, outside hidden folders (which the
        search for packs skips) and outside the site's own folder."""
        path = os.path.abspath(path)
        if path.startswith(str(self.output.resolve()) + os.sep):
            return False
        for given in self.paths:
            full = os.path.abspath(given)
            if os.path.isdir(full):
                inside = os.path.relpath(path, full)
                if (
                    path.startswith(full + os.sep)
                    and path.endswith(PACK_SUFFIXES)
                    and not any(part.startswith(".") for part in inside.split(os.sep))
                ):
                    return True
            elif path == full:
                return True
        return False


def _write_failure(output: Path, message: str, number: int) -> None:
    from msgtemplate.review.site import ASSETS

    output.mkdir(parents=True, exist_ok=True)
    page = (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,"><title>Message review: build failed</title>'
        f'<link rel="stylesheet" href="{ASSETS[0]}"><script src="{ASSETS[1]}" defer></script>'
        f'</head><body data-build="{number}" data-live="{EVENTS_PATH}"><main id="main">'
        '<section class="problems" role="alert"><h1>The gallery could not be built</h1>'
        f"<p>{html.escape(message)}</p><p>Fix the file and save: this page reloads.</p>"
        "</section></main></body></html>\n"
    )
    partial = output / ".index.html.partial"
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, output / "index.html")


def create_app(live: LiveReview, closing: Callable[[], bool] = lambda: False) -> Starlette:
    """The ASGI app: the site's folder, the event stream, and the watcher in its
    lifespan. ``closing`` says when the server is stopping (open streams then end)."""
    from starlette.applications import Starlette
    from starlette.responses import StreamingResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    listeners: set[asyncio.Queue[int]] = set()

    async def events(request: Request) -> Response:
        queue: asyncio.Queue[int] = asyncio.Queue()
        listeners.add(queue)

        async def stream() -> AsyncIterator[str]:
            try:
                yield f"retry: 1000\nevent: build\ndata: {live.latest.number}\n\n"
                idle = 0.0
                while not closing():
                    try:
                        number = await asyncio.wait_for(queue.get(), POLL_SECONDS)
                    except asyncio.TimeoutError:
                        idle += POLL_SECONDS
                        if idle >= PING_SECONDS:
                            idle = 0.0
                            yield ": ping\n\n"
                        continue
                    yield f"event: build\ndata: {number}\n\n"
            finally:
                listeners.discard(queue)

        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)

    async def follow(stop: asyncio.Event, folders: list[str], recursive: bool) -> None:
        import watchfiles

        def relevant(change: watchfiles.Change, path: str) -> bool:
            return live.concerns(path)

        async for _changes in watchfiles.awatch(
            *folders,
            watch_filter=relevant,
            stop_event=stop,
            recursive=recursive,
            debounce=200,
            step=50,
        ):
            build = await asyncio.to_thread(live.rebuild)
            for queue in list(listeners):
                queue.put_nowait(build.number)

    async def watch(stop: asyncio.Event) -> None:
        watched = live.watched()
        groups = [([f for f, r in watched if r is deep], deep) for deep in (True, False)]
        await asyncio.gather(*(follow(stop, f, deep) for f, deep in groups if f))

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        stop = asyncio.Event()
        task = asyncio.create_task(watch(stop))
        try:
            yield
        finally:
            stop.set()
            await task

    app = Starlette(
        routes=[
            Route(EVENTS_PATH, events),
            Mount("/", app=StaticFiles(directory=live.output, html=True)),
        ],
        lifespan=lifespan,
    )
    return app


class _Guard:
    """Loopback ``Host`` only, and the security headers on every answer."""

    def __init__(self, app: Any, port: int) -> None:
        self.app = app
        self.hosts = {f"127.0.0.1:{port}".encode(), f"localhost:{port}".encode()}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = dict(scope.get("headers") or ()).get(b"host", b"")
        if host.lower() not in self.hosts:
            await send(
                {
                    "type": "http.response.start",
                    "status": 421,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8")],
                }
            )
            await send({"type": "http.response.body", "body": b"not this server's address\n"})
            return

        async def with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"content-security-policy", CSP.encode()))
                headers.append((b"x-content-type-options", b"nosniff"))
                headers.append((b"referrer-policy", b"no-referrer"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


def bind(port: int) -> socket.socket:
    """A listening socket on 127.0.0.1 (``port`` 0: a free one)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(64)
    except OSError:
        sock.close()
        raise
    return sock


def run(live: LiveReview, sock: socket.socket, *, quiet: bool = True) -> None:
    """Serve ``live`` on ``sock`` until interrupted (Ctrl+C, SIGTERM)."""
    import uvicorn

    port = sock.getsockname()[1]
    server: uvicorn.Server | None = None

    def closing() -> bool:
        return server is not None and server.should_exit

    app = _Guard(create_app(live, closing), port)
    config = uvicorn.Config(
        app,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
        lifespan="on",
        limit_concurrency=64,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=5,
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
