"""generator.present: one home for folding, slugs, templates, dates and persons (#19).

The last test keeps it so: a second date format, a second accent folding or a third Jinja
environment written anywhere else in generator/ fails here, naming the file.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.models.common import Person
from generator.outputs.kiosk import environment as kiosk_environment
from generator.outputs.printpack.html import environment as print_environment
from generator.present.format import format_date, format_money, recurrence_words, vi_sort_key
from generator.present.slug import MAX_SLUG_LENGTH, fold, heading_anchor, record_id, search_terms, slugify
from generator.present.urls import record_url
from generator.present.words import person_in_sentence, person_text
from generator.render.env import environment as page_environment
from generator.site.config import extension_config

GENERATOR = Path(__file__).resolve().parent.parent / "generator"
CHAIRMAN = Person(name="Hồ Tiến Thiệu", position="Chủ tịch UBND tỉnh")


def test_fold_removes_vietnamese_marks_as_the_browser_search_does() -> None:
    assert fold("Giấy phép Đăng ký hộ tịch") == "Giay phep Dang ky ho tich"
    assert fold("Ưu đãi, ơn, ự") == "Uu dai, on, u"
    assert search_terms("Cấp giấy phép lao động/Giấy-phép (mới).") == [
        "cap", "giay", "phep", "lao", "dong", "giay", "phep", "moi"]


def test_one_slug_names_pages_files_and_heading_anchors() -> None:
    assert slugify("Hộ tịch") == "ho-tich"
    assert heading_anchor("Thành phần hồ sơ", "-") == "thanh-phan-ho-so"
    # The toc extension of both sites is given this very function.
    toc = next(item["toc"] for item in extension_config({}) if "toc" in item)
    assert toc["slugify"] is heading_anchor


def test_a_long_name_gives_a_bounded_slug_that_still_tells_two_names_apart() -> None:
    first = "Thủ tục " + "cấp giấy chứng nhận đăng ký " * 6 + "lần đầu"
    second = "Thủ tục " + "cấp giấy chứng nhận đăng ký " * 6 + "lần hai"
    assert len(slugify(first)) <= MAX_SLUG_LENGTH
    assert slugify(first) != slugify(second)
    assert heading_anchor(first) == slugify(first)


def test_nothing_left_to_slug_gives_the_fallback_but_an_empty_heading_anchor() -> None:
    assert slugify("…", "tep") == "tep"
    assert slugify("!!!") == "khac"
    # Python-Markdown's toc numbers empty anchors (_1, _2): no two headings share an id.
    assert heading_anchor("…") == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("Đăng ký khai sinh (lần 2)", "dang-ky-khai-sinh-lan-2"),
    ("1.001930", "1.001930"),
    ("../../etc/passwd", "etc-passwd"),
    ("  Cấp phép  ", "cap-phep"),
])
def test_record_id_from_any_text(text: str, expected: str) -> None:
    assert record_id(text) == expected


def test_kiosk_and_print_pack_print_values_through_the_same_filters() -> None:
    kiosk, printed = kiosk_environment().filters, print_environment().filters
    for name in ("date", "money", "number", "label", "person", "fee_lines", "time_text", "charge_text"):
        assert kiosk[name] is printed[name], name
    assert kiosk["money"](1500000) == "1.500.000 đồng"


def test_the_pages_print_the_same_text_with_markdown_escaping() -> None:
    env = page_environment()
    assert env.from_string("{{ v|money }}").render(v=1500000) == "1.500.000 đồng"
    assert env.from_string("{{ v|date }}").render(v=date(2026, 2, 5)) == format_date(date(2026, 2, 5))
    assert kiosk_environment().from_string("{{ v|date }}").render(v=date(2026, 2, 5)) == "05/02/2026"


def test_a_person_reads_one_way_alone_and_another_inside_a_sentence() -> None:
    # Alone (a cell, a line): a comma. Inside "X tiếp thay Y." the comma would read as the
    # sentence's own, so the position goes in brackets.
    assert person_text(CHAIRMAN) == "Hồ Tiến Thiệu, Chủ tịch UBND tỉnh"
    assert person_in_sentence(CHAIRMAN) == "Hồ Tiến Thiệu (Chủ tịch UBND tỉnh)"
    assert person_text(Person(name="Lê Văn A")) == person_in_sentence(Person(name="Lê Văn A")) == "Lê Văn A"


# (pattern, its one home): each idea written once in generator/.
HOMES = [
    (re.compile(r"%d/%m/%Y|:02d\}/\{"), {"present/format.py"}),
    (re.compile(r"normalize\(\s*\"NFD\""), {"present/slug.py", "present/format.py"}),
    (re.compile(r"jinja2\.Environment\("), {"present/templating.py"}),
    (re.compile(r"def (fold|slugify)\("), {"present/slug.py"}),
    (re.compile(r"\{\w+\.name\}.{1,3}\{\w+\.position\}"), {"present/words.py"}),
]


@pytest.mark.parametrize(("pattern", "homes"), HOMES, ids=[pattern.pattern for pattern, _ in HOMES])
def test_each_idea_is_written_in_its_one_home(pattern: re.Pattern[str], homes: set[str]) -> None:
    found = {path.relative_to(GENERATOR).as_posix()
             for path in GENERATOR.rglob("*.py") if pattern.search(path.read_text(encoding="utf-8"))}
    assert found <= homes, f"{sorted(found - homes)} repeat what {sorted(homes)} holds"


def test_formats() -> None:
    assert format_money(1500000) == "1.500.000 đồng"
    assert format_date(date(2026, 2, 5)) == "05/02/2026"
    assert slugify("Đăng ký Hộ tịch") == "dang-ky-ho-tich"
    assert record_url("reception_session", "2026-02") == "tiep-cong-dan/buoi/2026-02/"
    assert record_url("regulation", "noi-quy") == "quy-che/noi-quy/"
    assert sorted(["Đất đai", "Dân tộc", "Ê", "Em"], key=vi_sort_key) == ["Dân tộc", "Đất đai", "Em", "Ê"]


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ({"freq": "monthly", "by_month_day": 15}, "Ngày 15 hằng tháng"),
        ({"freq": "monthly", "by_weekday": "2WE"}, "Thứ Tư tuần thứ hai hằng tháng"),
        ({"freq": "monthly", "by_weekday": "-1FR"}, "Thứ Sáu cuối cùng của tháng, hằng tháng"),
        ({"freq": "weekly", "by_weekday": "TH", "interval": 2}, "Thứ Năm 2 tuần một lần"),
    ],
)
def test_recurrence_in_words(rule: dict[str, Any], words: str) -> None:
    from generator.models.reception import Recurrence

    recurrence = Recurrence(**rule, opens_at="08:00", closes_at="11:00", valid_from=date(2026, 1, 1))
    assert recurrence_words(recurrence) == words
