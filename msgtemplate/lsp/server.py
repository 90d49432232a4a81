"""The language server: pygls wiring, debounced linting, and the LSP features.

Each open document is linted on open and on change, in one worker thread so the
server keeps answering while a big pack is linted, by the document's
:class:`~msgtemplate.lsp.analysis.Analyser` (only the templates whose lines changed
are linted again). A change after a quiet spell (:data:`DEBOUNCE` or more since the
previous one) is linted after a short settle (:func:`settle`, for edits sent
together); a change within a burst of typing waits for a pause (:func:`pause`: as
long as the last analysis took, at most :data:`DEBOUNCE`), each newer change
putting the lint off again, so the burst's last version is what gets linted (its
first may have been, after the settle). A result for a version the editor has moved
past is dropped. Diagnostics come from
:mod:`~msgtemplate.lsp.diagnostics`; completion, hover and code actions from their
modules. Whatever a document holds (garbage, a huge file, a URI that was never
opened), a request gets an answer or none, and the server keeps running: an
unexpected error is logged to the client, never raised into the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Final, TypeVar

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from msgtemplate._version import __version__
from msgtemplate.lsp.actions import code_actions
from msgtemplate.lsp.analysis import Analyser, Analysis, analyse
from msgtemplate.lsp.completion import complete
from msgtemplate.lsp.diagnostics import Known, diagnostics
from msgtemplate.lsp.hover import hover
from msgtemplate.lsp.positions import units_for
from msgtemplate.lsp.wire import BoundedInput, Protocol

DEBOUNCE: Final = 0.2
"""Most seconds of quiet after a change before the document is linted again; a change
this long after the previous one only waits :func:`settle`."""

SETTLE: Final = 0.03
"""Most seconds a change after a quiet spell waits, so that edits an editor sends
together (one keystroke is one message, tens of milliseconds apart at the fastest)
are linted once."""


def settle(settle_for: float, last_cost: float | None) -> float:
    """Seconds to wait before linting a change that follows a quiet spell: as long as
    the last analysis took, at most ``settle_for`` (all of it before the first).

    The user has stopped typing, so the squiggles should follow as soon as the
    analysis allows; the short wait lets a burst that arrives at once (a paste sent
    as several changes, a replayed history) be linted once, not first and last.
    """
    if last_cost is None:
        return settle_for
    return min(settle_for, max(0.0, last_cost))


def pause(debounce: float, last_cost: float | None) -> float:
    """Seconds to wait after a change before linting again: as long as the document's
    last analysis took, at most ``debounce`` (the whole ``debounce`` before the first).

    The pause exists so that typing does not queue analyses that the next keystroke
    makes obsolete. An analysis that costs 10 ms is not worth a 200 ms wait: waiting as
    long as it takes keeps at least half of the worker's time on analyses that are
    published, and the squiggles of a small pack follow an edit by about twice its
    analysis time. A pack whose analysis takes longer than ``debounce`` waits the full
    ``debounce``, as every pack did before.
    """
    if last_cost is None:
        return debounce
    return min(debounce, max(0.0, last_cost))


_log = logging.getLogger("msgtemplate.lsp")
T = TypeVar("T")


class _Documents:
    """The analyses of the open documents, and the pending (debounced) lint runs."""

    def __init__(self, server: LanguageServer, debounce: float, settle_for: float) -> None:
        self.server = server
        self.debounce = debounce
        self.settle_for = settle_for
        self.analyses: dict[str, Analysis] = {}
        self.analysers: dict[str, Analyser] = {}
        self.changed_at: dict[str, float] = {}
        """When each open document last changed (monotonic seconds), to tell a change
        after a quiet spell from one within a burst of typing."""
        self.tasks: dict[str, asyncio.Task[None]] = {}
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="msgtemplate-lint")
        self.told: set[str] = set()
        self.costs: dict[str, float] = {}
        """Seconds the last analysis of each open document took (see :func:`pause`)."""
        self.known: dict[str, Known] = {}
        """The diagnostics last published for each open document (see :func:`diagnostics`)."""

    def pause(self, uri: str) -> float:
        """How long to wait before linting ``uri``, which just changed: :func:`settle`
        after a quiet spell, else :func:`pause` (and remember when it changed)."""
        now = time.monotonic()
        last = self.changed_at.get(uri)
        self.changed_at[uri] = now
        if last is None or now - last >= self.debounce:
            return settle(self.settle_for, self.costs.get(uri))
        return pause(self.debounce, self.costs.get(uri))

    def changed(self, uri: str, delay: float) -> asyncio.Task[None]:
        """(Re)schedule linting ``uri`` after ``delay`` seconds."""
        pending = self.tasks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        task = asyncio.ensure_future(self._lint(uri, delay))
        self.tasks[uri] = task
        return task

    def closed(self, uri: str) -> None:
        pending = self.tasks.pop(uri, None)
        if pending is not None:
            pending.cancel()
        self.analyses.pop(uri, None)
        self.analysers.pop(uri, None)
        self.changed_at.pop(uri, None)
        self.costs.pop(uri, None)
        self.known.pop(uri, None)
        self.server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )

    async def current(self, uri: str) -> Analysis | None:
        """The analysis of the document as it is now (linting it now if it changed)."""
        document = self.server.workspace.text_documents.get(uri)
        if document is None:
            return None
        analysis = self.analyses.get(uri)
        if analysis is not None and analysis.version == document.version:
            return analysis
        with contextlib.suppress(asyncio.CancelledError):
            await self.changed(uri, 0)
        analysis = self.analyses.get(uri)
        return analysis if analysis is not None and analysis.version == document.version else None

    def latest(self, uri: str) -> Analysis | None:
        """The last analysis of ``uri``, even of an older version (for completion)."""
        return self.analyses.get(uri)

    async def _lint(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.server.workspace.text_documents.get(uri)
        if document is None:
            return
        version, text = document.version, document.source
        analyser = self.analysers.get(uri)
        if analyser is None:
            # The codecs count the agreed encoding's code units at C speed.
            units = units_for(self.server.workspace.position_codec.encoding)
            analyser = Analyser(uri, document.language_id, units)
            self.analysers[uri] = analyser
        loop = asyncio.get_running_loop()
        try:
            analysis, cost = await loop.run_in_executor(
                self.executor, _timed, analyser, text, version
            )
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug of ours must not take the editor's server down
            self.log(lsp.MessageType.Error, f"linting {uri} failed: {type(exc).__name__}: {exc}")
            return
        self.costs[uri] = cost
        now = self.server.workspace.text_documents.get(uri)
        if now is None or now.version != version:
            return  # superseded while it ran
        self.analyses[uri] = analysis
        self.server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(
                uri=uri,
                version=version,
                diagnostics=diagnostics(analysis, self.known.setdefault(uri, {})),
            )
        )
        if analysis.settings_error and analysis.settings_error not in self.told:
            self.told.add(analysis.settings_error)
            self.server.window_show_message(
                lsp.ShowMessageParams(
                    type=lsp.MessageType.Warning,
                    message=f"msgtemplate: {analysis.settings_error}; using the default rules",
                )
            )

    def log(self, kind: lsp.MessageType, message: str) -> None:
        _log.error(message)
        self.server.window_log_message(lsp.LogMessageParams(type=kind, message=message))

    def stop(self) -> None:
        for task in list(self.tasks.values()):
            task.cancel()
        self.executor.shutdown(wait=False, cancel_futures=True)


class PackServer(LanguageServer):
    """pygls's server, remembering whether the client asked it to shut down (the LSP
    exit code is 0 after ``shutdown``, 1 without)."""

    shutdown_received = False


def _timed(analyser: Analyser, text: str, version: int | None) -> tuple[Analysis, float]:
    """``analyser.analyse``, and the seconds it took (in the worker thread, the only
    one that uses an analyser)."""
    start = time.perf_counter()
    analysis = analyser.analyse(text, version)
    return analysis, time.perf_counter() - start


def create_server(debounce: float = DEBOUNCE, settle_for: float = SETTLE) -> PackServer:
    """A new server with every feature registered (``start_io()`` runs it)."""
    server = PackServer(
        "msgtemplate",
        __version__,
        text_document_sync_kind=lsp.TextDocumentSyncKind.Incremental,
        protocol_cls=Protocol,  # bad params answered, never a traceback
    )
    documents = _Documents(server, debounce, settle_for)

    async def guarded(what: str, call: Callable[[], Awaitable[T]], default: T) -> T:
        try:
            return await call()
        except Exception as exc:
            documents.log(lsp.MessageType.Error, f"{what} failed: {type(exc).__name__}: {exc}")
            return default

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(params: lsp.DidOpenTextDocumentParams) -> None:
        documents.changed(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(params: lsp.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        documents.changed(uri, documents.pause(uri))

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(params: lsp.DidSaveTextDocumentParams) -> None:
        documents.changed(params.text_document.uri, 0)  # settings may have changed too

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(params: lsp.DidCloseTextDocumentParams) -> None:
        documents.closed(params.text_document.uri)

    @server.feature(
        lsp.TEXT_DOCUMENT_COMPLETION,
        lsp.CompletionOptions(trigger_characters=["{", "$", ":", " "]),
    )
    async def completion(params: lsp.CompletionParams) -> lsp.CompletionList | None:
        async def run() -> lsp.CompletionList | None:
            uri = params.text_document.uri
            document = server.workspace.text_documents.get(uri)
            if document is None:
                return None
            analysis = documents.latest(uri) or await documents.current(uri)
            if analysis is None:
                return None
            position = params.position
            items = complete(analysis, document.source, position.line, position.character)
            return lsp.CompletionList(is_incomplete=False, items=items)

        return await guarded("completion", run, None)

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def on_hover(params: lsp.HoverParams) -> lsp.Hover | None:
        async def run() -> lsp.Hover | None:
            analysis = await documents.current(params.text_document.uri)
            if analysis is None:
                return None
            return hover(analysis, params.position.line, params.position.character)

        return await guarded("hover", run, None)

    @server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]),
    )
    async def on_code_action(params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        async def run() -> list[lsp.CodeAction] | None:
            analysis = await documents.current(params.text_document.uri)
            if analysis is None:
                return None
            return code_actions(analysis, list(params.context.diagnostics))

        return await guarded("code actions", run, None)

    @server.feature(lsp.SHUTDOWN)
    async def on_shutdown(params: None) -> None:
        server.shutdown_received = True
        documents.stop()

    return server


def notification(uri: str, text: str) -> dict[str, object]:
    """The ``textDocument/publishDiagnostics`` message the server sends for ``text`` at
    ``uri`` once it is opened (``msgtemplate lsp --diagnostics FILE`` prints it)."""
    from lsprotocol.converters import get_converter

    params = lsp.PublishDiagnosticsParams(
        uri=uri, version=1, diagnostics=diagnostics(analyse(uri, text, 1))
    )
    return {
        "jsonrpc": "2.0",
        "method": lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS,
        "params": get_converter().unstructure(params),
    }


def serve() -> int:
    """Run a server on stdin and stdout until the client says exit (or goes away);
    the exit code: 0 when the client asked for shutdown first, else 1."""
    import sys

    server = create_server()
    # Bounded framing: no Content-Length or header line can make it allocate much.
    server.start_io(stdin=BoundedInput(sys.stdin.buffer))  # type: ignore[arg-type]
    return 0 if server.shutdown_received else 1
