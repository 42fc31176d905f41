"""MkDocs hooks for every site congkhai builds; site/config.py lists this file under `hooks:`.

MkDocs makes a new Jinja environment for every build, so Material's templates are compiled
again each time: a good part of a one-page rebuild in `congkhai serve`. `on_env` gives every
environment one in-memory bytecode cache, so a process compiles each template once. MkDocs
loads a hook file once per process, which keeps the cache alive across builds; Jinja checks each
template's source checksum, so an edited template is compiled again.
"""

from __future__ import annotations

from typing import Any

import jinja2
from jinja2.bccache import Bucket


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory, by template name and source checksum."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored if the template's source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


COMPILED = CompiledTemplates()


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    env.bytecode_cache = COMPILED
    return env
