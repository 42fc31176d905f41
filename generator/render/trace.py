"""What a page read while it was rendered: the trace that lets a warm build skip it.

A page template sees the board only through the `SiteView` it is given (`site`, and the page's
own data). `TracedView` stands in for that view during one page's render and writes down every
question asked of it with a fingerprint of the answer: `get("fee", "phi-01")` → the fee's
digest, `referrers(unit, "procedure")` → the digests of the procedures listed, in order,
`office` → the office's digest. The page's Markdown is then a function of those answers, of
its own data and of what every page shares (templates, code, audience, `--today`): a later
build asks the same questions of its own view and, when every answer has the same
fingerprint, the Markdown is the one already rendered (generator.render.cache).

A question the view does not know how to trace (an attribute outside the `TRACED_*` sets, an argument or
an answer that cannot be fingerprinted) makes the page untraceable: it is rendered on every
build, never reused. Missing a question would make a warm build wrong, so the list is closed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from functools import partial
from typing import Any

import orjson

from generator.fingerprint import Fingerprints, NoFingerprint
from generator.models import KINDS, Record
from generator.render.view import SiteView

Question = tuple[str, str]  # (what was asked, its arguments as JSON)
Trace = dict[str, str]  # JSON of a question → fingerprint of its answer

# The view's methods and attributes a page may read; each answer depends only on the view.
TRACED_METHODS = frozenset({
    "get", "page_of", "referrers", "is_archived", "field_page", "fields", "units", "sessions_of",
    "reception_rules", "of", "current", "archived", "posted", "changes_of",
})
TRACED_VALUES = frozenset({"office", "today", "audience", "internal"})
TRACED_MAPPINGS = frozenset({"form_files", "source_files", "by_kind", "listed"})


class Untraceable(NoFingerprint):
    """A page read something its trace cannot hold: it is rendered on every build."""


def encode_argument(value: Any) -> Any:
    """An argument as JSON a later build can turn back into its own object."""
    if isinstance(value, Record):
        return {"record": [value.kind_name, value.id]}
    if isinstance(value, type) and issubclass(value, Record):
        return {"kind": value.kind_name}
    if value is None or isinstance(value, (str, int, bool)):
        return value
    if isinstance(value, tuple) and all(isinstance(item, str) for item in value):
        return {"tuple": list(value)}
    raise Untraceable(f"cannot trace an argument {type(value).__qualname__}")


class _Gone(Exception):
    """A record a question named is no longer on the board."""


def decode_argument(view: SiteView, value: Any) -> Any:
    if isinstance(value, dict):
        if "record" in value:
            kind, record_id = value["record"]
            record = view.board.get(kind, record_id)
            if record is None:
                raise _Gone
            return record
        if "kind" in value:
            return KINDS[value["kind"]].model
        return tuple(value["tuple"])
    return value


def question_key(name: str, arguments: tuple[Any, ...]) -> str:
    question = [name, [encode_argument(argument) for argument in arguments]]
    try:
        return orjson.dumps(question).decode()
    except orjson.JSONEncodeError:  # a lone surrogate
        return json.dumps(question, ensure_ascii=False, separators=(",", ":"))


def ask(view: SiteView, question: str) -> Any:
    """Ask `view` the question of a trace key (see `TracedView`)."""
    name, arguments = orjson.loads(question)
    if name in TRACED_METHODS:
        return getattr(view, name)(*(decode_argument(view, argument) for argument in arguments))
    if name in TRACED_VALUES:
        return getattr(view, name)
    mapping, key = name.split(".", 1)[0], decode_argument(view, arguments[0])
    if mapping in TRACED_MAPPINGS:
        return getattr(view, mapping).get(key)
    raise Untraceable(name)


def still_true(view: SiteView, trace: Trace, fingerprints: Fingerprints) -> bool:
    """Whether every question of `trace` has the same answer from `view`."""
    try:
        for question, answer in trace.items():
            found = fingerprints.known(question)  # most questions are shared by many pages
            if found is None:
                found = fingerprints.answer(question, partial(ask, view, question))
            if found != answer:
                return False
        return True
    except Exception:
        return False


class TracedMapping(Mapping[Any, Any]):
    """A mapping of the view (published files by record, records by kind), read key by key."""

    def __init__(self, traced: TracedView, name: str, mapping: Mapping[Any, Any]) -> None:
        self._traced, self._name, self._mapping = traced, name, mapping

    def get(self, key: Any, default: Any = None) -> Any:
        answer = self._mapping.get(key, default)
        self._traced.note(f"{self._name}.get", (key,), answer)
        return answer

    def __getitem__(self, key: Any) -> Any:
        if key not in self._mapping:
            self._traced.note(f"{self._name}.get", (key,), None)
            raise KeyError(key)
        return self.get(key)

    def __iter__(self) -> Iterator[Any]:
        raise Untraceable(f"iterating over {self._name}")

    def __len__(self) -> int:
        raise Untraceable(f"the size of {self._name}")


class TracedView:
    """A SiteView that writes down what a page asks of it (see the module's docstring)."""

    def __init__(self, view: SiteView, fingerprints: Fingerprints, fragments: Any = None) -> None:
        self._view = view
        self._fingerprints = fingerprints
        self.trace: Trace = {}
        self._fragments = fragments  # the page's fragments (generator.render.cache.Fragments)
        self._recordings: list[Trace] = []
        self._outside: Trace = {}  # what the page asked outside any fragment so far

    def note(self, name: str, arguments: tuple[Any, ...], answer: Any) -> None:
        question = question_key(name, arguments)
        fingerprint = self.trace.get(question)
        if fingerprint is None:
            fingerprint = self.trace[question] = self._fingerprints.remember(question, answer)
        for recording in self._recordings:
            recording[question] = fingerprint
        if not self._recordings:
            self._outside[question] = fingerprint

    @contextmanager
    def recording(self) -> Iterator[Trace]:
        """The questions asked while inside (also the page's), and those the page asked before
        outside any fragment (the template's variables a macro may read): a fragment's trace."""
        recording: Trace = dict(self._outside)
        self._recordings.append(recording)
        try:
            yield recording
        finally:
            self._recordings.pop()

    def adopt(self, trace: Trace) -> None:
        """A kept fragment's questions, as if it had been rendered again here."""
        self.trace.update(trace)
        for recording in self._recordings:
            recording.update(trace)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # Python's and Jinja's probes (__html__…): not the view's data
            raise AttributeError(name)
        if name in TRACED_METHODS:
            return self._method(name, getattr(self._view, name))
        if name in TRACED_VALUES:
            value = getattr(self._view, name)
            self.note(name, (), value)
            return value
        if name in TRACED_MAPPINGS:
            return TracedMapping(self, name, getattr(self._view, name))
        raise Untraceable(f"the view's {name!r} is not traced")

    def _method(self, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
        def traced(*arguments: Any) -> Any:
            answer = method(*arguments)
            self.note(name, arguments, answer)
            return answer
        return traced
