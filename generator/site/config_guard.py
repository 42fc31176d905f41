"""mkdocs.yml is read safely before MkDocs reads it.

MkDocs loads mkdocs.yml with PyYAML's full loader: `!!python/object/apply:os.system [...]`
runs a command, and an alias bomb (`&a [*a, *a, …]` nested) grows without bound. congkhai
parses the file first, event by event (nothing is built or run), and refuses:

- any alias (`*name`): a board's settings never need one;
- any tag but the plain YAML ones, MkDocs' `!ENV` and `!relative`, and `!!python/name:` of
  the functions in `PYTHON_NAMES` (the Markdown extension callables a board may set, such as
  Material's emoji index);
- a Markdown extension outside `MARKDOWN_EXTENSIONS` (Python-Markdown's own, pymdownx.*,
  Material's): an extension is a module MkDocs imports and runs;
- a `site_url` or `extra.internal_site_url` that is not a plain http(s) address (it is written
  into every page's `<link rel="canonical">` unescaped);
- a file over `MAX_CONFIG_BYTES`, and the same in every file it `INHERIT`s.

mkdocs.yml's `hooks:` and the theme folder are Python and templates, run as they are: they are
code, reviewed like code (the CODEOWNERS file `congkhai init` writes), not content.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import CongkhaiError
from generator.models.common import web_url_problem

MAX_CONFIG_BYTES = 256 * 1024
MAX_DEPTH = 32
MAX_INHERIT = 4

_YAML = "tag:yaml.org,2002:"
PLAIN_TAGS = frozenset(f"{_YAML}{name}" for name in
                       ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))
MKDOCS_TAGS = frozenset({"!ENV", "!relative"})
PYTHON_NAMES = frozenset({
    "material.extensions.emoji.twemoji",
    "material.extensions.emoji.to_svg",
    "pymdownx.emoji.twemoji",
    "pymdownx.emoji.gemoji",
    "pymdownx.emoji.emojione",
    "pymdownx.emoji.to_svg",
    "pymdownx.emoji.to_png",
    "pymdownx.emoji.to_alt",
    "pymdownx.superfences.fence_code_format",
    "pymdownx.superfences.fence_div_format",
    "pymdownx.arithmatex.arithmatex_fenced_format",
})
_PYTHON_NAME = f"{_YAML}python/name:"
MARKDOWN_EXTENSIONS = frozenset({
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
})
_EXTENSION_MODULE = re.compile(r"(?:pymdownx|material\.extensions)\.[a-z_]+")


class ConfigRefused(CongkhaiError):
    """mkdocs.yml holds something congkhai will not hand to MkDocs; the message is located."""


def _where(path: Path, mark: Any) -> str:
    """file:line:col of a mark (PyYAML's or libyaml's: they have the same line and column)."""
    shown = _shown(path)
    return f"{shown}:{mark.line + 1}:{mark.column + 1}" if mark else shown


def _shown(path: Path) -> str:
    """The file as messages name it: from the working directory when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return path.as_posix()


def check_config_file(path: Path, depth: int = 0) -> None:
    """Refuse an unsafe mkdocs.yml (and what it INHERITs) with a located ConfigRefused."""
    try:
        size = path.stat().st_size
        text = path.read_text(encoding="utf-8") if size <= MAX_CONFIG_BYTES else ""
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigRefused(f"không đọc được {_shown(path)}: {error}") from error
    if size > MAX_CONFIG_BYTES:
        raise ConfigRefused(f"{_shown(path)} nặng {size // 1024} KB, quá giới hạn "
                            f"{MAX_CONFIG_BYTES // 1024} KB của tệp cấu hình")
    _check_events(path, text)
    root = yaml.compose(text, Loader=yaml.CSafeLoader)  # events passed: no alias, no unknown tag
    if not isinstance(root, yaml.MappingNode):
        return
    top = _mapping(root)
    _check_extensions(path, top.get("markdown_extensions"))
    _check_url(path, top.get("site_url"), "site_url")
    extra = top.get("extra")
    if isinstance(extra, yaml.MappingNode):
        _check_url(path, _mapping(extra).get("internal_site_url"), "extra.internal_site_url")
    parent = top.get("INHERIT")
    if isinstance(parent, yaml.ScalarNode):
        if depth >= MAX_INHERIT:
            raise ConfigRefused(f"{_where(path, parent.start_mark)}: INHERIT lồng quá {MAX_INHERIT} cấp")
        check_config_file(path.parent / parent.value, depth + 1)


def _check_events(path: Path, text: str) -> None:
    depth = 0
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise ConfigRefused(f"{_where(path, event.start_mark)}: không dùng tham chiếu YAML "
                                    f"('*{event.anchor}'); hãy viết lại đầy đủ giá trị")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise ConfigRefused(f"{_where(path, event.start_mark)}: lồng nhau quá {MAX_DEPTH} cấp")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            tag = getattr(event, "tag", None)
            if tag is not None and not _allowed_tag(tag):
                raise ConfigRefused(f"{_where(path, event.start_mark)}: thẻ YAML '{tag}' không được phép "
                                    "trong mkdocs.yml (có thể chạy mã Python); chỉ dùng !ENV, !relative "
                                    "hoặc !!python/name: của hàm phần mở rộng được phép (docs-dev/BUILD.md)")
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or error
        raise ConfigRefused(f"{_where(path, mark)}: lỗi cú pháp YAML ({problem})") from None


def _allowed_tag(tag: str) -> bool:
    if tag == "!" or tag in PLAIN_TAGS or tag in MKDOCS_TAGS:
        return True
    return tag.startswith(_PYTHON_NAME) and tag[len(_PYTHON_NAME):] in PYTHON_NAMES


def _mapping(node: yaml.MappingNode) -> dict[str, yaml.Node]:
    return {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}


def _extension_names(node: yaml.Node | None) -> list[tuple[str, yaml.Mark]]:
    if not isinstance(node, yaml.SequenceNode):
        return []
    found = []
    for item in node.value:
        if isinstance(item, yaml.ScalarNode):
            found.append((item.value, item.start_mark))
        elif isinstance(item, yaml.MappingNode):
            found.extend((key.value, key.start_mark) for key, _ in item.value
                         if isinstance(key, yaml.ScalarNode))
    return found


def _check_extensions(path: Path, node: yaml.Node | None) -> None:
    for name, mark in _extension_names(node):
        short = name.removeprefix("markdown.extensions.")
        if short not in MARKDOWN_EXTENSIONS and not _EXTENSION_MODULE.fullmatch(name):
            raise ConfigRefused(f"{_where(path, mark)}: phần mở rộng Markdown '{name}' không có trong danh "
                                "sách cho phép (của Python-Markdown, pymdownx.*, material.extensions.*)")


def _check_url(path: Path, node: yaml.Node | None, key: str) -> None:
    if not isinstance(node, yaml.ScalarNode) or node.tag == "!ENV" or not node.value:
        return
    problem = web_url_problem(node.value)
    if problem is not None:
        raise ConfigRefused(f"{_where(path, node.start_mark)}: {key} '{node.value[:80]}' {problem}")
