/* Load search when the reader shows intent to search, not with every page.
 *
 * Material requests the language's search index (the largest file of a first visit) and starts its search
 * worker (lunr, in a thread of its own; in the offline copy a hidden iframe) as soon as a page loads, although
 * most readers never search. This script runs before Material's and holds both back until the reader focuses
 * the search box: a click or tap on it or on the search icon, or the keys "/", "s" and "f", which Material
 * turns into focus; a page opened from a search result (?h=) or with a search in its address (?q=) loads them
 * at once. Until the index is in, the result line shows Material's "Initializing search" in the page's
 * language, and what the reader has typed by then is answered as soon as it is in (Material sends the latest
 * query once its worker is ready).
 *
 * Online Material fetches search/search_index.json with XMLHttpRequest; over file:// (the offline copy,
 * kb/offline.py) it adds a <script> for search/search_index.js to <head>. Both are held here; every other
 * request goes through untouched. Until then Material's worker is a stand-in that keeps its listeners and
 * starts the real one (or the iframe shim's, which must load before this script) on intent.
 * tests/test_browser_search.py checks both ways.
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

  /* The search worker: a stand-in until intent. Material only listens to it and posts to it, and posts
     nothing before the index is in. */
  var SEARCH_WORKER = /\/workers\/i18n-search\.js$/
  var StartWorker = window.Worker
  if (StartWorker) {
    window.Worker = function (url, options) {
      if (released || !SEARCH_WORKER.test(new URL(url, location.href).pathname))
        return new StartWorker(url, options)
      var worker = null
      var ended = false
      var listeners = []
      function start() {
        if (worker || ended)
          return
        worker = new StartWorker(url, options)
        listeners.splice(0).forEach(function (listener) { worker.addEventListener.apply(worker, listener) })
      }
      held.push(start)
      return {
        addEventListener: function (type, listener, options) {
          if (worker)
            worker.addEventListener(type, listener, options)
          else
            listeners.push([type, listener, options])
        },
        removeEventListener: function (type, listener, options) {
          if (worker)
            worker.removeEventListener(type, listener, options)
          listeners = listeners.filter(function (kept) { return kept[0] !== type || kept[1] !== listener })
        },
        postMessage: function (message, transfer) {
          start()
          if (worker)
            worker.postMessage(message, transfer)
        },
        terminate: function () {
          ended = true
          if (worker)
            worker.terminate()
        }
      }
    }
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
