"""The MkDocs configuration of one generated site.

The user's mkdocs.yml (site name, palette, extra…) is the base; the generator fills in what
the build depends on: where the docs and the site are, the nav, Material with theme/ as its
custom_dir, the search and offline plugins, the Markdown extensions the rendered pages use,
and file URLs that work from a USB copy (the offline plugin turns directory URLs off).
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from generator.models import Audience
from generator.paths import THEME_DIR
from generator.present.slug import heading_anchor
from generator.site.config_guard import check_config_file

HOOKS_FILE = Path(__file__).with_name("hooks.py")
INTERNAL_SUFFIX = " (Nội bộ)"
IFRAME_WORKER_SHIM = "assets/javascripts/vendor/iframe-worker-shim.js"

# Search: the Vietnamese folding lives in theme/…/lunr.vi.min.js; documents are split at
# spaces, '-' and '/', so "49/QĐ-VP" indexes "49", "qd" and "vp".
SEARCH = {"lang": ["vi"], "separator": r"[\s\-/]+", "pipeline": []}
PLUGINS: list[Any] = [{"search": SEARCH}, "offline"]

DEFAULT_THEME: dict[str, Any] = {
    "language": "vi",
    "palette": {"scheme": "default", "primary": "custom", "accent": "custom"},
    # The board's own icon (theme/assets/images/favicon.ico, also copied to the site root by
    # postbuild for pages outside Material: kiosk, print pack); an office may set its own.
    "favicon": "assets/images/favicon.ico",
}

# The rendered Markdown relies on these; the user's settings for them are kept.
REQUIRED_EXTENSIONS: dict[str, dict[str, Any]] = {
    "abbr": {},
    "admonition": {},
    "attr_list": {},
    "def_list": {},
    "footnotes": {},
    "md_in_html": {},
    "tables": {},
    "toc": {"permalink": True, "permalink_title": "Liên kết tới mục này"},
}

# Record pages are deliberately kept out of the nav (Material writes the nav into every page).
VALIDATION = {
    "nav": {"omitted_files": "ignore", "not_found": "warn"},
    "links": {"not_found": "warn", "anchors": "warn", "unrecognized_links": "warn"},
}


def user_config_file(content_dir: Path) -> Path | None:
    """The mkdocs.yml beside the content folder, if there is one."""
    candidate = content_dir.resolve().parent / "mkdocs.yml"
    return candidate if candidate.is_file() else None


def read_user_config(path: Path | None) -> dict[str, Any]:
    """The user's mkdocs.yml as data, after config_guard has found it safe to hand to MkDocs."""
    if path is None:
        return {}
    from mkdocs.utils.yaml import yaml_load

    check_config_file(path)  # raises ConfigRefused before MkDocs' full YAML loader sees the file
    try:
        with path.open(encoding="utf-8") as source:
            data = yaml_load(source)
    except Exception as error:  # yaml errors, !ENV without a default, INHERIT missing…
        raise ConfigurationError(f"không đọc được {path}: {error}") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} phải là một bảng khóa: giá trị")
    return data


def theme_config(user: dict[str, Any]) -> dict[str, Any]:
    theme = user.get("theme") or {}
    if isinstance(theme, str):
        theme = {"name": theme}
    forced = {"name": "material", "custom_dir": str(THEME_DIR), "font": False}
    return {**copy.deepcopy(DEFAULT_THEME), **theme, **forced}


def extension_config(user: dict[str, Any]) -> list[dict[str, Any]]:
    chosen: dict[str, dict[str, Any]] = {}
    for item in user.get("markdown_extensions") or []:
        name, settings = (item, {}) if isinstance(item, str) else next(iter(item.items()))
        chosen[name] = dict(settings or {})
    for name, settings in REQUIRED_EXTENSIONS.items():
        chosen[name] = {**settings, **chosen.get(name, {})}
    chosen["toc"].setdefault("slugify", heading_anchor)
    return [{name: settings} for name, settings in chosen.items()]


def extra_config(user: dict[str, Any], audience: Audience) -> dict[str, Any]:
    extra = dict(user.get("extra") or {})
    extra.setdefault("generator", False)
    extra["congkhai"] = {"audience": audience.value}
    polyfills = [script for script in extra.get("polyfills") or [] if "://" not in str(script)]
    extra["polyfills"] = [*polyfills, IFRAME_WORKER_SHIM]
    return extra


def site_name(user: dict[str, Any], fallback: str, audience: Audience) -> str:
    name = str(user.get("site_name") or fallback)
    return name + INTERNAL_SUFFIX if audience is Audience.INTERNAL else name


@dataclass(frozen=True, slots=True)
class SiteSpec:
    """One site to build: the user's mkdocs.yml, where the Markdown is, where the site goes.

    `fallback_name` and `fallback_url` (the office's name and site URL from board.yaml) are used
    when mkdocs.yml sets no site_name or site_url.
    """

    user_file: Path | None
    docs_dir: Path
    site_dir: Path
    nav: list[Any]
    audience: Audience
    fallback_name: str
    fallback_url: str | None = None
    strict: bool = False


def generator_settings(spec: SiteSpec) -> dict[str, Any]:
    """The settings the generator puts on top of the user's mkdocs.yml."""
    user = read_user_config(spec.user_file)
    extra = extra_config(user, spec.audience)
    settings: dict[str, Any] = {
        "site_name": site_name(user, spec.fallback_name, spec.audience),
        "docs_dir": str(spec.docs_dir),
        "site_dir": str(spec.site_dir),
        "nav": spec.nav,
        "theme": theme_config(user),
        "plugins": copy.deepcopy(PLUGINS),
        "use_directory_urls": False,
        "markdown_extensions": extension_config(user),
        "extra": extra,
        "validation": copy.deepcopy(VALIDATION),
        "strict": spec.strict,
        "copyright": user.get("copyright") or spec.fallback_name,
        "hooks": [*user_hooks(user, spec.user_file), str(HOOKS_FILE)],
    }
    if spec.audience is Audience.INTERNAL:
        # The internal site lives elsewhere (intranet): its URL, if any, is extra.internal_site_url.
        settings["site_url"] = str(extra.get("internal_site_url") or "")
    elif not user.get("site_url") and spec.fallback_url:
        settings["site_url"] = spec.fallback_url.rstrip("/") + "/"
    return settings


def user_hooks(user: dict[str, Any], user_file: Path | None) -> list[str]:
    """The user's own `hooks:` (relative to their mkdocs.yml), kept before congkhai's."""
    base = user_file.parent if user_file is not None else Path.cwd()
    return [str((base / str(hook)).resolve()) for hook in user.get("hooks") or []]


def mkdocs_config(spec: SiteSpec) -> MkDocsConfig:
    """Load the user's mkdocs.yml with the generator's settings on top."""
    source: Any = str(spec.user_file) if spec.user_file else io.StringIO("{}")
    return load_config(config_file=source, **generator_settings(spec))


def write_mkdocs_yml(spec: SiteSpec, path: Path) -> Path:
    """Write the same configuration as a plain mkdocs.yml (INHERIT: the user's file), so that a
    bare `mkdocs build -f PATH`, or another engine reading mkdocs.yml, builds the same site."""
    settings = generator_settings(spec)
    if spec.user_file is not None:
        settings = {"INHERIT": str(spec.user_file.resolve()), **settings}
    # yaml.Dumper writes the toc slugify function as !!python/name:…, which MkDocs loads.
    path.write_text(yaml.dump(settings, Dumper=yaml.Dumper, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path
