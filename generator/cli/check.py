"""The audit's part of the command line: `check --today --strict` and `audit --json`.

Kept apart from generator/cli/__init__.py so that it only wires these functions in.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.audit import run_audit
from generator.audit.report import STATUS_LABELS, AuditReport, Finding, Status, report_json
from generator.audit.summary import ObligationSummary, summarise
from generator.check import CheckResult, check_content
from generator.cli.common import add_today_option, today_in_vietnam
from generator.errors import EXIT_ERRORS, EXIT_OK
from generator.present.format import format_date


def add_audit_options(parser: argparse.ArgumentParser) -> None:
    add_today_option(parser, "ngày đối chiếu")
    parser.add_argument("--strict", action="store_true",
                        help="coi nghĩa vụ còn thiếu hoặc công khai muộn là lỗi (mã thoát 1)")


def audit_exit_code(report: AuditReport, strict: bool) -> int:
    if report.violations() or (strict and report.strict_failures()):
        return EXIT_ERRORS
    return EXIT_OK


def _finding_lines(finding: Finding) -> list[str]:
    where = str(finding.positions[0]) if finding.positions else "(chưa có hồ sơ)"
    message = f"{finding.message}; {finding.hint}" if finding.hint else finding.message
    lines = [f"      {where} — {message}"]
    lines.extend(f"        xem thêm {position}" for position in finding.positions[1:6])
    if len(finding.positions) > 6:
        lines.append(f"        … và {len(finding.positions) - 6} vị trí khác")
    return lines


def _obligation_lines(summary: ObligationSummary) -> list[str]:
    obligation = summary.obligation
    head = f"  [{STATUS_LABELS[summary.status]}] {obligation.id} {obligation.title}"
    quiet = (Status.MET, Status.NO_RECORD, Status.NOT_APPLICABLE)
    problems = [finding for finding in summary.findings if finding.status not in quiet]
    if not problems:
        texts = [f"{finding.message}; {finding.hint}" if finding.hint else finding.message
                 for finding in summary.findings]
        return [f"{head}: {'; '.join(texts)}"]
    lines = [head]
    for finding in problems:
        lines.extend(_finding_lines(finding))
    return lines


def summary_line(summaries: list[ObligationSummary]) -> str:
    counts = {status: 0 for status in Status}
    for summary in summaries:
        counts[summary.status] += 1
    parts = ", ".join(f"{counts[status]} {STATUS_LABELS[status]}" for status in
                      (Status.MET, Status.MISSING, Status.LATE, Status.EXPIRING, Status.NO_RECORD,
                       Status.NOT_APPLICABLE, Status.VIOLATION))
    return f"Đối chiếu xong: {len(summaries)} nghĩa vụ — {parts}."


def report_lines(report: AuditReport) -> list[str]:
    """The report as text: findings grouped by article, then one summary line."""
    summaries = summarise(report)
    lines = [f"Đối chiếu công khai ngày {format_date(report.today)}:"]
    lines.extend(str(diagnostic) for diagnostic in report.diagnostics)
    group = None
    for summary in summaries:
        if summary.obligation.group != group:
            group = summary.obligation.group
            lines.extend(["", group])
        lines.extend(_obligation_lines(summary))
    lines.extend(["", summary_line(summaries)])
    violations = len(report.violations())
    if violations:
        lines.append(f"Có {violations} vi phạm về bảo mật, dữ liệu cá nhân: phải sửa trước khi công khai.")
    return lines


def failure_reasons(result: CheckResult, report: AuditReport, strict: bool) -> list[str]:
    """Why `check` ends with exit code 1, each reason in staff words (empty: it passed)."""
    reasons = []
    errors = sum(1 for diagnostic in result.diagnostics if diagnostic.is_error)
    if errors:
        reasons.append(f"{errors} lỗi hồ sơ")
    if report.violations():
        reasons.append(f"{len(report.violations())} vi phạm về bảo mật, dữ liệu cá nhân")
    if strict:
        failing = {finding.obligation_id for finding in report.strict_failures()}
        if failing:
            listed = ", ".join(sorted(failing))
            reasons.append(f"{len(failing)} nghĩa vụ còn thiếu hoặc muộn (--strict): {listed}")
    return reasons


def finish_check(result: CheckResult, args: argparse.Namespace) -> int:
    """After `check`'s diagnostics: audit, print the findings, and give the exit code; the last
    line says why the check failed, if it did."""
    report = run_audit(result.board, args.today or today_in_vietnam())
    print()
    print("\n".join(report_lines(report)))
    reasons = failure_reasons(result, report, args.strict)
    if reasons:
        print(f"Kiểm tra không đạt: {'; '.join(reasons)}.")
    return EXIT_ERRORS if reasons else EXIT_OK


def run_audit_command(args: argparse.Namespace, content_dir: Path) -> int:
    result = check_content(content_dir)
    report = run_audit(result.board, args.today or today_in_vietnam())
    errors = sum(1 for diagnostic in result.diagnostics if diagnostic.is_error)
    if errors:
        print(f"congkhai: {errors} lỗi hồ sơ (chạy 'congkhai check' để xem); hồ sơ lỗi không được đối chiếu",
              file=sys.stderr)
    if args.json is None:
        print("\n".join(report_lines(report)))
    elif args.json == "-":
        sys.stdout.write(report_json(report))
    else:
        Path(args.json).write_text(report_json(report), encoding="utf-8")
        print(f"Đã ghi báo cáo đối chiếu vào {args.json}", file=sys.stderr)
    return EXIT_ERRORS if errors else audit_exit_code(report, args.strict)


def register_audit_command(commands: Any, content_dir_arg: Callable[[str], Path]) -> None:
    """Add `congkhai audit [CONTENT_DIR] [--today D] [--strict] [--json [OUT]]`."""
    audit = commands.add_parser("audit", help="đối chiếu hồ sơ với các nghĩa vụ công khai")
    audit.add_argument("content_dir", nargs="?", default="content", help="thư mục nội dung")
    add_audit_options(audit)
    audit.add_argument("--json", nargs="?", const="-", default=None, metavar="OUT",
                       help="ghi báo cáo dạng JSON vào tệp OUT (mặc định: ra màn hình)")
    audit.set_defaults(handler=lambda args: run_audit_command(args, content_dir_arg(args.content_dir)))
