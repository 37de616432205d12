/* Load the search index when the reader shows intent to search, not with every page.
 *
 * Material requests the language's search index (the largest file of a first visit) as soon as a page
 * loads, although most readers never search. This script runs before Material's and holds that one
 * request back until the reader focuses the search box: a click or tap on it or on the search icon, or
 * the keys "/", "s" and "f", which Material turns into focus; a page opened from a search result (?h=)
 * or with a search in its address (?q=) loads it at once. Until the index is in, the result line shows
 * Material's "Initializing search" in the page's language, and what the reader has typed by then is
 * answered as soon as it is in (Material sends the latest query once its worker is ready).
 *
 * Online Material fetches search/search_index.json with XMLHttpRequest; over file:// (the offline copy,
 * kb/offline.py) it adds a <script> for search/search_index.js to <head>. Both are held here; every other
 * request goes through untouched. tests/test_browser_search.py checks both ways.
 */
(function () {
  "use strict"
  var INDEX = /\/search\/search_index\.(json|js)$/
  var SEARCH_BOX = "[data-md-component=search-query]"
  var SEARCH_KEYS = ["/", "s", "f"]
  var held = []
  var released = false

  function isIndex(url) {
    try {
      return INDEX.test(new URL(url, location.href).pathname)
    } catch (error) {
      return false
    }
  }

  function release() {
    if (released)
      return
    released = true
    document.documentElement.setAttribute("data-kb-search-index", "requested")
    held.splice(0).forEach(function (go) { go() })
  }

  /* Online: the XMLHttpRequest for search_index.json is opened at once but sent on intent. */
  window.XMLHttpRequest = class extends window.XMLHttpRequest {
    open(method, url) {
      this.kbIndex = isIndex(url)
      return super.open.apply(this, arguments)
    }
    send(body) {
      if (this.kbIndex && !released)
        held.push(() => super.send(body))
      else
        super.send(body)
    }
  }

  /* file://: the <script> for search_index.js is added to <head> on intent. */
  var append = document.head.appendChild
  document.head.appendChild = function (node) {
    if (!released && node instanceof HTMLScriptElement && isIndex(node.src)) {
      held.push(function () { append.call(document.head, node) })
      return node
    }
    return append.apply(this, arguments)
  }

  /* Intent: focus on the search box (Material focuses it for its search keys and on the search icon). */
  document.addEventListener("focusin", function (event) {
    if (event.target instanceof Element && event.target.matches(SEARCH_BOX))
      release()
  })
  document.addEventListener("pointerdown", function (event) {
    if (event.target instanceof Element && event.target.closest("label[for=__search], " + SEARCH_BOX))
      release()
  })
  document.addEventListener("keydown", function (event) {
    var typing = event.target instanceof Element && event.target.closest("input, textarea, select, [contenteditable]")
    if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && SEARCH_KEYS.indexOf(event.key) >= 0)
      release()
  })
  if (/[?&][qh]=/.test(location.search))
    release()
})()
