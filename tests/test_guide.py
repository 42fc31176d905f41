"""The staff guide (docs/HUONG-DAN.md) matches the software.

Every command and option it names exists, every field name it shows is a field of some record
kind, every error code it names is one the code can emit, and every code the code can emit is
explained in the guide (a new code without a line in the guide fails here).
"""

from __future__ import annotations

import argparse
import io
import json
import re
import shlex
import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from support.boards import REPO

from generator.cli import build_parser
from generator.models.schema import write_schemas

GUIDE = REPO / "docs" / "HUONG-DAN.md"
CODE = re.compile(r"\b[EW]-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def emitted_codes() -> set[str]:
    """Codes written in the string literals of the package ("E-TAB", f"… W-IMPORT-UNMAPPED …"),
    docstrings and comments left out."""
    found: set[str] = set()
    for path in (REPO / "generator").rglob("*.py"):
        tokens = list(tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline))
        for previous, token in zip([None, *tokens], tokens, strict=False):
            docstring = previous is None or previous.type in (tokenize.INDENT, tokenize.NEWLINE,
                                                              tokenize.NL, tokenize.DEDENT)
            if token.type == tokenize.STRING and not docstring:
                found.update(CODE.findall(token.string))
    return found


def code_blocks(language: str | None = None) -> Iterator[str]:
    for match in FENCE.finditer(guide()):
        if language is None or match[1] == language:
            yield match[2]


def snippets() -> Iterator[str]:
    """Every piece of code the guide shows: inline spans and the lines of fenced blocks."""
    text = FENCE.sub("", guide())
    yield from INLINE.findall(text)
    for block in code_blocks():
        yield from block.splitlines()


def subcommands(parser: argparse.ArgumentParser | None = None) -> dict[str, argparse.ArgumentParser]:
    parser = parser or build_parser()
    action = next((item for item in parser._actions if isinstance(item, argparse._SubParsersAction)), None)
    return dict(action.choices) if action else {}


def options(parser: argparse.ArgumentParser) -> set[str]:
    return {option for action in parser._actions for option in action.option_strings}


def field_names(tmp_path: Path) -> tuple[set[str], set[str]]:
    """Every key any record kind accepts, at any depth (from the JSON Schemas), and the keys
    whose value is a free map (`articles`, `obligation_overrides`: their keys are not fields)."""
    names: set[str] = set()
    maps: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, schema in node.get("properties", {}).items():
                names.add(name)
                if isinstance(schema.get("additionalProperties"), dict):
                    maps.add(name)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in write_schemas(tmp_path):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return names, maps


def keys(node: Any, maps: set[str]) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            if key not in maps:
                yield from keys(value, maps)
    elif isinstance(node, list):
        for value in node:
            yield from keys(value, maps)


def test_every_error_code_the_guide_names_can_be_emitted() -> None:
    named = set(CODE.findall(guide()))
    unknown = sorted(named - emitted_codes())
    assert not unknown, f"docs/HUONG-DAN.md names codes the code never emits: {unknown}"


def test_every_code_the_code_emits_is_explained_in_the_guide() -> None:
    missing = sorted(emitted_codes() - set(CODE.findall(guide())))
    assert not missing, f"add a line for these codes to the table in docs/HUONG-DAN.md: {missing}"


def test_every_command_and_option_the_guide_names_exists() -> None:
    commands = subcommands()
    seen = set()
    for snippet in snippets():
        for match in re.finditer(r"\bcongkhai ([a-z][a-z-]*)((?: +[^ `|]+)*)", snippet):
            name, rest = match[1], match[2]
            assert name in commands, f"the guide names 'congkhai {name}', which does not exist"
            seen.add(name)
            words = shlex.split(rest.replace("<", "").replace(">", ""), posix=True) if rest else []
            command = commands[name]
            nested = subcommands(command)  # `congkhai import dvc …`
            if nested and words and words[0] in nested:
                command = nested[words.pop(0)]
            for word in words:
                if word.startswith("--"):
                    option = word.split("=")[0]
                    assert option in options(command), f"'congkhai {name} {option}' does not exist"
    assert {"check", "new", "serve", "build", "print", "init"} <= seen  # the guide covers them


def test_every_field_name_the_guide_shows_exists(tmp_path: Path) -> None:
    known, maps = field_names(tmp_path)
    for block in code_blocks("yaml"):
        data = yaml.safe_load(block)
        unknown = sorted(set(keys(data, maps)) - known)
        assert not unknown, f"a YAML example in the guide uses fields that do not exist: {unknown}"
    for snippet in snippets():
        match = re.match(r"^([a-z_]+):(?: |$)", snippet)
        if match and not snippet.startswith(("http", "https")):
            assert match[1] in known, f"the guide shows the field '{match[1]}', which does not exist"
