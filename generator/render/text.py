"""Turning YAML text into Markdown that shows exactly that text and nothing more.

Every value from content/ reaches a page through one of these functions. Characters that mean
something to Markdown, its extensions or HTML become numeric character references: they are
shown as typed, in tables, headings, list items and raw HTML blocks alike, and no later
Markdown stage can turn them into markup (a raw `<script>`, an attr_list `{: onclick=…}`, a
`--8<--` snippet include or a `javascript:` link).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACE = re.compile(r"\s+")
# The line break every page writes. Material's search indexer drops a <br> without leaving a
# space, so "Bản khai chung<br>Mẫu đính kèm" would index "chungMẫu"; the space after it keeps
# the words apart, and browsers do not show a space at the start of a line.
LINE_BREAK = "<br> "

# Significant to HTML, Markdown, attr_list, tables or a pymdownx extension.
_ALWAYS = "&<>\"\\`*_[]{}|#!~^=+$"
_ESCAPE_ALL = str.maketrans({char: f"&#{ord(char)};" for char in _ALWAYS} | {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
# In simple-Markdown fields emphasis and lists stay: `*`, `_` and `-` pass through.
_ESCAPE_RICH = str.maketrans({char: f"&#{ord(char)};" for char in _ALWAYS if char not in "*_"} | {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})

# What opens a block at the start of a line: an ordered or bullet list, a definition, a
# details block (???), a rule or setext underline (---).
_LINE_START = re.compile(r"^(\s*)(?:(\d+)([.)])(?=\s|$)|([-:?])(?=[\s\-?]|$))")
_RULE_LINE = re.compile(r"^\s*([-*_=]\s*)+$")

# Around a block of HTML a page template wrote itself (a long list: generator.render.env's
# html_link): MkDocs' hook (generator.site.hooks) takes the block out of Python-Markdown's and
# Material's search indexer's way and puts it back into the page. YAML text never holds them:
# every value is escaped ("<" is "&lt;").
RAW_HTML_START = "<!-- congkhai:html -->"
RAW_HTML_END = "<!-- /congkhai:html -->"

_SAFE_URL = r"(?:https?://|mailto:|tel:)[^\s()<>\"'\\{}\[\]`|]+"
_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\((" + _SAFE_URL + r")\)")
_PLACEHOLDER = re.compile("\x02(\\d+)\x03")


class Md(Markup):
    """Text that is safe Markdown: escaped YAML text, or markup the renderer wrote itself.

    A Markup subclass, so Jinja macro and block output (Markup) passes the template guard too.
    Build one from an f-string of Md parts, never with `+` or `%` (Markup would HTML-escape).
    """

    __slots__ = ()


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _guard_line_start(line: str) -> str:
    """Escape the character that would make an escaped line open a list or other block."""
    match = _LINE_START.match(line)
    if match is None:
        return line
    indent, digits, mark, single = match.groups()
    head = f"{indent}{digits}&#{ord(mark)};" if digits else f"{indent}&#{ord(single)};"
    return head + line[match.end():]


@lru_cache(maxsize=65536)
def _escape_inline(text: str) -> Md:
    line = _SPACE.sub(" ", _clean(text)).strip()
    return Md(_guard_line_start(line.translate(_ESCAPE_ALL)))


def escape_inline(text: str | None) -> Md:
    """One line of plain text: whitespace collapsed, every significant character escaped."""
    # Cached: names of fields, agencies, units and fee notes repeat on thousands of pages.
    return _escape_inline(text) if text else Md()


def escape_lines(text: str | None) -> Md:
    """Plain text kept on one Markdown line (a table cell, a list item); newlines become <br>."""
    if not text:
        return Md()
    lines = (escape_inline(line) for line in _clean(text).split("\n"))
    return Md(LINE_BREAK.join(line for line in lines if line))


def escape_paragraphs(text: str | None, indent: str = "") -> Md:
    """Plain text as Markdown paragraphs; single newlines are line breaks."""
    if not text:
        return Md()
    blocks = re.split(r"\n\s*\n", _clean(text).strip())
    rendered = [escape_lines(block) for block in blocks]
    return Md(f"\n\n{indent}".join(block for block in rendered if block))


def _rich_line(line: str) -> str:
    if _RULE_LINE.match(line):
        return line.translate(_ESCAPE_ALL).replace("-", "&#45;")
    body = line.lstrip()
    indent = line[: len(line) - len(body)]
    if body.startswith(("- ", "* ")) or re.match(r"\d+\. ", body):
        return indent + body.translate(_ESCAPE_RICH)
    return _guard_line_start(indent + body.translate(_ESCAPE_RICH))


def sanitize_markdown(text: str | None, indent: str = "") -> Md:
    """Simple Markdown (emphasis, lists, http(s)/mailto/tel links) with everything else escaped.

    Raw HTML is shown as text; headings, images, code, attribute lists and links to any other
    scheme are written out literally.
    """
    if not text:
        return Md()
    links: list[str] = []

    def keep_link(match: re.Match[str]) -> str:
        links.append(f"[{escape_inline(match.group(1))}]({match.group(2)})")
        return f"\x02{len(links) - 1}\x03"

    body = _LINK.sub(keep_link, _clean(text).expandtabs(4).strip())
    lines = [_rich_line(line) for line in body.split("\n")]
    joined = f"\n{indent}".join(lines)
    return Md(_PLACEHOLDER.sub(lambda match: links[int(match.group(1))], joined))
