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

/*
 * On a phone a table of three or more columns is shown as stacked rows (congkhai.css): each cell
 * carries its column's name, so the value is never far from what it means.
 */
function stackWideTables() {
  document.querySelectorAll(".md-typeset table").forEach(function (table) {
    var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (cell) {
      return cell.textContent.trim()
    })
    if (headers.length < 3 || table.hasAttribute("data-ck-stacked") || table.closest(".ck-month-grid"))
      return
    table.setAttribute("data-ck-stacked", "")
    table.querySelectorAll("tbody tr").forEach(function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (headers[index])
          cell.setAttribute("data-label", headers[index])
        if (!cell.textContent.trim() && !cell.querySelector("img"))
          cell.setAttribute("data-empty", "")
      })
    })
  })
}

function preparePage() {
  stackWideTables()
  markScrollingTables()
  // The page is as a reader will use it: browser tests wait for this mark, not for time.
  document.body.setAttribute("data-ck-ready", "")
}

if (typeof document$ !== "undefined") {
  document$.subscribe(preparePage)
} else {
  document.addEventListener("DOMContentLoaded", preparePage)
}
var resizeTimer
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer)
  resizeTimer = setTimeout(markScrollingTables, 150)
})

/*
 * The procedure list filters itself: by lĩnh vực, cấp and bộ phận (choices read from the list's
 * data-facet spans) and by typed words, with or without diacritics ("giay phep" finds "Giấy
 * phép"). Without JavaScript the whole list stays visible.
 */
function foldText(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase()
}

function facetValues(item, facet) {
  return Array.prototype.map.call(item.querySelectorAll('[data-facet="' + facet + '"]'), function (span) {
    return span.textContent.trim()
  })
}

var FACETS = [["field", "Lĩnh vực"], ["level", "Cấp thực hiện"], ["unit", "Bộ phận giải quyết"]]

function buildFilter(box) {
  if (box.getAttribute("data-ready")) return
  var first = box.parentElement.querySelector("li.ck-item")
  if (!first) return
  var list = first.parentElement
  box.setAttribute("data-ready", "1")
  var items = Array.prototype.slice.call(list.querySelectorAll("li.ck-item"))
  var texts = items.map(function (item) { return foldText(item.textContent) })
  var facetsOf = items.map(function (item) {
    var found = {}
    FACETS.forEach(function (pair) { found[pair[0]] = facetValues(item, pair[0]) })
    return found
  })
  var form = document.createElement("form")
  form.setAttribute("role", "search")
  form.addEventListener("submit", function (event) { event.preventDefault() })
  var selects = {}
  var search = document.createElement("input")
  search.type = "search"
  search.id = "ck-filter-text"
  var searchLabel = document.createElement("label")
  searchLabel.htmlFor = search.id
  searchLabel.textContent = "Tìm theo tên hoặc mã thủ tục (gõ không dấu cũng được)"
  form.appendChild(searchLabel)
  form.appendChild(search)
  FACETS.forEach(function (pair) {
    var values = {}
    facetsOf.forEach(function (facets) { facets[pair[0]].forEach(function (value) { values[value] = true }) })
    var names = Object.keys(values).sort(function (a, b) { return a.localeCompare(b, "vi") })
    if (names.length < 2) return
    var select = document.createElement("select")
    select.id = "ck-filter-" + pair[0]
    var label = document.createElement("label")
    label.htmlFor = select.id
    label.textContent = pair[1]
    select.appendChild(new Option("Tất cả", ""))
    names.forEach(function (name) { select.appendChild(new Option(name, name)) })
    form.appendChild(label)
    form.appendChild(select)
    selects[pair[0]] = select
  })
  var status = document.createElement("p")
  status.setAttribute("aria-live", "polite")
  status.className = "ck-filter-status"
  form.appendChild(status)
  box.appendChild(form)

  function apply() {
    var words = foldText(search.value).split(/\s+/).filter(Boolean)
    var shown = 0
    items.forEach(function (item, index) {
      var visible = words.every(function (word) { return texts[index].indexOf(word) !== -1 })
      Object.keys(selects).forEach(function (facet) {
        var wanted = selects[facet].value
        if (wanted && facetsOf[index][facet].indexOf(wanted) === -1) visible = false
      })
      item.hidden = !visible
      if (visible) shown += 1
    })
    status.textContent = "Đang hiện " + shown + " trên " + items.length + " thủ tục."
  }
  form.addEventListener("input", apply)
  form.addEventListener("change", apply)
  apply()
}

function buildFilters() {
  document.querySelectorAll("[data-ck-filter]").forEach(buildFilter)
}

if (typeof document$ !== "undefined") {
  document$.subscribe(buildFilters)
} else {
  document.addEventListener("DOMContentLoaded", buildFilters)
}
