"""The `congkhai` command line. Exit codes (generator.errors): 0 clean, 1 content or build
errors, 2 usage errors, 70 a fault of congkhai itself, 130 interrupted.

Every failure reaches the user as one Vietnamese line and an exit code: commands raise
`CongkhaiError`s, and `main` is the one place that catches and prints them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from generator import __version__
from generator.check import check_content
from generator.cli import authoring as cli_authoring
from generator.cli import build as cli_build
from generator.cli import importing as cli_importing
from generator.cli import printing as print_command
from generator.cli.check import add_audit_options, finish_check, register_audit_command
from generator.cli.common import Parser, content_dir_arg
from generator.cli.report import print_check_summary
from generator.errors import (
    EXIT_ERRORS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    CongkhaiError,
    ContentErrors,
    os_error_text,
)
from generator.models.schema import write_schemas


def run_check(args: argparse.Namespace) -> int:
    result = check_content(content_dir_arg(args.content_dir))
    print_check_summary(result)
    return finish_check(result, args)


def run_schema(args: argparse.Namespace) -> int:
    out_dir = Path(args.out_dir)
    written = write_schemas(out_dir)
    print(f"Đã ghi {len(written)} tệp JSON Schema vào {args.out_dir}")
    # The form editor's configuration comes from the same models: a board's admin/ beside its
    # schemas/ is kept in step, so regenerating the schemas never leaves the editor behind.
    editor_config = out_dir.resolve().parent / "admin" / "config.yml"
    if editor_config.is_file():
        from generator.editor.config import config_yaml

        text = config_yaml()
        if editor_config.read_text(encoding="utf-8") != text:
            editor_config.write_text(text, encoding="utf-8")
        print(f"Đã cập nhật cấu hình trình soạn thảo {editor_config.parent.name}/{editor_config.name}")
    return EXIT_OK


Command = Callable[[argparse.Namespace], int]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="congkhai",
        description="Bảng công khai: kiểm tra hồ sơ YAML và tạo trang công khai.",
    )
    parser.add_argument("--version", action="version", version=f"congkhai {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", required=True)

    check = commands.add_parser("check", help="kiểm tra các tệp hồ sơ trong content/")
    check.add_argument("content_dir", nargs="?", default="content", help="thư mục nội dung")
    add_audit_options(check)
    check.set_defaults(handler=run_check)

    register_audit_command(commands, content_dir_arg)

    schema = commands.add_parser("schema", help="ghi JSON Schema của từng loại hồ sơ")
    schema.add_argument("out_dir", help="thư mục ghi các tệp .schema.json")
    schema.set_defaults(handler=run_schema)
    cli_authoring.register(commands)
    cli_build.register(commands)
    print_command.register(commands)
    cli_importing.register(commands)
    return parser


def error_line(message: str) -> None:
    print(f"congkhai: lỗi: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Command = args.handler
    try:
        return handler(args)
    except ContentErrors as errors:  # the diagnostics are the message, on stdout like `check`
        print_check_summary(errors.result)
        print(errors.line())
        return errors.exit_code
    except CongkhaiError as error:
        error_line(error.line())
        return error.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`congkhai check | head`): no traceback, and none at exit either.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_ERRORS
    except OSError as error:  # a full disk, a read-only folder, `--out` under a file
        error_line(f"không đọc/ghi được {os_error_text(error)}")
        return EXIT_ERRORS
    except Exception as error:  # a bug in congkhai: still one line, and how to get the details
        if os.environ.get("CONGKHAI_DEBUG"):
            raise
        error_line(f"lỗi nội bộ của congkhai ({type(error).__name__}: {' '.join(str(error).split())[:200]}); "
                   "chạy lại với CONGKHAI_DEBUG=1 để xem chi tiết và báo cho người phát triển")
        return EXIT_INTERNAL


def run() -> NoReturn:
    """The `congkhai` command and `python -m generator`: `main`, then out of the process at once.

    Python's own exit tears the heap down object by object: 0.3–0.4 s after a build at 5,000
    records, where the system frees a process's memory in no time. Nothing congkhai runs needs an
    exit handler (its folders, pools and browsers are closed by `with` blocks before `main`
    returns), so only the output is flushed: output that cannot be written (a full disk) is a
    line and exit code 1, not a silent success. Tests call `main`, which returns."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):  # the reader gone (`congkhai check | head`), a closed stream
            pass
        except OSError as error:  # `congkhai audit > report.txt` on a full disk: not a success
            code = code or EXIT_ERRORS
            with contextlib.suppress(OSError):
                os.write(2, f"congkhai: lỗi: không ghi hết được kết quả: {os_error_text(error)}\n".encode())
    os._exit(code)


if __name__ == "__main__":
    run()
