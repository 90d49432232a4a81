"""The thin sender: sign a body, POST it with httpx, retry safely, report S / F / U.

The body is serialised once (compact JSON, UTF-8); every attempt sends those same
bytes, re-signed with a fresh ``Request-Time``. Both clients share one
configuration (:class:`~msgtemplate.sender.core.SenderConfig`, the keyword options
listed in :class:`~msgtemplate.sender.core.SenderOptions`), one classification of
answers (:mod:`msgtemplate.sender.core`) and one retry core (:mod:`msgtemplate.sender.retry`);
:class:`MessageClient` and :class:`AsyncMessageClient` only do the I/O and the
sleeping, with httpx's sync or async client.
"""

from __future__ import annotations

import asyncio
import time
import warnings
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from msgtemplate.sender.attempt import (
    AnswerTooLarge,
    BudgetExhausted,
    aread_answer,
    bounded_transport,
    budget,
    read_answer,
)
from msgtemplate.sender.config import ClientError, read_credentials
from msgtemplate.sender.core import (
    InsecureEndpointError,
    PreparedRequest,
    Sender,
    SenderConfig,
    SendOutcome,
    SendRun,
    serialise,
)
from msgtemplate.sender.keys import KeySource, PrivateKey
from msgtemplate.sender.retry import Attempt

if TYPE_CHECKING:
    from typing_extensions import Self, Unpack

    from msgtemplate.sender.core import SenderOptions

__all__ = [
    "AsyncMessageClient",
    "ClientError",
    "InsecureEndpointError",
    "MessageClient",
    "Pacer",
    "PreparedRequest",
    "SendOutcome",
    "client_from_env",
]


class Pacer(Protocol):
    """Paces the attempts of many sends (``send(body, pacer=...)``): a rate limit.

    Before every attempt, retries included, the client asks :meth:`reserve` and
    sleeps the seconds it says, until it says 0; that waiting is outside the
    attempt's own time budget (and before signing, so the ``Request-Time`` is
    fresh). After the attempt, :meth:`observe` sees what it produced (e.g. to slow
    down on a traffic-limit answer).
    """

    def reserve(self) -> float:
        """0: send now; else seconds to wait before asking again."""
        ...

    def observe(self, attempt: Attempt) -> None:
        """What the attempt just made produced."""
        ...


class _Client(ABC):
    """What both drivers share: the configuration and the work without I/O.

    The sender's internals (signing, classifying answers) live in a
    :class:`~msgtemplate.sender.core.Sender` the client holds, not in methods it
    inherits: a client's public face is sending, preparing and its settings.
    """

    _sender: Sender

    @classmethod
    def from_config(cls, config: SenderConfig, **io: Any) -> Self:
        """A client for settings already checked (``SenderConfig.build``, or the CLI's
        send options); ``io`` is the client's ``transport=`` and ``sleep=``."""
        client = cls.__new__(cls)
        client._setup(config, **io)
        return client

    @abstractmethod
    def _setup(self, config: SenderConfig, **io: Any) -> None: ...

    @property
    def config(self) -> SenderConfig:
        """The checked settings (the key is hidden from its repr)."""
        return self._sender.config

    @property
    def endpoint(self) -> str:
        return self.config.endpoint

    @property
    def client_id(self) -> str:
        return self.config.client_id

    @property
    def url(self) -> str:
        return self.config.url

    @property
    def signed_uri(self) -> str:
        return self.config.signed_uri

    @property
    def timeout(self) -> float:
        return self.config.timeout

    def prepare(self, body: Mapping[str, Any]) -> PreparedRequest:
        """Serialise and sign ``body`` without sending it (``--dry-run``, benchmarks)."""
        payload, request_id, _ = serialise(body)
        return self._sender.sign(payload, request_id)

    def http_request(self, body: Mapping[str, Any]) -> httpx.Request:
        """The httpx request the first attempt would send (sans-IO).

        Not to be confused with :func:`msgtemplate.build_request`, which builds a
        request *body* from a pack.
        """
        return self.prepare(body).to_httpx(self.config.timeout)

    def build_request(self, body: Mapping[str, Any]) -> httpx.Request:
        """Deprecated name of :meth:`http_request` (it clashed with
        :func:`msgtemplate.build_request`, which returns a body); kept for one release."""
        warnings.warn(
            "MessageClient.build_request() is renamed http_request(); "
            "msgtemplate.build_request() is the one that builds a body from a pack",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.http_request(body)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.config.describe()})"


class MessageClient(_Client):
    """Send signed messages synchronously; thread-safe, reuse one per process.

    Options (keyword only): ``key_version`` (1), ``path_prefix`` (``/api/open``),
    ``timeout`` (10 s per attempt), ``max_attempts`` (5), ``retry_backoff`` (0.5 s),
    ``platform_public_key`` (verify answers), ``deadline`` (60 s for the whole send).
    ``sleep``, ``random``, ``clock`` (monotonic seconds) and ``wall_clock`` (for
    ``Request-Time``) are seams for tests and embedding; ``transport`` is an httpx
    transport (e.g. ``httpx.MockTransport``).
    """

    def __init__(
        self,
        endpoint: str,
        client_id: str,
        private_key: PrivateKey | KeySource,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        **options: Unpack[SenderOptions],
    ) -> None:
        config = SenderConfig.build(endpoint, client_id, private_key, **options)
        self._setup(config, transport, sleep)

    def _setup(  # type: ignore[override]
        self,
        config: SenderConfig,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._sender = Sender(config)
        self._sleep = sleep
        trust_env = config.trust_env
        if transport is None:
            transport = bounded_transport(httpx.URL(config.url), trust_env=trust_env)
        self._http = httpx.Client(transport=transport, follow_redirects=False, trust_env=trust_env)

    def send(self, body: Mapping[str, Any], *, pacer: Pacer | None = None) -> SendOutcome:
        """Send ``body`` until S, F or the attempts/deadline run out. Never raises on
        network trouble (that is ``U``); raises :class:`ClientError` for a bad body.
        ``pacer`` paces every attempt (see :class:`Pacer`)."""
        run = self._sender.start(body)
        while True:
            while pacer is not None and (wait := pacer.reserve()) > 0:
                self._sleep(wait)
            attempt = self._attempt(run, run.next_request().to_httpx(run.timeout))
            if pacer is not None:
                pacer.observe(attempt)
            step = run.record(attempt)
            if isinstance(step, SendOutcome):
                return step
            self._sleep(step)

    def _attempt(self, run: SendRun, request: httpx.Request) -> Attempt:
        """One exchange within ``run.timeout`` seconds in all, its answer capped."""
        with budget(run.timeout) as deadline:
            try:
                response = self._http.send(request, stream=True)
                try:
                    content = read_answer(response, deadline)
                finally:
                    response.close()
            except httpx.RequestError as exc:
                return run.classify_error(exc)
            except BudgetExhausted:
                return run.classify_error(_late(request))
            except AnswerTooLarge as exc:
                return run.too_large(response, exc.cap)
        return run.classify_response(response, content)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> MessageClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncMessageClient(_Client):
    """The same client for asyncio: same options, same rules, httpx.AsyncClient."""

    def __init__(
        self,
        endpoint: str,
        client_id: str,
        private_key: PrivateKey | KeySource,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        **options: Unpack[SenderOptions],
    ) -> None:
        config = SenderConfig.build(endpoint, client_id, private_key, **options)
        self._setup(config, transport, sleep)

    def _setup(  # type: ignore[override]
        self,
        config: SenderConfig,
        transport: httpx.AsyncBaseTransport | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._sender = Sender(config)
        self._sleep = sleep
        self._http = httpx.AsyncClient(
            transport=transport, follow_redirects=False, trust_env=config.trust_env
        )

    async def send(self, body: Mapping[str, Any], *, pacer: Pacer | None = None) -> SendOutcome:
        """See :meth:`MessageClient.send`."""
        run = self._sender.start(body)
        while True:
            while pacer is not None and (wait := pacer.reserve()) > 0:
                await self._sleep(wait)
            attempt = await self._attempt(run, run.next_request().to_httpx(run.timeout))
            if pacer is not None:
                pacer.observe(attempt)
            step = run.record(attempt)
            if isinstance(step, SendOutcome):
                return step
            await self._sleep(step)

    async def _attempt(self, run: SendRun, request: httpx.Request) -> Attempt:
        """One exchange within ``run.timeout`` seconds in all, its answer capped."""
        import anyio  # httpx's own dependency; only the async client needs it

        try:
            with anyio.fail_after(run.timeout):
                response = await self._http.send(request, stream=True)
                try:
                    content = await aread_answer(response)
                finally:
                    await response.aclose()
        except httpx.RequestError as exc:
            return run.classify_error(exc)
        except TimeoutError:
            return run.classify_error(_late(request))
        except AnswerTooLarge as exc:
            return run.too_large(response, exc.cap)
        return run.classify_response(response, content)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncMessageClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


def _late(request: httpx.Request) -> httpx.TimeoutException:
    """The attempt's time ran out while its answer was still coming."""
    return httpx.ReadTimeout("the attempt's time is up", request=request)


def client_from_env(endpoint: str | None = None, **kwargs: Any) -> MessageClient:
    """A :class:`MessageClient` whose endpoint, client id and key come from the environment.

    ``MSGTEMPLATE_ENDPOINT``, ``MSGTEMPLATE_CLIENT_ID``, ``MSGTEMPLATE_PRIVATE_KEY``
    (PEM text, base64 DER or a path) and, for an encrypted key,
    ``MSGTEMPLATE_PRIVATE_KEY_PASSWORD`` (the names are in :mod:`msgtemplate.sender.config`,
    shared with ``msgtemplate send``); an explicit ``endpoint`` / ``client_id=`` /
    ``private_key=`` wins. Other keyword arguments are :class:`MessageClient`'s.
    """
    credentials = read_credentials(
        endpoint, kwargs.pop("client_id", None), kwargs.pop("private_key", None)
    )
    return MessageClient(
        credentials.endpoint, credentials.client_id, credentials.load_key(), **kwargs
    )
