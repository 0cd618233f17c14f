"""Lay out the render model through the Jinja2 templates: file name -> source text."""

from __future__ import annotations

import os
from typing import Any

import jinja2

from .codemodel import Package, docstring, inline_text
from .errors import SpecError
from .imports import all_key, events_imports, handlers_imports, isort_key, models_imports

_HERE = os.path.dirname(os.path.abspath(__file__))
# installed: generator/templates; from a checkout: the repository's templates/
BUILTIN_TEMPLATES = next(
    (
        p
        for p in (os.path.join(_HERE, "templates"), os.path.join(os.path.dirname(_HERE), "templates"))
        if os.path.isfile(os.path.join(p, "models.py.jinja"))
    ),
    os.path.join(_HERE, "templates"),
)


RUNTIME_EXPORTS = ("MAX_DEPTH", "UNSET", "Unset", "UnknownVariant", "ValidationError", "json_library", "use_json")


def quote_docstring(lines: list[str]) -> str:
    """Docstring source for prepared lines (the caller indents it)."""
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    return '"""' + "\n".join(lines) + '\n"""'


def environment(user_templates: str | None) -> jinja2.Environment:
    """Templates from ``user_templates`` first (to override ours), then the built-in ones."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(BUILTIN_TEMPLATES)]
    if user_templates and not os.path.isdir(user_templates):
        raise SpecError(
            "", "--templates names no folder", "give the folder that holds your .jinja templates", file=user_templates
        )
    if user_templates:
        loaders.insert(0, jinja2.FileSystemLoader(user_templates))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.globals["docstring"] = quote_docstring
    env.globals["docstring_lines"] = docstring
    return env


def render(package: Package, header: str, title: str, user_templates: str | None = None) -> dict[str, str]:
    env = environment(user_templates)
    model_names = sorted(
        {c.name for c in package.classes}
        | {u.name for u in package.unknowns}
        | {a.name for a in package.aliases}
        | {f.name for f in package.functions if not f.name.startswith("_")},
        key=isort_key,
    )
    event_names = sorted(
        {
            name
            for root in package.roots
            for name in (root.alias, root.table.name, root.parse.name, root.unknown)
            if name
        },
        key=isort_key,
    )
    values = {
        "header": header,
        "title": inline_text(title),
        "classes": package.classes,
        "unknowns": package.unknowns,
        "aliases": package.aliases,
        "functions": package.functions,
        "tables": package.tables,
        "roots": package.roots,
        "self_containing": package.self_containing,
        "plain_roots": package.plain_roots,
        "fixed_values": package.fixed_values,
        "models_imports": models_imports(package),
        "events_imports": events_imports(package),
        "model_names": model_names,
        "event_names": event_names,
        "all_names": sorted({*model_names, *event_names, *RUNTIME_EXPORTS}, key=all_key),
    }
    files = {
        "__init__.py": "__init__.py.jinja",
        "_runtime.py": "_runtime.py.jinja",
        "models.py": "models.py.jinja",
        "events.py": "events.py.jinja",
    }
    if package.handlers:
        files["handlers.py"] = "handlers.py.jinja"
        values["handlers"] = package.handlers
        values["handlers_imports"] = handlers_imports(package)
    out = {name: render_one(env, template, values, user_templates) for name, template in files.items()}
    out["py.typed"] = ""
    return out


def render_one(env: jinja2.Environment, template: str, values: dict[str, Any], user_templates: str | None) -> str:
    """One file; a template of the user's (``--templates``) that does not parse or fails is an error
    naming it, with the line."""
    try:
        return env.get_template(template).render(values)
    except jinja2.TemplateSyntaxError as exc:
        if not user_templates:
            raise
        raise SpecError(
            "",
            f"template syntax error at line {exc.lineno}: {exc.message}",
            "correct the template (Jinja2 syntax), or remove it to use the built-in one",
            file=exc.filename or template,
        ) from None
    except jinja2.TemplateError as exc:
        path = os.path.join(user_templates or "", template)
        if not user_templates or not os.path.isfile(path):
            raise
        raise SpecError(
            "",
            f"the template failed: {exc.message or type(exc).__name__}",
            "use only the values the built-in template of that name uses, or remove it to use the built-in one",
            file=path,
        ) from None
