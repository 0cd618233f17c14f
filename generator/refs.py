"""Resolve ``$ref`` the way JSON Schema does: base URIs from ``$id`` (``id`` in draft-04), anchors,
JSON pointers with ``~0``/``~1`` escapes, relative files; never the network.

Each document is a ``referencing`` resource (the resolver behind ``jsonschema``), which knows, per
draft, where ``$id`` and anchors may stand; this module maps between its URIs and the locations
the rest of eventgen uses: ``file#pointer``, the file relative to the main spec's directory ('' for
the main spec), so that component schemas read ``#/components/schemas/Name``.

A reference to a URI no loaded document answers is looked up, in order, in the ``--ref-base``
mappings (URL prefix -> local directory), in the documents beside the spec whose ``$id`` is that URI,
and beside the referring document when its own ``$id`` shares the URI's directory.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urldefrag, urljoin

if TYPE_CHECKING:  # imported when a document names $ids or anchors: most specs never need it
    import referencing

from .errors import SpecError, escape_pointer_part
from .loader import load_file
from .wellformed import check_document

SCHEMA_CONTAINERS = ("components/schemas", "$defs", "definitions")
DIALECTS = {  # --draft values and the $schema URIs they stand for
    "4": "http://json-schema.org/draft-04/schema#",
    "6": "http://json-schema.org/draft-06/schema#",
    "7": "http://json-schema.org/draft-07/schema#",
    "2019-09": "https://json-schema.org/draft/2019-09/schema",
    "2020-12": "https://json-schema.org/draft/2020-12/schema",
}
SPEC_SUFFIXES = (".json", ".yaml", ".yml")
MAX_SCANNED = 500  # files looked at for an $id, beside the spec


def split_pointer(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return [] if pointer == "" else [""]
    if not pointer.startswith("/"):
        raise ValueError(pointer)
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def join_pointer(pointer: str, *parts: str | int) -> str:
    return pointer + "".join("/" + escape_pointer_part(str(part)) for part in parts)


def schema_name(location: str) -> str | None:
    """The name of a schema stored under a schema container, else None."""
    _, _, pointer = location.partition("#")
    for container in SCHEMA_CONTAINERS:
        prefix = "/" + container + "/"
        if pointer.startswith(prefix) and "/" not in pointer[len(prefix) :]:
            return split_pointer(pointer)[-1]
    return None


def walk(document: Any) -> Iterator[tuple[Any, str]]:
    """Every object and array in a document, with its JSON pointer."""
    pending = [(document, "")]
    while pending:
        node, pointer = pending.pop()
        yield node, pointer
        if isinstance(node, dict):
            pending += [(v, join_pointer(pointer, k)) for k, v in node.items() if isinstance(v, (dict, list))]
        elif isinstance(node, list):
            pending += [(v, f"{pointer}/{i}") for i, v in enumerate(node) if isinstance(v, (dict, list))]


class Resolver:
    """Holds the loaded documents and follows references between them."""

    def __init__(
        self,
        main_path: str,
        main_document: Any,
        dialect: str | None = None,
        ref_bases: Sequence[tuple[str, str]] = (),
        schema_documents: bool = True,
        allow_read: Sequence[str] = (),
    ) -> None:
        self.label = main_path  # the main spec as the user named it, for messages
        self.main_path = os.path.abspath(main_path)
        self.base_dir = os.path.dirname(self.main_path)
        self.default_dialect = DIALECTS.get(dialect or "2020-12", dialect or DIALECTS["2020-12"])
        self.ref_bases = [(prefix, os.path.abspath(directory)) for prefix, directory in ref_bases]
        # where a $ref may read: the spec's folder tree, the folders named with --allow-read and --ref-base
        self.readable = [os.path.realpath(d) for d in (self.base_dir, *allow_read, *(d for _, d in self.ref_bases))]
        self.schema_documents = schema_documents  # False for OpenAPI/AsyncAPI: the root is no schema
        self.documents: dict[str, Any] = {}
        self.registry: referencing.Registry[Any] | None = None  # documents that name $ids or anchors
        self.roots: dict[str, str] = {}  # resource URI (no fragment) -> location of the resource
        self.bases: dict[str, list[tuple[str, str]]] = {}  # file -> (pointer, base URI), innermost first
        self.scanned: set[str] = set()  # URIs looked for among the files beside the spec
        self.add("", main_document)

    # -- documents -----------------------------------------------------------------------------

    def document(self, file: str) -> Any:
        if file not in self.documents:
            self.add(file, load_file(self.path(file)))
        return self.documents[file]

    def path(self, file: str) -> str:
        return self.main_path if file == "" else os.path.normpath(os.path.join(self.base_dir, file))

    def file_key(self, path: str) -> str:
        path = os.path.abspath(path)
        return "" if path == self.main_path else os.path.relpath(path, self.base_dir)

    def file_uri(self, file: str) -> str:
        return Path(self.path(file)).as_uri()

    def uri_of(self, location: str) -> str:
        """A location as an absolute URI reference, for $refs written by eventgen itself."""
        file, _, pointer = location.partition("#")
        return self.file_uri(file) + "#" + quote(pointer, safe="/~!$&'()*+,;=:@")

    def specification(self, contents: Any) -> referencing.Specification[Any]:
        import referencing.jsonschema

        if not isinstance(contents, (dict, bool)):
            return referencing.Specification.OPAQUE
        dialect = contents.get("$schema") if isinstance(contents, dict) else None
        default = referencing.jsonschema.specification_with(self.default_dialect)
        if not isinstance(dialect, str):
            return default
        return referencing.jsonschema.specification_with(dialect, default=default)

    def declares_dialect(self, location: str) -> bool:
        """Does the document holding ``location`` say which draft it is ($schema)?"""
        document = self.documents.get(location.partition("#")[0])
        return isinstance(document, dict) and isinstance(document.get("$schema"), str) and self.schema_documents

    def dialect_of(self, location: str) -> str:
        """The $schema URI that governs a location (its document's, else the default)."""
        document = self.documents.get(location.partition("#")[0])
        dialect = document.get("$schema") if isinstance(document, dict) else None
        return dialect if isinstance(dialect, str) and dialect in DIALECTS.values() else self.default_dialect

    def add(self, file: str, contents: Any) -> None:
        """Load a document: register it at its file URI and learn the $ids and anchors inside."""
        self.documents[file] = contents
        uri = self.file_uri(file)
        self.roots[uri] = f"{file}#"
        bases = [("", uri)]
        found: list[str] = []
        if (self.schema_documents or file != "") and may_name(contents):  # $ids and anchors, per its draft
            import referencing

            specification = self.specification(contents)
            check_document(contents, self.path_of(file), list_items=specification.name != "draft2020-12")
            registry = self.registry or referencing.Registry()
            before = set(registry)
            try:
                self.registry = registry.with_resource(uri, specification.create_resource(contents)).crawl()
            except Exception as exc:
                raise SpecError(
                    self.display(f"{file}#"),
                    f"the scan for $id and $anchor failed ({type(exc).__name__}: {str(exc)[:80]})",
                    "check the $id, id and $anchor keywords and the schemas around them",
                ) from None
            found = [u for u in self.registry if u not in before and u != uri]
        if found:
            places = {id(node): pointer for node, pointer in walk(contents)}
            for other in found:
                pointer = places.get(id(self.registry[other].contents))  # type: ignore[index]
                if pointer is not None:
                    self.roots[other] = f"{file}#{pointer}"
                    bases.append((pointer, other))
        self.bases[file] = sorted(bases, key=lambda pair: (-len(pair[0]), pair[1] == uri))  # an $id before the file

    def base_uri(self, location: str) -> str:
        """The base URI in force at a location: its innermost resource's."""
        file, _, pointer = location.partition("#")
        self.document(file)
        for prefix, uri in self.bases[file]:
            if not prefix or pointer == prefix or pointer.startswith(prefix + "/"):
                return uri
        return self.file_uri(file)

    # -- references ----------------------------------------------------------------------------

    def locate(self, ref: object, at: str) -> str:
        """The canonical location a ``$ref`` found at location ``at`` points to."""
        if not isinstance(ref, str):
            found = "a mapping" if isinstance(ref, dict) else "a list" if isinstance(ref, list) else repr(ref)
            raise SpecError(
                self.display(at),
                f"$ref must be a string, got {found}",
                "write it as a string, e.g. $ref: '#/components/schemas/Name'",
            )
        file = at.partition("#")[0]
        if ref.startswith("#/") and len(self.bases.get(file, ())) == 1 and "%" not in ref:
            return f"{file}#{ref[1:]}"  # the common case: a pointer into a document without $ids
        base = self.base_uri(at)
        uri, fragment = (urldefrag(base)[0], ref[1:]) if ref.startswith("#") else urldefrag(urljoin(base, ref))
        fragment = unquote(fragment)
        root = self.resource(uri, ref, at)
        if not fragment:
            return root
        if fragment.startswith("/"):
            return root + fragment
        return self.anchor(uri, fragment, ref, at)

    def resource(self, uri: str, ref: str, at: str) -> str:
        """The location of the resource a URI names, loading the document that holds it if need be."""
        if uri in self.roots:
            return self.roots[uri]
        path = self.local_path(uri, at)
        if path is not None:
            self.check_readable(path, ref, at)
        if path is not None and os.path.isfile(path):
            key = self.file_key(path)
            if key not in self.documents:
                self.read_referenced(key, ref, at)
            if uri in self.roots:
                return self.roots[uri]
            self.roots[uri] = f"{key}#"  # a document found by place, not by $id: known by that URI too
            if self.registry is not None and self.file_uri(key) in self.registry:
                resource = self.registry[self.file_uri(key)]
                self.registry = self.registry.with_resource(uri, resource).crawl()
            return self.roots[uri]
        if uri not in self.scanned:
            self.scanned.add(uri)
            self.scan(uri)
            if uri in self.roots:
                return self.roots[uri]
        metaschema = metaschemas().get(uri.rstrip("#"))
        if metaschema is not None:  # the drafts' own schemas, from the local copies jsonschema-specifications keeps
            key = "metaschema:" + uri.split("//", 1)[-1].replace("/", "_")
            self.add(key, metaschema)
            self.roots[uri] = self.roots.setdefault(uri, f"{key}#")
            return self.roots[uri]
        if uri.startswith("file:"):
            raise SpecError(
                self.display(at),
                f"$ref {ref!r} points into {os.path.relpath(path or uri)}, which cannot be read (no such file)",
                "correct the path in the $ref (it is relative to the file that holds it), or create that file",
            )
        raise SpecError(
            self.display(at),
            f"$ref {ref!r} names {uri}, which no document here has as its $id (eventgen never uses the network)",
            f"save that document beside the spec, or map its URL to a local directory: --ref-base {base_of(uri)}=DIR",
        )

    def check_readable(self, path: str, ref: str, at: str) -> None:
        """A $ref may read only inside the spec's folder tree and the folders the user allowed; the
        error names the reference and the path, never what the file holds."""
        real = os.path.realpath(path)
        if any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in self.readable):
            return
        shared = os.path.commonpath([self.readable[0], real])
        folder = shared if shared not in (os.sep, os.path.dirname(shared)) else os.path.dirname(real)
        shown = os.path.relpath(folder) if not os.path.relpath(folder).startswith("..") else folder
        raise SpecError(
            self.display(at),
            f"$ref {ref!r} reads {real}, which is outside the spec's folder tree ({self.readable[0]}) and the "
            "folders allowed to be read",
            f"if that file is part of the spec, allow its folder: --allow-read {shown} (allow_read: in the config); "
            "else point the $ref inside the spec's folder",
        )

    def local_path(self, uri: str, at: str) -> str | None:
        """Where a URI's document lies on disk, if its scheme or a mapping says so."""
        if uri.startswith("file:"):
            return unquote(uri.removeprefix("file://"))
        for prefix, directory in self.ref_bases:
            if uri.startswith(prefix):
                return os.path.join(directory, *unquote(uri[len(prefix) :]).split("/"))
        file = at.partition("#")[0]
        referrer_base = self.bases.get(file, [("", "")])[-1][1]  # the referring document's own base
        directory = referrer_base.rsplit("/", 1)[0] + "/"
        if not referrer_base.startswith("file:") and uri.startswith(directory):
            return os.path.join(os.path.dirname(self.path(file)), *unquote(uri[len(directory) :]).split("/"))
        return None

    def read_referenced(self, key: str, ref: str, at: str) -> None:
        try:
            self.document(key)
        except SpecError as exc:
            exc.message = f"{exc.message} (referenced by $ref {ref!r} at {self.display(at)})"
            raise

    def scan(self, uri: str) -> None:
        """Load the documents beside the spec that may declare ``uri`` as an $id (their first 64 KiB
        name its last segment), so that references by $id find them."""
        tail = uri.rstrip("/").rsplit("/", 1)[-1].encode()
        seen = 0
        for directory, folders, names in os.walk(self.base_dir):
            folders[:] = sorted(f for f in folders if not f.startswith((".", "_")) and f != "node_modules")
            for name in sorted(names):
                path = os.path.join(directory, name)
                if not name.endswith(SPEC_SUFFIXES) or self.file_key(path) in self.documents:
                    continue
                seen += 1
                if seen > MAX_SCANNED:
                    return
                try:
                    with open(path, "rb") as handle:
                        head = handle.read(1 << 16)
                    if tail in head and (b"$id" in head or b"id" in head):
                        self.document(self.file_key(path))
                except (OSError, SpecError):
                    continue  # not a document for us: only a candidate

    def anchor(self, uri: str, name: str, ref: str, at: str) -> str:
        import referencing.exceptions

        try:
            found = self.registry.anchor(uri, name).value if self.registry is not None else None
        except (referencing.exceptions.Unresolvable, referencing.exceptions.NoSuchResource):
            found = None
        contents = getattr(getattr(found, "resource", None), "contents", None)
        file = self.roots[uri].partition("#")[0]
        for node, pointer in walk(self.documents[file]) if contents is not None else ():
            if node is contents:
                return f"{file}#{pointer}"
        raise SpecError(
            self.display(at),
            f"$ref {ref!r} names the anchor {name!r}, which "
            f"{self.path_of(file) if uri.startswith('file:') else uri} does not define",
            "point the $ref at an existing $anchor, or use a JSON pointer such as '#/$defs/Name'",
        )

    # -- nodes ---------------------------------------------------------------------------------

    def node(self, location: str, referrer: str = "") -> Any:
        """The value at ``location``; ``referrer`` is where the reference stood."""
        file, _, pointer = location.partition("#")
        try:
            value = self.document(file)
        except SpecError as exc:
            if exc.message.startswith("cannot read the file"):
                raise SpecError(
                    self.display(referrer),
                    f"$ref points into {self.path_of(file)}, which "
                    f"{exc.message.replace('cannot read the file', 'cannot be read')}",
                    "correct the path in the $ref (it is relative to the file that holds it), or create that file",
                ) from None
            exc.message = f"{exc.message} (referenced from {self.display(referrer)})"
            raise
        try:
            parts = split_pointer(pointer)
        except ValueError:
            raise SpecError(
                self.display(referrer or location),
                f"{location!r} has a fragment that is neither a JSON pointer nor an anchor",
                "write it as '#/components/schemas/Name'",
            ) from None
        for part in parts:
            if isinstance(value, dict) and part in value:
                value = value[part]
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value = value[int(part)]
            else:
                raise SpecError(
                    self.display(referrer or location),
                    f"$ref target {location!r} does not exist (no {part!r} there)",
                    "point the $ref at an existing schema",
                )
        return value

    def display(self, location: str) -> str:
        """A location as shown to users: ``file#pointer``, the file as named from the working directory."""
        file, _, pointer = location.partition("#")
        return f"{self.path_of(file)}#{pointer}"

    def path_of(self, file: str) -> str:
        """A document's path as the user would name it ('' is the main spec)."""
        return os.path.join(os.path.dirname(self.label), file) if file else self.label


def metaschemas() -> dict[str, Any]:
    """The drafts' own schemas by URI, from the local copies jsonschema-specifications keeps."""
    import jsonschema_specifications  # type: ignore[import-untyped]

    registry = jsonschema_specifications.REGISTRY
    return {uri.rstrip("#"): registry[uri].contents for uri in registry}


NAMING_KEYWORDS = frozenset(["$id", "id", "$anchor", "$dynamicAnchor", "$recursiveAnchor"])


def may_name(document: Any) -> bool:
    """Could a document declare an $id or an anchor? (If not, crawling it would find nothing.)"""
    return any(isinstance(node, dict) and not NAMING_KEYWORDS.isdisjoint(node) for node, _ in walk(document))


def base_of(uri: str) -> str:
    """The directory part of a URI: what a --ref-base mapping would name."""
    return uri.rsplit("/", 1)[0] + "/" if "/" in uri.partition("://")[2] else uri
