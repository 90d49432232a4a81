"""A local stand-in for the platform's send API, with a web inbox.

``create_app(...)`` builds the Starlette app (serve it with uvicorn, or drive it
in-process with ``httpx.ASGITransport``); ``msgtemplate sandbox`` runs it.
"""

from __future__ import annotations

from msgtemplate.sandbox.app import (
    DEFAULT_SERVER_CLIENT_ID,
    MAX_REQUEST_BYTES,
    Sandbox,
    SandboxError,
    create_app,
    sandbox_of,
)
from msgtemplate.sandbox.catalog import CatalogError
from msgtemplate.sandbox.faults import FaultConfigError, FaultInjector
from msgtemplate.sandbox.store import Delivery, InboxStore, StoreError

__all__ = [
    "DEFAULT_SERVER_CLIENT_ID",
    "MAX_REQUEST_BYTES",
    "CatalogError",
    "Delivery",
    "FaultConfigError",
    "FaultInjector",
    "InboxStore",
    "Sandbox",
    "SandboxError",
    "StoreError",
    "create_app",
    "sandbox_of",
]
