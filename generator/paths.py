"""Where the package finds its theme (Material overrides, page, kiosk and print templates).

The theme lives at the top of the repository (`theme/`, the folder users edit);
`generator/theme` is a symlink to it so that a built wheel ships the theme as package data
and an installed congkhai builds boards created by `congkhai init`.
"""

from __future__ import annotations

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent / "theme"
