"""Browser tabs the tests drive: a visit that records errors and outside requests, a phone's
screen, and Material's search typed as a person types."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PHONE = {"width": 360, "height": 740}
PROCEDURE = "thu-tuc/cap-giay-phep-lao-dong/index.html"


@dataclass
class Visit:
    """A browser tab that records console errors and blocks (and lists) requests leaving the machine."""

    page: Any
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)


# Material's search asks its worker for each key typed (on keyup) and shows each answer as it
# comes. The results on screen belong to the last query only once every question has had its
# answer: this counts both, so a test waits for that state instead of for time (the count of
# results on screen still showed the query before, and a test read an emptied list).
SEARCH_WORKER_WATCH = """(() => {
  const Native = window.Worker;
  const search = window.__ckSearch = {asked: 0, answered: 0};
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => { search.answered += 1; });
    }
    postMessage(...args) {
      search.asked += 1;
      return super.postMessage(...args);
    }
  };
})();"""


def search(page: Any, query: str) -> list[str]:
    """Type `query` into the search box as a person would; the titles of the results."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    # (From file:// Material swaps in its iframe worker, which this does not count: both stay 0.)
    page.wait_for_function("""() => window.__ckSearch.answered === window.__ckSearch.asked
        && document.querySelector('.md-search-result__meta')?.textContent.includes('kết quả')""")
    # The answer is drawn in the frames after it comes.
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    return page.locator(".md-search-result__item > .md-search-result__link h1").all_inner_texts()
