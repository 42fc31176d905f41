/*
 * The search box. Material reads the query on "keyup"; a Vietnamese IME or a phone keyboard can
 * insert a composed letter ("ỷ") with no key event of its own, so every input also sends the
 * search a keyup. Some keyboards type tone marks as separate combining characters, while the
 * index holds precomposed (NFC) text, so the query is normalised to NFC first.
 */
document.addEventListener("input", function (event) {
  var field = event.target
  if (!(field instanceof HTMLInputElement) || field.getAttribute("data-md-component") !== "search-query")
    return
  var text = field.value.normalize("NFC")
  if (text !== field.value) {
    var caret = text.length - (field.value.length - (field.selectionEnd || 0))
    field.value = text
    field.setSelectionRange(caret, caret)
  }
  if (!event.isComposing)
    field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
}, true)

/*
 * A table wider than a phone screen scrolls inside Material's wrapper; keyboard users must be
 * able to reach and scroll it too, so an overflowing wrapper becomes a focusable, named region.
 */
function markScrollingTables() {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrapper) {
    var scrolls = wrapper.scrollWidth > wrapper.clientWidth + 1
    if (scrolls && !wrapper.hasAttribute("tabindex")) {
      wrapper.setAttribute("tabindex", "0")
      wrapper.setAttribute("role", "region")
      wrapper.setAttribute("aria-label", "Bảng, cuộn ngang để xem hết")
    } else if (!scrolls && wrapper.getAttribute("role") === "region") {
      wrapper.removeAttribute("tabindex")
      wrapper.removeAttribute("role")
      wrapper.removeAttribute("aria-label")
    }
  })
}

if (typeof document$ !== "undefined") {
  document$.subscribe(markScrollingTables)
} else {
  document.addEventListener("DOMContentLoaded", markScrollingTables)
}
var resizeTimer
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer)
  resizeTimer = setTimeout(markScrollingTables, 150)
})
