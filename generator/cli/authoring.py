"""The staff-authoring subcommands of `congkhai`: new, init and serve.

Kept apart from cli.py so that module only gains one registration line; the exit codes are
the same (0 done, 1 content errors, 2 usage errors).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from generator.cli.common import add_today_option, content_dir_arg
from generator.errors import EXIT_OK, UsageError
from generator.scaffold.new import new_record


def describe_loc(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in loc)


def run_new(args: argparse.Namespace) -> int:
    content_dir = content_dir_arg(args.content)
    path, scaffold = new_record(content_dir, args.kind, args.id)
    shown = path.as_posix()
    required = [mark for mark in scaffold.placeholders if mark.required]
    print(f"Đã tạo {shown}. Các trường bắt buộc cần điền ({len(required)}):")
    for mark in required:
        print(f"  {shown}:{mark.line}: {describe_loc(mark.loc)} ({mark.info.title})")
    print("Điền xong thì chạy: congkhai check")
    return EXIT_OK


def run_init(args: argparse.Namespace) -> int:
    from generator.scaffold.init import init_board, make_git_repository
    from generator.scaffold.source import installed_source, source_from_spec

    target = Path(args.dir)
    source = source_from_spec(args.package) if args.package is not None else installed_source()
    written = init_board(target, args.name, source=source, empty=args.empty,
                         code_owner=args.code_owner)
    print(f"Đã tạo kho bảng công khai '{args.name}' tại {args.dir} ({len(written)} tệp).")
    print(f"CODEOWNERS: {args.code_owner} duyệt mkdocs.yml, theme/, hooks/ và CI (đổi bằng --code-owner).")
    if make_git_repository(target):
        print("Đã tạo kho git (nhánh main).")
    else:
        print("Chưa tạo kho git (không tìm thấy lệnh git): cài git rồi chạy 'git init -b main'.")
    print(f"Nguồn cài congkhai ghi vào README và các tệp xuất bản: {source.requirement}")
    if source.local:
        print("Lưu ý: nguồn này là tệp trên máy này, máy chủ GitHub/GitLab không tải được; "
              "dùng --package \"congkhai @ git+<địa chỉ kho>@<phiên bản>\" (xem README.md).")
    print(f"Tiếp theo: cd {args.dir} && congkhai check && congkhai serve")
    return EXIT_OK


def run_tidy(args: argparse.Namespace) -> int:
    from generator.scaffold.tidy import tidy_content

    result = tidy_content(content_dir_arg(args.content_dir))
    for path in result.changed:
        print(f"Đã sửa {path.as_posix()}")
    for path in result.refused:
        print(f"Không tự sửa được {path.as_posix()} (YAML sẽ đọc khác đi): sửa tay theo 'congkhai check'")
    print(f"Xong: sửa {len(result.changed)} tệp (thẻ xuống dòng, &nbsp;, mã ký tự HTML).")
    if result.left or result.refused:
        print(f"Còn {result.left} chỗ cần người sửa (thẻ HTML khác, chữ 'Xem chi tiết'…): chạy "
              "'congkhai check' để xem tệp và dòng.")
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from generator.editor.backend import LOOPBACK_NAMES
    from generator.serve.server import ServeOptions, serve

    if args.editor and args.host not in LOOPBACK_NAMES:
        # The editor has no sign-in: on another address anyone on the network could change the board.
        raise UsageError("--editor chỉ chạy trên chính máy này (--host 127.0.0.1): trình soạn thảo "
                         "không có mật khẩu, mở ra mạng thì ai cũng sửa được hồ sơ")
    options = ServeOptions(content_dir=content_dir_arg(args.content_dir), host=args.host,
                           port=args.port, audience=args.audience, today=args.today, poll=args.poll,
                           editor=args.editor)
    return serve(options)


def run_admin(args: argparse.Namespace) -> int:
    from generator.editor.admin import write_admin

    written = write_admin(Path(args.dir))
    print(f"Đã ghi trình soạn thảo vào {args.dir}/ ({len(written)} tệp). "
          "Mở bằng: congkhai serve --editor, rồi vào địa chỉ /admin/")
    return EXIT_OK


def register(commands: argparse._SubParsersAction[Any]) -> None:
    """Add `new`, `init` and `serve` to the `congkhai` parser."""
    new = commands.add_parser("new", help="tạo hồ sơ mới từ mẫu có chú thích")
    new.add_argument("kind", metavar="LOẠI", help="loại hồ sơ, ví dụ: procedure, fee, reception_session")
    new.add_argument("id", nargs="?", metavar="MÃ", help="mã hồ sơ (tên tệp), ví dụ: cap-giay-phep")
    new.add_argument("--content", default="content", help="thư mục nội dung (mặc định: content)")
    new.set_defaults(handler=run_new)

    init = commands.add_parser("init", help="tạo kho bảng công khai mới cho một cơ quan")
    init.add_argument("dir", metavar="THƯ_MỤC", help="thư mục kho mới (chưa có hoặc rỗng)")
    init.add_argument("--name", default="Ủy ban nhân dân xã Mẫu",
                      help="tên đầy đủ của cơ quan; cấp được đoán từ tên: tỉnh, xã (xã, phường, đặc "
                           "khu), hoặc cơ quan (sở, ban, ngành). Từ 01/7/2025 không còn cấp huyện")
    init.add_argument("--empty", action="store_true",
                      help="chỉ tạo content/board.yaml, không có hồ sơ ví dụ")
    init.add_argument("--package", metavar="NGUỒN",
                      help="nguồn cài congkhai ghi vào README, CI và pre-commit (mặc định: nguồn "
                           "đang dùng), ví dụ congkhai==0.1.0 hoặc git+https://…/congkhai.git@v0.1.0")
    from generator.scaffold.init import DEFAULT_CODE_OWNER  # init imports the CLI's date helpers

    init.add_argument("--code-owner", default=DEFAULT_CODE_OWNER,
                      help="người/nhóm phải duyệt mkdocs.yml, theme/, hooks/ và CI (tệp CODEOWNERS)")
    init.set_defaults(handler=run_init)

    tidy = commands.add_parser("tidy", help="sửa thẻ HTML xuống dòng, &nbsp; chép từ Cổng dịch vụ công")
    tidy.add_argument("content_dir", nargs="?", default="content", help="thư mục nội dung")
    tidy.set_defaults(handler=run_tidy)

    serve = commands.add_parser("serve", help="xem trước trang, tự cập nhật khi sửa hồ sơ")
    serve.add_argument("content_dir", nargs="?", default="content", help="thư mục nội dung")
    add_today_option(serve, "ngày tham chiếu")
    serve.add_argument("--host", default="127.0.0.1", help="địa chỉ máy chủ (mặc định 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="cổng (mặc định 8000)")
    serve.add_argument("--audience", choices=("public", "internal"), default="public",
                       help="trang công khai (public) hay nội bộ (internal)")
    serve.add_argument("--poll", action="store_true",
                       help="dò thay đổi theo chu kỳ (dùng khi thư mục nằm trên ổ mạng)")
    serve.add_argument("--editor", action="store_true",
                       help="mở thêm trình soạn thảo hồ sơ (biểu mẫu) tại địa chỉ /admin/")
    serve.set_defaults(handler=run_serve)

    admin = commands.add_parser("admin", help="ghi trình soạn thảo hồ sơ (admin/) vào kho")
    admin.add_argument("dir", nargs="?", default="admin", metavar="THƯ_MỤC",
                       help="thư mục ghi (mặc định: admin)")
    admin.set_defaults(handler=run_admin)
