"""Compiled Jinja templates, shared by every environment of a process.

Every Jinja environment congkhai makes (the Markdown pages, the kiosk, the print pack:
generator.present.templating; Material's, through generator.site.hooks) uses `COMPILED`:

- In memory: a process compiles each template once, whichever environment asks again (MkDocs
  makes a new environment for every build of `congkhai serve`).
- From a folder, when a build has one (`COMPILED.folder`, generator.site.warmup): the templates
  compiled there by a helper process, on the core the content check leaves idle. A build's site
  workers then load them (marshal) instead of compiling them (0.3 to 0.5 s a site at 5,000
  records). The folder is made for one build and removed after it: compiled code kept in the
  build cache, which CI restores from storage other jobs write, would be code the build runs.

A template is found by its name, its file and the settings of the environment that compiled it
(`settings_key`: two environments with other tag marks or filters compile the same file to other
code), and Jinja checks the source's checksum, so an edited template is compiled again.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from generator.fingerprint import replace_file, stable_text

# What Jinja reads while it compiles a template, besides the source (jinja2.compiler and
# jinja2.optimizer): the syntax, whitespace control, escaping, extensions, finalize, and the
# filters and tests (a filter called on constants is run at compile time).
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
           "comment_start_string", "comment_end_string", "line_statement_prefix",
           "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
           "keep_trailing_newline", "optimized", "is_async", "newstyle_gettext")


def settings_key(env: jinja2.Environment) -> str:
    """A digest of what, besides a template's source, decides the code Jinja compiles it to."""
    parts: list[Any] = [getattr(env, name, None) for name in _SYNTAX]
    parts += [stable_text(env.autoescape), stable_text(env.finalize), sorted(env.extensions),
              sorted((name, stable_text(value)) for name, value in env.filters.items()),
              sorted((name, stable_text(value)) for name, value in env.tests.items())]
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory, and in `folder` when a build has one; `writes`: this
    process (the build's helper) writes what it compiles into `folder` for the others."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}
        self.folder: Path | None = None
        self.writes = False

    @staticmethod
    def _key(bucket: Bucket) -> str:
        # Not kept per environment: a plugin may add a filter after MkDocs made the environment.
        return f"{settings_key(bucket.environment)}-{bucket.key}"

    def load_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self.store.get(key)
        if code is None and self.folder is not None:
            with contextlib.suppress(OSError):
                code = (self.folder / key).read_bytes()
        if code is None:
            return
        try:
            bucket.bytecode_from_string(code)  # ignored if the template's source changed
        except (EOFError, ValueError, TypeError, pickle.UnpicklingError):  # cut short: compiled again
            bucket.reset()

    def share(self, folder: Path) -> None:
        """From now on, write what this process compiles into `folder`, starting with what it
        has compiled so far (a template an environment holds is not compiled again)."""
        self.folder, self.writes = folder, True
        for key, code in self.store.items():
            replace_file(folder / key, code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        key = self._key(bucket)
        code = self.store[key] = bucket.bytecode_to_string()
        if self.writes and self.folder is not None:
            replace_file(self.folder / key, code)  # whole or not at all: the helper may be stopped


COMPILED = CompiledTemplates()
"""The process's compiled templates: every congkhai environment's bytecode cache."""
