"""The page templates' Jinja environment (generator.render.env): a value printed unescaped fails."""

from __future__ import annotations

from datetime import date

import pytest

from generator.render.env import UnescapedValueError, environment

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


def test_a_template_that_forgets_the_filter_fails() -> None:
    template = environment().from_string("{{ value }}")
    with pytest.raises(UnescapedValueError):
        template.render(value="<script>")
    with pytest.raises(UnescapedValueError):
        template.render(value=date(2026, 1, 1))
    assert environment().from_string("{{ value|e }}").render(value="<script>") == "&lt;script&gt;"
    assert "join" not in environment().filters and "safe" not in environment().filters
