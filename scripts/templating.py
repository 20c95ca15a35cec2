"""The Jinja environment the code generators render their templates with (scripts/templates/).

A generator computes data from the spec (names, fields, converters, facts) and hands it to a
template, which holds the shape of the code it writes. One environment for every generator, so the
templates share their conventions:

- `trim_blocks` and `lstrip_blocks` (as openapi-python-client's own templates are rendered): a
  line holding only a `{% ... %}` tag writes nothing, so the templates can be indented freely;
- `StrictUndefined`: a name the data does not carry fails the generation instead of writing "";
- the `py` filter: a value as a Python literal (`repr`), for strings, tuples, lists and dicts.

No autoescaping: the output is Python source, not HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).resolve().parent / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # noqa: S701 (Python source, not HTML: nothing to escape)
    )
    env.filters["py"] = repr
    return env


def render(template: str, **context: Any) -> str:
    """`template` (a file of scripts/templates/) rendered with `context`."""
    return environment().get_template(template).render(**context)
