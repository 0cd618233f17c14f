"""The generated package to check events with: built in memory from the spec (written to a
temporary directory and imported under a name of its own), or an existing one (``--package-dir``)."""

from __future__ import annotations

import dataclasses
import importlib
import itertools
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..config import Settings
from ..errors import UsageError
from ..naming import root_names
from ..pipeline import Model, generate_from, model
from ..write import write_package

_counter = itertools.count()


@dataclass(frozen=True)
class Target:
    """A root of the package: its parse function and what an event of an unknown type becomes."""

    alias: str
    parse: Callable[..., Any]
    unknown: type | None  # None: a root of one event type has no Unknown class
    lenient: bool


@dataclass
class Loaded:
    module: ModuleType
    analysis: Model
    targets: dict[str, Target]  # alias -> target
    error: type[Exception]  # the package's ValidationError


def load(settings: Settings, package_dir: str | None, workdir: str) -> Loaded:
    """The package for ``settings`` (imported from ``package_dir`` when given) and the spec's analysis."""
    options = settings.options()
    if package_dir:
        analysis = model(options)
        module = import_from(os.path.dirname(os.path.abspath(package_dir)), os.path.basename(package_dir.rstrip("/")))
    else:
        name = f"_eventgen_validate_{os.getpid()}_{next(_counter)}"
        unformatted = dataclasses.replace(options, package=name, formatter="none")
        analysis = model(unformatted)
        result = generate_from(analysis, unformatted)
        write_package(result.files, os.path.join(workdir, name))
        module = import_from(workdir, name)
    targets = {}
    for root in analysis.roots:
        names = root_names(root.alias)
        parse = getattr(module, names.parse, None)
        unknown = getattr(module, names.unknown, None)
        if parse is None:
            raise UsageError(
                f"the package {module.__name__} has no {names.parse} for root {root.alias!r}: "
                "was it generated from this spec and these roots?"
            )
        targets[root.alias] = Target(root.alias, parse, unknown if isinstance(unknown, type) else None, root.lenient)
    return Loaded(module, analysis, targets, module.ValidationError)


def import_from(directory: str, name: str) -> ModuleType:
    if not os.path.isfile(os.path.join(directory, name, "__init__.py")):
        raise UsageError(f"{os.path.join(directory, name)} is not a generated package (no __init__.py)")
    present = sys.modules.get(name)
    if present is not None and os.path.dirname(os.path.dirname(present.__file__ or "")) == os.path.abspath(directory):
        return present  # already imported from there (a test session, a second run in one process)
    if present is not None:  # another package of that name: forget it
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]
    sys.path.insert(0, directory)
    try:
        importlib.invalidate_caches()
        return importlib.import_module(name)
    finally:
        sys.path.remove(directory)


def workdir() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="eventgen-validate-")
