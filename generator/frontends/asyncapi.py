"""AsyncAPI 2.x and 3.0 (written next)."""

from __future__ import annotations

from ..errors import SpecError, Warnings
from ..refs import Resolver
from .catalog import Catalog, Request


def read(resolver: Resolver, request: Request, warnings: Warnings) -> Catalog:
    raise SpecError("", "AsyncAPI is not read yet", "")
