"""`congkhai admin`: write the editor (page, generated configuration, Decap bundle) into admin/."""

from __future__ import annotations

from pathlib import Path

from generator.editor.backend import admin_files
from generator.editor.config import BUNDLE_NAME


def write_admin(target: Path, *, bundle: bool = True) -> list[Path]:
    """Write admin/index.html, admin/config.yml and (unless `bundle` is False) the vendored
    Decap bundle; files already equal are left untouched. Returns the files written or kept."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, body in admin_files().items():
        if name == BUNDLE_NAME and not bundle:
            continue
        path = target / name
        if not path.is_file() or path.read_bytes() != body:
            path.write_bytes(body)
        written.append(path)
    return written
