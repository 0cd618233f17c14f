"""The line ``eventgen check`` prints before its diff: what changed in the spec, in event terms.

The package on disk names the sha256 of the spec it came from (its header). The old spec is
taken from git's HEAD, and used only when its sha256 is that one: then the package was generated
from it, and the line compares it with the working copy. When the hashes say the spec did not
change, the line says so; when the old spec cannot be found, there is no line.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile

from ..errors import SpecError, UsageError
from ..loader import read_bytes
from ..pipeline import Model, Options, model, sources_digest
from .compare import compare_models
from .gitrev import at_revision
from .pyapi import compare_api
from .render import summary

HEADER_DIGEST = re.compile(r"\(sha256 ([0-9a-f]{64})\)")


def generated_digest(package_dir: str) -> str | None:
    try:
        with open(os.path.join(package_dir, "__init__.py"), encoding="utf-8") as handle:
            found = HEADER_DIGEST.search(handle.read(1000))
    except OSError:
        return None
    return found.group(1) if found else None


def what_changed(options: Options, new: Model, package_dir: str) -> str | None:
    """``spec changed: ...``, ``spec unchanged: ...``, or None when the old spec is not known.
    ``new`` is the model ``options`` give now (their overlays apply to the old spec too)."""
    digest = generated_digest(package_dir)
    if digest is None:
        return None
    if new.digest == digest:
        return "spec unchanged since the package was generated: the package was edited, or eventgen changed"
    spec, overlays = options.spec, new.sources[1:]
    try:
        with tempfile.TemporaryDirectory(prefix="eventgen-check-") as directory:
            old_spec = at_revision("HEAD", spec, directory)
            if sources_digest([(spec, read_bytes(old_spec)), *overlays]) != digest:
                return None  # the package does not come from the spec at HEAD either
            old = model(dataclasses.replace(options, spec=old_spec))
    except (SpecError, UsageError):
        return None
    return "spec changed since HEAD: " + summary(compare_models(old, new) + compare_api(old, new))
