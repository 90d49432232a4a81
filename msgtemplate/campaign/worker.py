"""``msgtemplate bulk worker``: a Celery worker that sends msgtemplate's chunks.

Its credentials are its own (``--client-id``, ``--private-key`` or the environment,
like ``send``): the producer never sends a key through the broker. It runs
Celery's thread pool (``--concurrency`` threads sharing one
:class:`~msgtemplate.sender.client.MessageClient`, one connection pool) on the
queue :data:`~msgtemplate.campaign.celery_app.QUEUE`, with the settings of
:func:`~msgtemplate.campaign.celery_app.make_app` (late acknowledgement, prefetch
1, a visibility timeout of seconds).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgtemplate.campaign.celery_app import (
    DEFAULT_VISIBILITY_TIMEOUT,
    QUEUE,
    install_client,
    make_app,
)

if TYPE_CHECKING:
    from msgtemplate.sender.core import SenderConfig

__all__ = ["run_worker"]


def run_worker(
    broker: str,
    config: SenderConfig,
    *,
    concurrency: int = 4,
    visibility_timeout: float = DEFAULT_VISIBILITY_TIMEOUT,
) -> int:
    """Run the worker until it is stopped (SIGTERM / Ctrl+C: warm shutdown)."""
    import redis

    from msgtemplate.sender.client import MessageClient

    app = make_app(broker, visibility_timeout=visibility_timeout)
    client = MessageClient.from_config(config)
    install_client(client, redis.Redis.from_url(broker))
    worker = app.Worker(
        pool="threads",
        concurrency=concurrency,
        queues=[QUEUE],
        loglevel="WARNING",
        without_heartbeat=True,
        without_mingle=True,
        without_gossip=True,
        quiet=True,
    )
    try:
        worker.start()
    finally:
        client.close()
    code = getattr(worker, "exitcode", 0)
    return int(code or 0)
