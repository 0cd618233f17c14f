"""Options every command that reads a spec takes: the spec, its format, the roots and how to parse them."""

from __future__ import annotations

import argparse

ROOT_HELP = (
    "a union of events to generate, with the alias of its entry points (parse_ALIAS, ALIAS_TYPES); "
    "repeatable. Schema is a schema name (RealtimeServerEvent); a JSON pointer, '#' being the document "
    "itself, with '/' inside a key written '~1' ('#/$defs/Event', "
    "'paths.yaml#/get/responses/200/content/application~1json/schema'); a name pattern, whose matches "
    "make the union, and whose words starting with '!' leave schemas out ('*Event !Event'); 'webhooks' "
    "(OpenAPI: every webhook's request body); or, for AsyncAPI, 'incoming' / 'outgoing'. "
    "`eventgen inspect SPEC` lists the roots a spec offers, ready to copy"
)


def add_spec_options(parser: argparse.ArgumentParser, format_flag: str = "--format") -> None:
    """``format_flag`` names the spec format's option (``diff`` keeps --format for its report)."""
    parser.add_argument("--config", help="a YAML config file (see spec/eventgen.yaml); flags override it")
    parser.add_argument("--spec", help="the OpenAPI, AsyncAPI or JSON Schema document (YAML or JSON)")
    parser.add_argument(
        format_flag,
        dest="format",
        choices=("openapi", "swagger", "jsonschema", "asyncapi"),
        help="default: detected from the document",
    )
    parser.add_argument("--out", help="directory that holds the generated package")
    parser.add_argument("--package", help="name of the generated package, e.g. realtime_events")
    parser.add_argument(
        "--root",
        action="append",
        default=[],
        metavar="ALIAS=Schema",
        help=ROOT_HELP,
    )
    parser.add_argument(
        "--strict",
        action="append",
        default=[],
        metavar="ALIAS",
        help="parse this root strictly (default for aliases containing 'client')",
    )
    parser.add_argument(
        "--lenient",
        action="append",
        default=[],
        metavar="ALIAS",
        help="parse this root leniently (default for every other alias)",
    )
    parser.add_argument("--all-schemas", action="store_true", help="generate every component schema")
    parser.add_argument(
        "--overlay",
        action="append",
        default=[],
        metavar="FILE",
        help="an OpenAPI Overlay 1.0 file applied to the spec first (repeatable, in order)",
    )
    parser.add_argument(
        "--caller-tag",
        action="append",
        default=[],
        metavar="ALIAS=ARG",
        help="the root's tag travels outside the payload; parse_ALIAS takes it as ARG (e.g. webhook=event)",
    )
    parser.add_argument(
        "--draft",
        choices=("4", "6", "7", "2019-09", "2020-12"),
        help="the JSON Schema draft of documents without $schema (default 2020-12)",
    )
    parser.add_argument(
        "--ref-base",
        action="append",
        default=[],
        metavar="URL=DIR",
        help="documents a $ref names by URL under URL are read from DIR instead (never from the network)",
    )
    parser.add_argument(
        "--allow-read",
        action="append",
        default=[],
        metavar="DIR",
        help="a $ref may read files under DIR too (by default only under the spec's own folder; repeatable)",
    )
    parser.add_argument(
        "--side",
        choices=("client", "server"),
        help="AsyncAPI: the program is a client of the described application (default), or is that application",
    )
    parser.add_argument(
        "--channel", action="append", default=[], metavar="NAME", help="AsyncAPI: only this channel (repeatable)"
    )
    parser.add_argument(
        "--operation", action="append", default=[], metavar="ID", help="AsyncAPI: only this operation (repeatable)"
    )
    parser.add_argument("--templates", help="a directory of templates that override the built-in ones")
    parser.add_argument("--formatter", choices=("ruff", "black", "none"), help="default: ruff")
    parser.add_argument("--quiet", action="store_true", help="do not print warnings about the spec")
