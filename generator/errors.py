"""The one error path of congkhai: failures whose message is written for office staff.

A leaf module (standard library only), so every stage may raise these without importing
another stage. The command line catches `CongkhaiError` once, in `generator.cli.main`, and
prints it as one Vietnamese line with the error's own exit code. Content problems are not
exceptions: they are `Diagnostic`s, and `ContentErrors` only carries them to the CLI.
"""

from __future__ import annotations

import errno
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:  # for the annotation only: errors.py imports nothing from the package
    from generator.check import CheckResult

EXIT_OK = 0
"""Done; for `check`, nothing to fix."""
EXIT_ERRORS = 1
"""Content errors, or a build, print or file operation that failed."""
EXIT_USAGE = 2
"""The command was called wrongly (a missing folder, a bad option value)."""
EXIT_INTERNAL = 70
"""A fault in congkhai itself (BSD EX_SOFTWARE): a bug to report, never the staff's doing."""
EXIT_INTERRUPTED = 130
"""Stopped with Ctrl-C (128 + SIGINT, as shells report it)."""


class CongkhaiError(Exception):
    """A failure whose message is written for office staff; `exit_code` is what the CLI returns."""

    exit_code: ClassVar[int] = EXIT_ERRORS
    aftermath: str = ""
    """What the failure left as it was, said after the message (for example the old site)."""

    def line(self) -> str:
        """The message as one line (MkDocs' messages may span several)."""
        text = " ".join(str(self).split())
        return f"{text}; {self.aftermath}" if self.aftermath else text


class UsageError(CongkhaiError):
    """A mistake in how the command was called."""

    exit_code = EXIT_USAGE


class ContentErrors(CongkhaiError):
    """The content has errors: nothing was made. Carries the check result for the CLI to print."""

    def __init__(self, result: CheckResult, what: str = "trang", aftermath: str = "") -> None:
        super().__init__(f"Chưa tạo {what}: hãy sửa các lỗi trên.")
        self.result = result
        self.aftermath = aftermath


class BuildFailed(CongkhaiError):
    """Rendering, MkDocs or an output failed: nothing was published."""

    aftermath = "trang đã xuất bản trước đó được giữ nguyên."


_OS_REASONS: dict[int, str] = {
    errno.ENOSPC: "ổ đĩa đã đầy; hãy giải phóng dung lượng rồi chạy lại",
    errno.EDQUOT: "đã hết hạn mức dung lượng; hãy giải phóng dung lượng rồi chạy lại",
    errno.EACCES: "không có quyền; hãy kiểm tra quyền ghi/đọc của thư mục",
    errno.EPERM: "không được phép; hãy kiểm tra quyền của thư mục",
    errno.EROFS: "ổ đĩa chỉ cho đọc; hãy chọn thư mục khác",
    errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đây là thư mục, không phải tệp",
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EEXIST: "đã có tệp hoặc thư mục cùng tên",
    errno.ENOTEMPTY: "thư mục không rỗng",
    errno.ELOOP: "đường dẫn có liên kết vòng",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EIO: "lỗi đọc/ghi ổ đĩa",
}


def os_error_text(error: OSError) -> str:
    """An OSError in staff words: which path, and what to do ('ổ đĩa đã đầy…')."""
    reason = _OS_REASONS.get(error.errno or 0) or (error.strerror or type(error).__name__)
    where = error.filename if error.filename is not None else ""
    shown = str(where)
    if len(shown) > 120:  # a 5,000-character argument is named, not printed whole
        shown = shown[:60] + "…" + shown[-40:]
    return f"'{shown}': {reason}" if shown else reason
