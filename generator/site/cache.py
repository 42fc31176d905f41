"""The build cache: MkDocs' HTML of every page, reused when nothing that went into it changed.

A page's HTML is a function of its Markdown and of what every page shares: the MkDocs
configuration (the user's mkdocs.yml as loaded, the generator's settings with the nav), the
theme folder, the hook files, the versions of congkhai, MkDocs, Material and Markdown, and the
list of files in the docs folder (a link to a missing page is left as written). The last are
hashed into the site's key; a page's HTML is reused when the key is the one the cache was saved
with and the page's Markdown is byte for byte the one its HTML was made from. The render stage
runs in full on every build, so every input of a page (the record, what it references, the
office, `--today`, the git history, the audit) reaches its Markdown first: the cache does not
need to know them.

Besides the HTML, a page leaves what MkDocs gathers from it for the other outputs: its entries
of the search index (their texts plain, as the site's index keeps them:
generator.site.search_index.plain_entries, whose module is in the key), its anchors and links
to other pages' anchors (checked once every page is read) and the warnings it raised. A warm
build hands these back to MkDocs (`ReusePlugin`), so the search index, the warnings and
--strict come out as in a cold build; the sitemap and the nav-dependent pages (404) are made
by MkDocs from the file list and the nav, read or not.

Layout: `<cache>/<site>/manifest.json` (key and pages), `<cache>/<site>/html/…` and the flat
docs folder `<cache>/<site>/docs/` (generator.site.listed). The manifest
is removed before the cache is updated and written last, so a build stopped half-way leaves a
cache that the next build ignores. Deleting the folder is always safe.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.plugins import BasePlugin

import generator.site.search_index as search_index_module
from generator.fingerprint import code_digest, read_json, replace_json, stable_text, tree_digest, versions
from generator.paths import entries_under
from generator.render.markdown import Markdown

DEFAULT_CACHE_DIR = Path(".cache") / "congkhai"
MANIFEST = "manifest.json"
FORMAT = 2  # bump when the manifest's shape changes
# Front-matter keys a page's own HTML uses and no other page shows (the nav gives titles).
OWN_META = ("title:", "jsonld:")

log = logging.getLogger("mkdocs.plugins.congkhai.cache")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def shared_meta(markdown: str) -> str:
    """The front matter of a page minus what only the page itself shows."""
    if not markdown.startswith("---\n"):
        return ""
    head = markdown[4:].partition("\n---\n")[0]
    return "\n".join(line for line in head.splitlines() if not line.startswith(OWN_META))


def site_key(settings: Mapping[str, Any], user_config: Mapping[str, Any], theme_dir: Path,
             docs: Iterable[str], nav_pages: Mapping[str, str]) -> str:
    """What every page of one site depends on. `settings`: the generator's MkDocs settings
    (docs_dir and site_dir are left out: they are a new temporary folder each build);
    `docs`: every file of the docs folder; `nav_pages`: the Markdown of the pages in the nav."""
    placed = {key: value for key, value in settings.items() if key not in ("docs_dir", "site_dir")}
    hooks = {str(hook): digest(Path(hook).read_bytes()) if Path(hook).is_file() else "-"
             for hook in settings.get("hooks") or ()}
    inputs = {
        "format": FORMAT,
        "versions": versions(),
        "settings": placed,
        "user_config": user_config,
        "hooks": hooks,
        "theme": tree_digest(theme_dir),
        "docs": sorted(docs),
        "nav_meta": {path: shared_meta(text) for path, text in sorted(nav_pages.items())},
        "search_texts": digest(Path(search_index_module.__file__).read_bytes()),  # plain_entries' code
    }
    return digest(json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=stable_text).encode())


@dataclass(slots=True)
class PageRecord:
    """What one page's build left: its HTML (in the cache's html/ folder) and its share of the
    site-wide outputs."""

    markdown: str  # digest of the Markdown the HTML was made from
    dest: str  # the HTML's path in the site
    anchors: list[str] | None = None
    links: dict[str, dict[str, str]] = field(default_factory=dict)  # target src_uri → anchor → link
    warnings: list[str] = field(default_factory=list)
    search: list[dict[str, Any]] = field(default_factory=list)  # its plain entries (plain_entries)

    def to_json(self) -> dict[str, Any]:
        return {"markdown": self.markdown, "dest": self.dest, "anchors": self.anchors,
                "links": self.links, "warnings": self.warnings, "search": self.search}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PageRecord:
        dest = data["dest"]
        if not inside(dest):  # a manifest from elsewhere must not send a page outside the site
            raise ValueError(f"page outside the site: {dest!r}")
        return cls(data["markdown"], dest, data["anchors"], data["links"], data["warnings"],
                   data["search"])


def inside(relative: Any) -> bool:
    """Whether `relative` is a plain relative path that stays inside its folder: not absolute,
    with no '..' step, no backslash and no NUL (a string check: 5,000 paths a site)."""
    return isinstance(relative, str) and bool(relative) and not relative.startswith("/") \
        and "\\" not in relative and "\0" not in relative and ".." not in relative.split("/")


def regular_file(path: Path) -> bool:
    """A regular file, not a link (the cache may be restored from a CI cache: never follow one)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def real_folder(path: Path) -> Path:
    """`path` as a folder of its own: a link or a file in its place is removed first."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)
    return path


def same_bytes(source: Path, copy: Path) -> bool:
    """Whether `copy` is a regular file (never a link) with the bytes of `source`."""
    try:
        info = os.lstat(copy)
        if not stat.S_ISREG(info.st_mode) or info.st_size != os.stat(source).st_size:
            return False
        return copy.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _remove_links(folder: Path) -> None:
    """Remove every link in and at `folder` (links are listed, never followed)."""
    if folder.is_symlink():
        folder.unlink()
        return
    for _, entry in entries_under(str(folder)):
        if entry.is_symlink():
            os.unlink(entry.path)


def link_or_copy(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copyfile(source, target)


@dataclass(slots=True)
class SiteCache:
    """One site's folder in the cache."""

    root: Path
    key: str = ""
    pages: dict[str, PageRecord] = field(default_factory=dict)  # src_uri → record
    built: int = 0  # pages MkDocs built in the last build saved (the others were copied)
    # This build's search index, as MkDocs wrote it for the pages it built and completed with
    # the cached pages' entries; kept in memory for finish_site, which compacts and writes it.
    search_index: dict[str, Any] | None = None

    @classmethod
    def open(cls, root: Path) -> SiteCache:
        """The cache as saved, or an empty one if it is missing, stale in shape or unreadable."""
        cache = cls(root)
        _remove_links(root / "html")  # a restored CI cache: never read or write through one
        try:
            data = read_json(root / MANIFEST)
            if data.get("format") == FORMAT:
                cache.key = data["key"]
                cache.pages = {src: PageRecord.from_json(page) for src, page in data["pages"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            cache.key, cache.pages = "", {}
        return cache

    @property
    def docs_dir(self) -> Path:
        """The Markdown and files of the site's last build, kept flat (generator.site.listed) to
        be updated by the next (build.sync_docs); made a real folder (a link planted in its
        place is removed, never followed)."""
        real_folder(self.root)
        return real_folder(self.root / "docs")

    def holds_page(self, src: str, markdown_digest: str) -> bool:
        """Whether the page `src` was last built from the Markdown of this digest."""
        record = self.pages.get(src)
        return record is not None and record.markdown == markdown_digest

    def forget(self) -> None:
        """Drop the manifest: until `save`, the cache's folders are being changed."""
        (self.root / MANIFEST).unlink(missing_ok=True)

    def reusable(self, key: str, markdown: Markdown) -> dict[str, PageRecord]:
        """The pages whose HTML can be reused: same key, same Markdown, HTML still there."""
        if key != self.key:
            return {}
        found = {}
        for src, record in self.pages.items():
            if src in markdown and record.markdown == markdown.digest(src) \
                    and regular_file(self.root / "html" / record.dest):
                found[src] = record
        return found

    def save(self, key: str, pages: Mapping[str, PageRecord], built: list[str], site_dir: Path,
             link: bool = True) -> None:
        """Keep the HTML of the pages just built and the records of every page. With `link`, the
        cache's copy is a hard link to the built file, which is safe while nothing writes into a
        built page in place (congkhai never does; a user's hook or plugin might: then copies)."""
        manifest = self.root / MANIFEST
        manifest.unlink(missing_ok=True)
        html = self.root / "html"
        if key != self.key:
            shutil.rmtree(html, ignore_errors=True)
        kept = {record.dest for record in pages.values()}
        for record in self.pages.values():
            if record.dest not in kept:
                (html / record.dest).unlink(missing_ok=True)
        for src in built:
            record = pages[src]
            target = html / record.dest
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(target.name + ".part")
            temporary.unlink(missing_ok=True)
            if link:
                link_or_copy(site_dir / record.dest, temporary)
            else:
                shutil.copyfile(site_dir / record.dest, temporary)
            os.replace(temporary, target)
        replace_json(manifest, {"format": FORMAT, "key": key,
                                "pages": {src: record.to_json() for src, record in sorted(pages.items())}})
        self.key, self.pages, self.built = key, dict(pages), len(built)


class ReusePlugin(BasePlugin):  # type: ignore[type-arg, no-untyped-call]  # mkdocs' BasePlugin has no type hints
    """Added to the MkDocs configuration of a build with a cache.

    Pages in `reused` count as not modified (`on_files`), so MkDocs' dirty build neither reads
    nor renders them (their HTML comes from the cache); this plugin gives MkDocs back what those
    pages would have added (anchors, links to anchors, warnings) and records, for every page
    built, what the cache keeps of it. The search index is completed afterwards (`merge_search`).
    """

    def __init__(self, reused: Mapping[str, PageRecord], spare: Path | None = None) -> None:
        super().__init__()
        self.reused = dict(reused)
        self.spare = spare  # the site folder being brought up to date (generator.site.spare)
        self.unchanged: list[str] = []  # static files the spare holds already, byte for byte
        self.warnings: dict[str, list[str]] = {}
        self.built: dict[str, Any] = {}  # src_uri → the mkdocs Page
        self.files: Any = None  # MkDocs' Files of the build, in the order it builds pages

    def note_warning(self, page_src: str, message: str) -> None:
        self.warnings.setdefault(page_src, []).append(message)

    def on_files(self, files: Any, *, config: Any) -> Any:
        for file in files.documentation_pages():
            if file.src_uri in self.reused:
                file.is_modified = _not_modified
        return files

    def on_env(self, env: Any, *, config: Any, files: Any) -> Any:
        self.files = files
        if self.spare is not None:  # after the exclusions are set, before MkDocs copies files
            self._mark_unchanged(files)
        by_src = {file.src_uri: file for file in files}
        for file in files.documentation_pages():
            record = self.reused.get(file.src_uri)
            if record is None or file.page is None:
                continue
            page = file.page
            page.present_anchor_ids = set(record.anchors) if record.anchors is not None else None
            page.links_to_anchors = {by_src[target]: dict(links) for target, links in record.links.items()
                                     if target in by_src}
            for message in record.warnings:
                log.warning(message)
        return env

    def _mark_unchanged(self, files: Any) -> None:
        """Static files the spare holds byte for byte, at their own path (no link on the way),
        are not copied by MkDocs' dirty build and kept by place_site."""
        assert self.spare is not None
        spare = os.path.realpath(self.spare)
        for file in files:
            if file.is_documentation_page() or not file.abs_src_path or not file.inclusion.is_included():
                continue
            copy = os.path.join(spare, file.dest_uri)
            if os.path.realpath(copy) == copy and same_bytes(Path(file.abs_src_path), Path(copy)):
                file.is_modified = _not_modified
                self.unchanged.append(file.dest_uri)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        self.built[page.file.src_uri] = page
        return output

    def records(self, markdown: Markdown,
                search: Mapping[str, list[dict[str, Any]]]) -> dict[str, PageRecord]:
        """Every page's record after the build: reused ones as they were, built ones anew."""
        found = dict(self.reused)
        for src, page in self.built.items():
            if src not in markdown:
                continue
            anchors = sorted(page.present_anchor_ids) if page.present_anchor_ids is not None else None
            links = {target.src_uri: dict(links) for target, links in (page.links_to_anchors or {}).items()}
            found[src] = PageRecord(markdown.digest(src), page.file.dest_uri, anchors, links,
                                    self.warnings.get(src, []), search.get(page.url, []))
        return found


def _not_modified() -> bool:
    return False


class PageWarnings(logging.Handler):
    """Attributes MkDocs' warnings to the page being read or built (config._current_page)."""

    def __init__(self, config: Any, plugin: ReusePlugin) -> None:
        super().__init__(logging.WARNING)
        self.config = config
        self.plugin = plugin

    def emit(self, record: logging.LogRecord) -> None:
        page = getattr(self.config, "_current_page", None)
        if page is not None and record.name != log.name:
            self.plugin.note_warning(page.file.src_uri, record.getMessage())


def entries_by_page(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Search index entries grouped by the page (location without #anchor) they belong to."""
    found: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        found.setdefault(doc["location"].partition("#")[0], []).append(doc)
    return found


def merge_search(index: dict[str, Any], order: list[tuple[str, str]], reused: Mapping[str, PageRecord],
                 built: Mapping[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The search index a cold build writes, its texts plain: MkDocs adds pages in `order`
    ((src_uri, url), the order it builds them); reused pages' entries come from the cache, the
    others' from `built` (the plain entries of the pages MkDocs built, by url)."""
    docs: list[dict[str, Any]] = []
    for src, url in order:
        record = reused.get(src)
        docs.extend(record.search if record is not None else built.get(url, []))
    return {**index, "docs": docs}


# --- the whole build: nothing changed since the site was published --------------------------

PUBLISHED = "published.json"


def content_digest(content_dir: Path) -> str:
    """Every file of the content folder (records, forms' files, board.yaml), .git left out."""
    hashed = hashlib.sha256()
    files = sorted((parts, entry.path) for parts, entry in entries_under(str(content_dir))
                   if parts[0] != ".git" and entry.is_file())
    for parts, path in files:
        with open(path, "rb") as file:
            data = file.read()
        hashed.update("/".join(parts).encode() + b"\0" + digest(data).encode())
    return hashed.hexdigest()


def build_key(content_dir: Path, history: Any, today: Any, user_file: Path | None, strict: bool,
              theme_dir: Path) -> str:
    """Everything a build reads: the content, its git history, --today, mkdocs.yml (as loaded,
    with its hooks), the theme, the generator's code and the versions of what it runs on."""
    from generator.site.config import read_user_config, user_hooks

    user = read_user_config(user_file)
    hooks = {hook: digest(Path(hook).read_bytes()) if Path(hook).is_file() else "-"
             for hook in user_hooks(user, user_file)}
    inputs = {
        "format": FORMAT, "versions": versions(), "code": code_digest(), "theme": tree_digest(theme_dir),
        "content": content_digest(content_dir), "history": repr(history), "today": str(today),
        "user_config": user, "hooks": hooks, "strict": strict,
    }
    return digest(json.dumps(inputs, sort_keys=True, ensure_ascii=False, default=stable_text).encode())


def site_listing(site_dir: Path, folders: Iterable[str]) -> str:
    """Names, sizes and modification times of the published files and folders: any change
    shows. Made of each folder's own listing, which a build makes where it builds the folder."""
    return combined_listing({folder: folder_listing(site_dir / folder, folder) for folder in folders})


def combined_listing(listings: Mapping[str, str]) -> str:
    """The site's listing from its folders' (folder_listing), in the order given."""
    return digest("".join(f"{folder}\0{listing}\n" for folder, listing in listings.items()).encode())


def folder_listing(root: Path, name: str) -> str:
    """The listing of one site folder as `name`: unchanged by renaming the folder, so a build
    lists a site where it built it. (os.scandir and plain strings: 10,000 files in a fraction of
    a second.)"""
    hashed = hashlib.sha256()

    def list_folder(path: str, relative: str) -> None:
        with os.scandir(path) as found:
            entries = sorted(found, key=lambda entry: entry.name)
        lines = []
        for entry in entries:
            info = entry.stat(follow_symlinks=False)
            lines.append(f"{relative}/{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\n")
        hashed.update("".join(lines).encode())
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                list_folder(entry.path, f"{relative}/{entry.name}")

    list_folder(str(root), name)
    return hashed.hexdigest()


def published_unchanged(cache_dir: Path, key: str, site_dir: Path,
                        folders: Iterable[str]) -> dict[str, int] | None:
    """The page counts of the last build if it had the same inputs and published into
    `site_dir` what is still there, untouched; None otherwise."""
    try:
        data = read_json(cache_dir / PUBLISHED)
        folders = list(folders)
        if data["key"] != key or data["site"] != str(site_dir.resolve()) \
                or not all((site_dir / folder).is_dir() for folder in folders) \
                or data["listing"] != site_listing(site_dir, folders):
            return None
        return {str(name): int(count) for name, count in data["pages"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def note_published(cache_dir: Path, key: str, site_dir: Path, listings: Mapping[str, str],
                   pages: Mapping[str, int]) -> None:
    """Keep what was published: its key, place, page counts and listing (`listings`: each
    folder's folder_listing, made where it was built; the site folders in their order)."""
    data = {"key": key, "site": str(site_dir.resolve()), "listing": combined_listing(listings),
            "pages": dict(pages)}
    replace_json(cache_dir / PUBLISHED, data)


def forget_published(cache_dir: Path) -> None:
    (cache_dir / PUBLISHED).unlink(missing_ok=True)
