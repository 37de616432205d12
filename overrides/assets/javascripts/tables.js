/* Wide tables: Material lets a table wider than the screen scroll sideways inside its wrapper
 * (.md-typeset__scrollwrap), which a mouse or a finger can scroll but a keyboard cannot reach (WCAG 2.1.1;
 * on a 320 px phone most of our tables are a little wider than the screen). While a wrapper scrolls, it is a
 * keyboard stop (the arrow keys then scroll it) and a named region; a table that fits adds no tab stop.
 */
(function () {
  "use strict"
  var ui = {}

  function text(key, values) {
    return (ui[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return values[name] })
  }

  /* The title of the section the table is in: the nearest heading before it, else the page's. */
  function sectionTitle(wrap) {
    var headings = document.querySelectorAll(".md-content h1, .md-content h2, .md-content h3, .md-content h4")
    var title = ""
    for (var i = 0; i < headings.length; i++) {
      if (headings[i].compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING) {
        title = headings[i].textContent
      }
    }
    return title.replace(/¶\s*$/, "").trim()
  }

  function update(wrap) {
    var scrolls = wrap.scrollWidth > wrap.clientWidth + 1
    if (scrolls === wrap.hasAttribute("tabindex")) return
    if (scrolls) {
      wrap.tabIndex = 0
      wrap.setAttribute("role", "region")
      wrap.setAttribute("aria-label", text("table.scrolls", { title: sectionTitle(wrap) }))
    } else {
      wrap.removeAttribute("tabindex")
      wrap.removeAttribute("role")
      wrap.removeAttribute("aria-label")
    }
  }

  function init() {
    var strings = document.getElementById("kb-ui")
    try { ui = strings ? JSON.parse(strings.textContent) : {} } catch (e) { ui = {} }
    var wraps = document.querySelectorAll(".md-typeset__scrollwrap")
    if (!wraps.length) return
    wraps.forEach(update)
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { update(entry.target) })
      })
      wraps.forEach(function (wrap) { observer.observe(wrap) })
    }
  }

  /* Material wraps the tables when it announces the page on document$; this subscribes after it. */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
