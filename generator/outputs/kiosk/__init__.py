"""The kiosk: a standalone touch UI for the screen in the citizen-reception office.

`kiosk/index.html` holds the home screen and the small screens, with styles and script inline;
the screens of each field of procedures, the fees and the processing times (the bulk of a board:
15 MB of HTML at 2,000 procedures) are in `kiosk/screens/*.js`. The page paints its home
screen and answers taps first, then loads those files one by one, keeping each screen as a
string until it is opened: a weak kiosk PC shows the home screen in a fraction of the time
one whole page took (bench/bench_kiosk.py). Plain script files, so it works from a web server
and from `file://` with no network. `kiosk/version.json` is polled by a kiosk served over http
to reload itself, when idle, after a new build is published. Public records only. Settings
come from mkdocs.yml `extra.kiosk` (see `KioskConfig`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import jinja2

from generator.check.link import Board
from generator.errors import CongkhaiError
from generator.fingerprint import Fingerprints, MemoFile, code_digest, key_of, tree_digest, versions
from generator.models import Audience
from generator.outputs.folder import remove_unwanted, write_if_changed
from generator.outputs.kiosk.data import FieldGroup, KioskData, kiosk_data
from generator.paths import THEME_DIR as PACKAGE_THEME_DIR
from generator.paths import remove_entry
from generator.present.slug import fold
from generator.present.templating import html_environment

THEME_DIR = PACKAGE_THEME_DIR / "kiosk"
VERSION_PLACEHOLDER = "0000000000000000"
KIOSK_FOLDER = "kiosk"
MEMO_FORMAT = 1
SCREENS_FOLDER = "screens"
# What the procedure search looks in, loaded first (someone may type at once).
SEARCH_FILE = "tim-kiem.js"
# Screens that grow with the board, each in a file of its own (a field's screens are another).
LONG_SCREENS = {"phi-le-phi": "fees", "thoi-han": "times"}


class KioskConfigError(CongkhaiError):
    """A bad `extra.kiosk` value in mkdocs.yml; the message is for staff."""


@dataclass(frozen=True, slots=True)
class KioskConfig:
    """mkdocs.yml `extra.kiosk`: seconds without a touch before the countdown starts, the
    countdown itself, each attract-loop card, and between checks for a new build."""

    idle_seconds: int = 90
    countdown_seconds: int = 10
    slide_seconds: int = 8
    poll_seconds: int = 60

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> KioskConfig:
        known = {item.name for item in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise KioskConfigError(f"extra.kiosk: không có thiết lập '{unknown[0]}'; "
                                   f"các thiết lập: {', '.join(sorted(known))}")
        for name, value in values.items():
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise KioskConfigError(
                    f"extra.kiosk.{name} phải là số giây nguyên dương, không phải {value!r}")
        return cls(**values)


def load_config(config_file: Path | None) -> KioskConfig:
    """The kiosk settings of a mkdocs.yml (defaults without a file or without `extra.kiosk`)."""
    from generator.site.config import read_user_config

    extra = read_user_config(config_file).get("extra") or {}
    values = extra.get("kiosk") or {}
    if not isinstance(values, dict):
        raise KioskConfigError("extra.kiosk trong mkdocs.yml phải là một bảng khóa: giá trị")
    return KioskConfig.from_mapping(values)


def environment(theme_dir: Path = THEME_DIR) -> jinja2.Environment:
    return html_environment(theme_dir)


@dataclass(frozen=True, slots=True)
class RenderedKiosk:
    page: str
    """index.html: the home screen and the small screens."""
    screen_files: dict[str, str]
    """File name under kiosk/screens/ → its script, which hands the kiosk a few screens."""
    version: str
    """A hash of every file, so it changes with the content."""


def screens_script(screens: dict[str, str]) -> str:
    """A file of screens: `kioskScreens({"name": "<section …>", …});` (HTML as JSON strings)."""
    return f"kioskScreens({json.dumps(screens, ensure_ascii=False, separators=(',', ':'))});\n"


def search_script(data: KioskData) -> str:
    """`kioskSearch([[folded text, id, title, code], …]);`: the words of each procedure's title,
    code and field folded as the kiosk folds a query (generator.present.slug.fold, lower case)."""
    entries = [[fold(f"{view.procedure.title} {view.procedure.code} {group.name}").lower(), view.procedure.id,
                view.procedure.title, view.procedure.code]
               for group in data.fields for view in group.procedures]
    return f"kioskSearch({json.dumps(entries, ensure_ascii=False, separators=(',', ':'))});\n"


def screen_memo(file: Path, source_digest: Callable[[Any], str | None] | None = None) -> MemoFile:
    """The procedure screens of the last build, reused when the procedure's view (its record,
    unit, fees and forms), the kiosk templates and congkhai's code are the same."""
    return MemoFile.open(file, key_of(MEMO_FORMAT, tree_digest(THEME_DIR), code_digest(), versions()),
                         Fingerprints(source_digest))


def _screen(macros: Any, macro: str, *arguments: Any) -> str:
    return str(getattr(macros, macro)(*arguments))


def _listed(group: FieldGroup) -> list[Any]:
    """What the field and times screens read of a field: its name and slug, its procedures."""
    return [group.slug, group.name, [view.procedure for view in group.procedures]]


# What each long screen's macro (theme/kiosk/screens.html) reads of the kiosk's data.
LONG_SCREEN_INPUTS: dict[str, Callable[[KioskData], Any]] = {
    "fees": lambda data: data.fees,
    "times": lambda data: [_listed(group) for group in data.fields],
}


def render_kiosk(board: Board, today: date, config: KioskConfig,
                 memo: MemoFile | None = None) -> RenderedKiosk:
    """The kiosk; with a `memo`, a screen made from the same inputs as in the last build is not
    made again (a province has thousands of procedure screens, and a commit changes a few)."""
    env = environment()
    data = kiosk_data(board, today)
    macros: Any = env.get_template("screens.html").module  # a template's macros, as attributes

    def screen(name: str, inputs: Any, macro: str, *arguments: Any) -> str:
        make = partial(_screen, macros, macro, *arguments)
        return make() if memo is None else memo.text(name, inputs, make)

    files = {SEARCH_FILE: search_script(data)} if data.fields else {}
    for group in data.fields:
        screens = {f"linh-vuc-{group.slug}": screen(f"linh-vuc-{group.slug}", _listed(group), "field", group)}
        for view in group.procedures:  # the macro reads the group's slug only
            name = f"tt-{view.procedure.id}"
            screens[name] = screen(name, (view, group.slug), "procedure", view, group)
        files[f"linh-vuc-{group.slug}.js"] = screens_script(screens)
    for name, macro in LONG_SCREENS.items():
        inputs = LONG_SCREEN_INPUTS[macro](data)
        files[f"{name}.js"] = screens_script({name: screen(name, inputs, macro, data)})
    page = env.get_template("kiosk.html").render(
        office=board.office, data=data, config=config, today=today, version=VERSION_PLACEHOLDER,
        screen_files=" ".join(name.removesuffix(".js") for name in files))
    digest = hashlib.sha256(page.encode("utf-8"))
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0" + files[name].encode("utf-8"))
    version = digest.hexdigest()[:16]
    return RenderedKiosk(page.replace(VERSION_PLACEHOLDER, version), files, version)


def write_kiosk(board: Board, site_dir: Path, today: date, config: KioskConfig | None = None,
                memo_file: Path | None = None) -> Path:
    """Write `site_dir/kiosk/` (index.html, screens/, version.json); returns the folder. With a
    `memo_file` (in the build cache), procedure screens are kept there for the next build."""
    memo = screen_memo(memo_file, board.source_digest) if memo_file is not None else None
    kiosk = render_kiosk(board, today, config or KioskConfig(), memo)
    if memo is not None:
        memo.save()
    folder = site_dir / KIOSK_FOLDER
    files = {folder / "index.html": kiosk.page,
             folder / "version.json": json.dumps({"version": kiosk.version}) + "\n"}
    files |= {folder / SCREENS_FOLDER / name: script for name, script in kiosk.screen_files.items()}
    for path, text in files.items():
        write_if_changed(path, text.encode("utf-8"))
    # The folder may hold the last build's kiosk (generator.site.spare).
    remove_unwanted(folder, {path.relative_to(folder).as_posix() for path in files})
    return folder


def kiosk_writer(config_file: Path | None) -> Callable[[Board, Audience, date, Path, Path | None], None]:
    """A build writer: the kiosk goes into the public site only."""
    config = load_config(config_file)  # a KioskConfigError stops the build before anything runs

    def write(board: Board, audience: Audience, today: date, site_dir: Path,
              cache_dir: Path | None = None) -> None:
        if audience is Audience.PUBLIC:
            write_kiosk(board, site_dir, today, config, cache_dir / "kiosk.pack" if cache_dir else None)
        else:
            remove_entry(site_dir / KIOSK_FOLDER)  # never in a site of another audience

    return write


__all__ = ["KioskConfig", "KioskConfigError", "RenderedKiosk", "kiosk_writer", "load_config", "render_kiosk",
           "write_kiosk"]
