"""The audit on the home page and its own page (generator.render.audit_page, audit_slot).

The board: tests/support/render_board.py; the rendered sites: tests/render/conftest.py.
"""

from __future__ import annotations

import re

import pytest
from support.render_board import SECRET, TODAY, section

from generator.audit import AuditReport, Finding, Status
from generator.check.link import Board
from generator.models import Audience
from generator.render import render_site
from generator.render.audit_page import AUDIT_PAGE

# The fixtures build boards and sites: tests/render runs on one test worker, which builds them once.
pytestmark = pytest.mark.xdist_group("render")


def audit_finding(obligation_id: str, audience: str, status: Status, message: str) -> Finding:
    article = f"Điều {obligation_id.removeprefix('QC49-')}"
    return Finding(obligation_id, article, audience, "", status, message)


AUDIT = AuditReport([
    audit_finding("QC49-20.2", "public", Status.MET, "đủ"),
    audit_finding("QC49-20.4", "public", Status.MISSING, "thiếu phí <b>x</b>"),
    audit_finding("QC49-16.3", "internal", Status.LATE, f"chậm công khai {SECRET}"),
], TODAY)


def test_home_page_summarises_the_audit_for_each_audience(board: Board) -> None:
    """The home page counts what the audit page counts, in the CLI's words."""
    rendered = render_site(board, Audience.PUBLIC, TODAY, AUDIT)
    summary = section(rendered.pages["index.md"], "## Tự kiểm tra việc công khai")
    assert "| Thiếu | 1 |" in summary and "| Đạt | 1 |" in summary
    assert "| Thiếu | Điều 20.4 | thiếu phí &lt;b&gt;x&lt;/b&gt; |" in summary
    audit_page = rendered.pages[AUDIT_PAGE]
    for label, count in re.findall(r"^\| (Thiếu|Đạt|Không áp dụng) \| (\d+) \|$", summary, re.M):
        assert re.search(rf"^\| {label} \| {count} \|$", audit_page, re.M), (label, count)
    assert SECRET not in rendered.pages["index.md"]
    internal = render_site(board, Audience.INTERNAL, TODAY, AUDIT).pages["index.md"]
    assert f"chậm công khai {SECRET}" in internal
