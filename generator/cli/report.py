"""What `check` (and every command that checks first) prints: each problem, then a line per kind.

A leaf of the cli package: the commands import it; it imports no command.
"""

from __future__ import annotations

from generator.check import CheckResult
from generator.models import KINDS


def print_check_summary(result: CheckResult) -> None:
    for diagnostic in result.diagnostics:
        print(diagnostic)
    if result.diagnostics:
        print()
    for name, spec in KINDS.items():
        files = result.files_by_kind.get(name, 0)
        errors = result.errors_by_kind.get(name, 0)
        status = "không có lỗi" if errors == 0 else f"{errors} lỗi"
        print(f"{spec.plural_label} ({spec.folder or 'board.yaml'}): {files} tệp, {status}")
    stray = result.errors_by_kind.get("", 0)
    if stray:
        print(f"Tệp ngoài các thư mục hồ sơ: {stray} lỗi")
    total = sum(1 for diagnostic in result.diagnostics if diagnostic.is_error)
    print("Kiểm tra xong: không có lỗi." if total == 0 else f"Kiểm tra xong: {total} lỗi cần sửa.")
