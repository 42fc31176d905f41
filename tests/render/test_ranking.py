"""The search boost of procedure pages (generator.render.ranking): front matter Material reads."""

from __future__ import annotations

import pytest

from generator.render import RenderedSite
from generator.render.ranking import search_boost

# The rendered site is tests/render/conftest.py's: every module here runs on one test worker.
pytestmark = pytest.mark.xdist_group("render")

SHORT = "Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"
LONGER = "Cấp lại giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam"
LONGEST = ("Thủ tục cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền "
           "với đất cho người đã đăng ký quyền sử dụng đất lần đầu")


def test_a_shorter_title_is_boosted_more() -> None:
    assert search_boost(SHORT) > search_boost(LONGER) > search_boost(LONGEST)


def test_every_procedure_outranks_a_page_without_boost() -> None:
    assert search_boost(LONGEST) > 1
    assert search_boost(LONGEST + " " + LONGEST) > 1


def test_procedure_pages_carry_their_boost_and_code_for_the_search(public: RenderedSite) -> None:
    page = public.pages["thu-tuc/cap-giay-phep-lao-dong/index.md"]
    front = page.split("---\n")[1]
    assert 'search: {"boost": ' in front and 'tags: ["1.000105"]' in front
    fee = public.pages["phi-le-phi/le-phi-giay-phep/index.md"].split("---\n")[1]
    assert "boost" not in fee and "tags" not in fee
