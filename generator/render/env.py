"""The Jinja2 environment for the Markdown page templates: filters, helpers, the escaping guard.

Every `{{ … }}` must print escaped Markdown (`Md`, made by the filters below) or a number. A
plain string, a date or None reaching the output raises `UnescapedValueError`, so a template
that forgets the filter on a YAML value fails on the first page that uses it rather than
publishing raw text.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date
from enum import Enum
from functools import cache
from html import escape as html_escape
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.models import KINDS, Record
from generator.models.common import web_url_problem
from generator.paths import THEME_DIR
from generator.present import format as fmt
from generator.present import templating, words
from generator.present.slug import slugify
from generator.present.urls import ARCHIVE, built_relative, national_portal_url, relative, year_page
from generator.render import helpers, summary
from generator.render.text import (
    RAW_HTML_END,
    RAW_HTML_START,
    Md,
    escape_inline,
    escape_lines,
    escape_paragraphs,
    sanitize_markdown,
)
from generator.render.trace import TracedView

TEMPLATES_DIR = THEME_DIR / "templates"
_LINK_BRACKETS = str.maketrans({"(": "%28", ")": "%29", "[": "%5B", "]": "%5D"})

# Built-in filters that would mark an unescaped string as safe in an autoescaping environment.
_UNSAFE_BUILTINS = ("safe", "join", "replace", "format", "indent", "xmlattr", "urlize", "tojson",
                    "forceescape", "escape", "e", "string", "wordwrap", "center", "truncate")


class UnescapedValueError(TypeError):
    """A template printed a value without passing it through an escaping or format filter."""


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):  # Md, or the output of a macro or block
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise UnescapedValueError(
        f"giá trị {type(value).__name__} {str(value)[:60]!r} in ra không qua bộ lọc "
        "(e, lines, paras, md, date, money…)")


def _label(value: Enum | str | None, enum_name: str) -> Md:
    return escape_inline(templating.enum_text(value, enum_name))


def _join(items: Iterable[Any], separator: str = ", ") -> Md:
    parts = list(items)
    for part in parts:
        if not isinstance(part, Md):
            raise UnescapedValueError(f"mdjoin: phần tử {part!r} chưa được lọc")
    return Md(separator.join(parts))


def _date(value: Date | None) -> Md:
    return Md(fmt.format_date(value))


def _money(value: int | None) -> Md:
    return Md(fmt.format_money(value))


def _href(value: str) -> Md:
    """A web address the model validated (WebUrl), checked again where it is printed, with the
    brackets a Markdown link would end at percent-encoded."""
    if web_url_problem(value) is not None:
        raise UnescapedValueError(f"not a validated web address: {value!r}")
    return Md(value.translate(_LINK_BRACKETS))


def _number(value: int | None) -> Md:
    return Md("" if value is None else fmt.format_number(value))


@pass_context
def _url(context: Context, target: str) -> Md:
    """Relative link target from the page being rendered to a docs-relative file."""
    return Md(relative(context["page"], target))


@pass_context
def _link(context: Context, record: Any, text: Md | None = None) -> Md:
    """A Markdown link to a record's page, or its escaped title when it is not on this site."""
    label = text if text is not None else escape_inline(record.title)
    target = context["site"].page_of(record)
    if target is None:
        return label
    return Md(f"[{label}]({relative(context['page'], target)})")


@pass_context
def _html_link(context: Context, record: Any, text: Md | None = None) -> Md:
    """The same link as HTML, for a raw HTML block: long lists are written as HTML because
    MkDocs takes ~5× longer to convert them from Markdown, on every build that changes them.
    The label is escaped Markdown, whose character references are HTML too."""
    label = text if text is not None else escape_inline(record.title)
    target = context["site"].page_of(record)
    if target is None:
        return label
    return Md(f'<a href="{html_escape(built_relative(context["page"], target))}">{label}</a>')


@pass_context
def _fragment(context: Context, macro: Any, *arguments: Any) -> Markup:
    """`macro(*arguments)`, kept between builds when the page is rendered with the render cache
    (generator.render.cache.Fragments): a long list's item is made again only when what it
    read changed, not whenever one of its hundreds of neighbours did."""
    site = context["site"]
    fragments = site._fragments if isinstance(site, TracedView) else None
    if fragments is None:
        return Markup(macro(*arguments))
    return Markup(fragments.render(site, macro, arguments))


def _anchor(value: str | int) -> Md:
    """An ASCII anchor id from a label: 'II' → 'ii', 'đ' → 'dd' (so it differs from 'd')."""
    return Md(slugify(str(value).replace("đ", "dd").replace("Đ", "dd"), "x"))


def _kind_label(record: Record) -> Md:
    return escape_inline(KINDS[record.kind_name].label)


def _indent_cell(depth: int) -> Md:
    """Indentation for a nested row in a table cell (a tree shown in a flat table)."""
    return Md("&emsp;" * depth)


def _configure(env: jinja2.Environment) -> None:
    for name in _UNSAFE_BUILTINS:
        env.filters.pop(name, None)
    env.filters.update({
        "e": escape_inline,
        "lines": escape_lines,
        "paras": escape_paragraphs,
        "md": sanitize_markdown,
        "date": _date,
        "money": _money,
        "number": _number,
        "percent": lambda value: Md(fmt.format_percent(value)),
        "size": lambda value: Md(fmt.format_size(value)),
        "label": _label,
        "recurrence": lambda rule: escape_inline(fmt.recurrence_words(rule)),
        "hours": lambda rule: escape_inline(fmt.hours_words(rule)),
        "mdjoin": _join,
        "anchor": _anchor,
        "fee_amount": helpers.fee_amount,
        "charge_text": helpers.charge_text,
        "time_text": helpers.time_text,
        "levels_text": helpers.levels_text,
        "copies_text": helpers.copies_text,
        "nested_item": helpers.nested_item,
        "by_case": words.by_case,
        "portal_url": lambda code: Md(national_portal_url(code)),
        "href": _href,
    })
    env.globals.update({
        "url": _url,
        "link": _link,
        "html_link": _html_link,
        "fragment": _fragment,
        "raw_html_start": Md(RAW_HTML_START),
        "raw_html_end": Md(RAW_HTML_END),
        "h": lambda level: Md("#" * level),
        "sp": lambda count: Md(" " * count),
        "indent_cell": _indent_cell,
        "kind_label": _kind_label,
        "year_page": year_page,
        "archive_page": ARCHIVE,
        "budget_rows": helpers.budget_rows,
        "budget_bars": helpers.budget_bars,
        "plan_timeline": helpers.plan_timeline,
        "timeline_counts": helpers.timeline_counts,
        "summary": summary,
    })


@cache
def environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """One environment per templates folder: each template is compiled once per process."""
    env = templating.environment(
        templates_dir,
        finalize=_finalize,
        # {#id} is Markdown (attr_list) in these templates, so Jinja comments are {## … ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    _configure(env)
    return env
