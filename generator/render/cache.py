"""The render cache: each page's Markdown, kept with the trace of what it read.

A warm build renders a page again only when its template or data changed, or when one of the
questions its trace holds (generator.render.trace) gets another answer from this build's view.
Everything a page reads without asking the view is in the cache's key: the audience,
`--today`, the office, the page templates and congkhai's own code. A page whose reading
cannot be traced is rendered every time.

One text pack per site (`render.pack` in the site's cache folder: the traces and the Markdown's
digests in its head, the Markdown's UTF-8 as its texts, handed on undecoded, as
generator.render.markdown.KeptMarkdown), replaced in one step when a render
ends; a missing, damaged or other-key file is an empty cache. Deleting it is always safe.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator import paths
from generator.fingerprint import (
    Fingerprints,
    NoFingerprint,
    TextPack,
    code_digest,
    key_of,
    read_pack,
    replace_pack,
    tree_digest,
    versions,
)
from generator.render.markdown import KeptMarkdown, markdown_digest
from generator.render.trace import Trace, TracedView, question_key, still_true
from generator.render.view import SiteView

FORMAT = 4
FILE_NAME = "render.pack"


def render_key(view: SiteView, fingerprints: Fingerprints, templates_dir: Path) -> str:
    """What every page of `view` reads without asking the view."""
    return key_of(FORMAT, view.audience.value, view.today.isoformat(), fingerprints.of(view.office),
                  tree_digest(templates_dir), code_digest(), versions())


@dataclass(slots=True)
class CachedPage:
    inputs: str  # fingerprint of the page's template and data
    trace: Trace
    markdown: str | KeptMarkdown


@dataclass(slots=True)
class KeptPage:
    """A page of the last render: its Markdown is text number `markdown` of the cache's pack,
    whose UTF-8 has the SHA-256 `digest`."""

    inputs: str
    trace: Trace
    markdown: int
    digest: str


@dataclass(slots=True)
class KeptFragment:
    """A fragment of the last render: its text is text number `text` of the cache's pack."""

    inputs: str
    trace: Trace
    text: int


@dataclass(frozen=True, slots=True)
class Fragments:
    """The fragments of the page being rendered (`fragment` in the page templates): a macro's
    output, kept by the page, the macro (where it is defined) and its arguments (their
    fingerprints are inputs), with the trace of what it read: its own questions and those the
    page asked before it, outside any fragment (a macro also reads the template's variables)."""

    cache: RenderCache
    view: SiteView
    page: str
    page_inputs: str
    made: set[str] = field(default_factory=set)

    def render(self, traced: TracedView, macro: Callable[..., Any], arguments: tuple[Any, ...]) -> str:
        """`macro(*arguments)`'s output: the kept one if nothing it read has changed."""
        try:
            name = question_key(_macro_name(macro), arguments)
            inputs = self.cache.fingerprints.of([self.page_inputs, name, arguments])
        except NoFingerprint:
            return str(macro(*arguments))
        key = f"{self.page}\0{name}"
        if key in self.made:  # the same item twice in a page: made each time, kept for neither
            self.cache.new_fragments.pop(key, None)
            return str(macro(*arguments))
        self.made.add(key)
        return self.cache.fragment(self, traced, key, inputs, lambda: str(macro(*arguments)))


def _macro_name(macro: Any) -> str:
    """A Jinja macro by its name and where its template defines it (two templates may each
    have a macro of the same name)."""
    code = getattr(getattr(macro, "_func", None), "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code is not None else "?"
    return f"{getattr(macro, 'name', '')}@{where}"


@dataclass(slots=True)
class RenderCache:
    """The pages of one site's last render, and those of this one as they are rendered."""

    file: Path
    key: str
    old: dict[str, KeptPage]
    pack: TextPack | None = None
    new: dict[str, CachedPage] = field(default_factory=dict)
    fingerprints: Fingerprints = field(default_factory=Fingerprints)
    reused: int = 0
    # Fragments by page, then "page\0question key" (see Fragments); new: (inputs, trace, text)
    old_fragments: dict[str, dict[str, KeptFragment]] = field(default_factory=dict)
    new_fragments: dict[str, tuple[str, Trace, str | memoryview]] = field(default_factory=dict)

    @classmethod
    def open(cls, folder: Path, view: SiteView, templates_dir: Path | None = None) -> RenderCache:
        fingerprints = Fingerprints(view.board.source_digest)
        key = render_key(view, fingerprints, templates_dir or paths.THEME_DIR / "templates")
        file = folder / FILE_NAME
        cache = cls(file, key, {}, fingerprints=fingerprints)
        try:
            pack = read_pack(file)
            if pack.head["format"] == FORMAT and pack.head["key"] == key:
                cache.old = {path: KeptPage(inputs, trace, number, str(digest))
                             for number, (path, inputs, trace, digest) in enumerate(pack.head["pages"])}
                pages = len(pack.head["pages"])
                for number, (name, inputs, trace) in enumerate(pack.head["fragments"], pages):
                    page = name.split("\0", 1)[0]
                    cache.old_fragments.setdefault(page, {})[name] = KeptFragment(inputs, trace, number)
                cache.pack = pack
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            cache.old, cache.old_fragments = {}, {}
        return cache

    def page(self, view: SiteView, path: str, template: str, data: dict[str, Any],
             render: Callable[[Any], str]) -> str:
        """The page's Markdown as text (`markdown`)."""
        found = self.markdown(view, path, template, data, render)
        return found if isinstance(found, str) else found.text()

    def markdown(self, view: SiteView, path: str, template: str, data: dict[str, Any],
                 render: Callable[[Any], str]) -> str | KeptMarkdown:
        """The page's Markdown: the cached one (as its bytes) if nothing it read has changed,
        else `render`'s (given a traced view, or the plain view when the page cannot be traced)."""
        try:
            inputs = self.fingerprints.of([template, data])
        except NoFingerprint:
            return render(view)
        kept = self.old.get(path)
        if kept is not None and kept.inputs == inputs and still_true(view, kept.trace, self.fingerprints):
            found = self._markdown(kept)
            if found is not None:
                self.new[path] = CachedPage(inputs, kept.trace, found)
                self.reused += 1
                self._keep_fragments(path)
                return found
        traced = TracedView(view, self.fingerprints, Fragments(self, view, path, inputs))
        try:
            markdown = render(traced)
        except NoFingerprint:
            return render(view)
        self.new[path] = CachedPage(inputs, traced.trace, markdown)
        return markdown

    def _markdown(self, kept: KeptPage) -> KeptMarkdown | None:
        """The kept page's bytes (the pack was read only if its bytes are those written)."""
        if self.pack is None:
            return None
        try:
            return KeptMarkdown(self.pack.raw(kept.markdown), kept.digest)
        except IndexError:
            return None

    def fragment(self, scope: Fragments, traced: TracedView, name: str, inputs: str,
                 make: Callable[[], str]) -> str:
        """The fragment `name` of a page being rendered: kept if made from the same `inputs`
        and every question of its trace has the same answer, else `make()`'s (and its trace)."""
        kept = self.old_fragments.get(scope.page, {}).get(name)
        if kept is not None and kept.inputs == inputs and self.pack is not None \
                and still_true(scope.view, kept.trace, self.fingerprints):
            try:
                raw = self.pack.raw(kept.text)
                text = str(raw, "utf-8")
            except (IndexError, ValueError):
                pass
            else:
                traced.adopt(kept.trace)
                self.new_fragments[name] = (inputs, kept.trace, raw)
                return text
        with traced.recording() as trace:
            text = make()
        self.new_fragments[name] = (inputs, trace, text)
        return text

    def _keep_fragments(self, path: str) -> None:
        """A page kept whole keeps its fragments for the build that renders it again."""
        if self.pack is None:
            return
        for name, kept in self.old_fragments.get(path, {}).items():
            with contextlib.suppress(IndexError):
                self.new_fragments[name] = (kept.inputs, kept.trace, self.pack.raw(kept.text))

    def save(self) -> None:
        """Keep this render's pages for the next build (in one step: a reader sees the old
        file or the new one); nothing to write when every page was reused."""
        unchanged = all(isinstance(page.markdown, KeptMarkdown) for page in self.new.values()) \
            and all(isinstance(text, memoryview) for _, _, text in self.new_fragments.values())
        if unchanged and len(self.new) == len(self.old) \
                and len(self.new_fragments) == sum(map(len, self.old_fragments.values())):
            return
        pages, texts = [], []
        for path, page in sorted(self.new.items()):
            if isinstance(page.markdown, KeptMarkdown):
                encoded, digest = page.markdown.encoded, page.markdown.digest
            else:
                try:
                    encoded = page.markdown.encode("utf-8")
                except UnicodeEncodeError:  # a lone surrogate: rendered on every build
                    continue
                digest = markdown_digest(encoded)
            pages.append([path, page.inputs, page.trace, digest])
            texts.append(encoded)
        fragments = []
        for name, (inputs, trace, text) in sorted(self.new_fragments.items()):
            try:
                texts.append(text.encode("utf-8") if isinstance(text, str) else text)
            except UnicodeEncodeError:  # a lone surrogate: made on every build
                continue
            fragments.append([name, inputs, trace])
        head = {"format": FORMAT, "key": self.key, "pages": pages, "fragments": fragments}
        replace_pack(self.file, head, texts, self.pack)
