"""The one Jinja2 environment factory, for every output made from templates.

Three template sets share it: the Markdown pages of the sites (generator.render.env, which adds
its Markdown escaping on top), the kiosk and the print pack (HTML, escaped by Jinja's own
autoescape). All three read templates the same way (strict undefined values, block tags that
leave no blank lines, the file's last newline kept), and the two HTML sets print a value
through the same filters, so a fee or a date reads the same on the kiosk screen and on the
printed notice.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator.present import words
from generator.present.compiled import COMPILED
from generator.present.format import enum_label, format_date, format_money, format_number, recurrence_words
from generator.present.labels import ENUMS


def environment(folder: Path, **options: Any) -> jinja2.Environment:
    """A new environment reading templates from `folder`; `options` add to or override the
    shared settings (the Markdown set changes its comment marks and adds a `finalize`)."""
    settings: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(folder),
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "keep_trailing_newline": True,
        "auto_reload": False,  # a build compiles each template once per process
        "bytecode_cache": COMPILED,  # or loads it, compiled by the build's helper
    }
    return jinja2.Environment(**{**settings, **options})


def enum_text(value: Enum | str | None, enum_name: str) -> str:
    """An enum value's Vietnamese label: `{{ fee.kind|label("FeeKind") }}`."""
    return enum_label(ENUMS[enum_name], value)


HTML_FILTERS: dict[str, Callable[..., Any]] = {
    "date": format_date, "money": format_money, "number": format_number, "label": enum_text,
    "fee_lines": words.fee_lines, "time_text": words.time_text, "method_label": words.method_label,
    "person": words.person_text, "weekday_date": words.weekday_date, "recurrence": recurrence_words,
    **words.PROCEDURE_FILTERS,
}
"""What a value looks like in the kiosk and the print pack (the Markdown pages have their own
escaping twins of these in generator.render.env)."""


@cache
def html_environment(folder: Path) -> jinja2.Environment:
    """The environment of an HTML template set (kiosk, print pack): one per folder and process."""
    env = environment(folder)
    env.filters.update(HTML_FILTERS)
    return env
