/* Presentation view: any module page as slides, from the same Markdown.
 *
 * One slide for the title and introduction, one per "##" section, and a new slide at every horizontal
 * rule ("---" in Markdown). Each self-test question becomes its own slide: show it, let the room discuss,
 * then reveal the answer (R). Speaker notes ("/// notes" blocks) are taken out of the slides and shown
 * only in the presenter view (P): current slide, next slide, notes and a timer, side by side.
 * Keys: → ↓ Space PageDown next; ← ↑ PageUp previous; Home/End; Esc back to the page. #slides/N opens slide N.
 */
(function () {
  "use strict"
  var ui = {}
  var deck = null

  function t(key) { return ui[key] || key }

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text) node.textContent = text
    return node
  }

  function button(className, label, symbol, onClick) {
    var b = el("button", "kb-deck__button " + className)
    b.type = "button"
    b.setAttribute("aria-label", label)
    b.title = label
    b.textContent = symbol
    b.addEventListener("click", onClick)
    return b
  }

  /* Split the article into slides: [{nodes: [...], notes: [...], question: bool}] */
  function buildSlides(article) {
    var slides = [{ nodes: [], notes: [] }]
    var source = article.cloneNode(true)
    source.querySelectorAll(".md-content__button, .headerlink, .md-source-file, .kb-present, .kb-selftest__summary")
      .forEach(function (n) { n.remove() })
    Array.prototype.forEach.call(source.children, function (node) {
      var current = slides[slides.length - 1]
      if (node.tagName === "H2" || (node.tagName === "HR" && current.nodes.length)) {
        current = { nodes: [], notes: [] }
        slides.push(current)
        if (node.tagName === "HR") return
      }
      if (node.classList && node.classList.contains("kb-notes")) { current.notes.push(node); return }
      if (node.classList && node.classList.contains("kb-qr-codes")) { slides[0].nodes.push(node); return }
      if (node.classList && node.classList.contains("kb-selftest")) {
        var title = node.querySelector(".kb-selftest__title")
        node.querySelectorAll(".kb-question").forEach(function (question) {
          var slide = { nodes: [], notes: [], question: true }
          if (title) slide.nodes.push(title.cloneNode(true))
          question.querySelectorAll(".kb-question__check, .kb-question__status").forEach(function (n) { n.remove() })
          slide.nodes.push(question)
          slides.push(slide)
        })
        slides.push({ nodes: [], notes: [] })
        return
      }
      node.querySelectorAll && node.querySelectorAll(".kb-notes").forEach(function (n) {
        current.notes.push(n)
        n.remove()
      })
      current.nodes.push(node)
    })
    return slides.filter(function (s) { return s.nodes.length })
  }

  function render(slide, container) {
    container.textContent = ""
    var content = el("div", "kb-deck__content")
    slide.nodes.forEach(function (node) { content.appendChild(node.cloneNode(true)) })
    container.appendChild(content)
    container.querySelectorAll("details").forEach(function (d) { d.open = false })
    container.querySelectorAll("[id]").forEach(function (n) { n.id = "kb-deck-" + n.id })
    container.querySelectorAll("label[for]").forEach(function (n) { n.htmlFor = "kb-deck-" + n.htmlFor })
  }

  /* Large type; zoom out until the slide fits the screen (zoom re-flows text, unlike a transform). */
  function fit(container) {
    var content = container.firstElementChild
    var zoom = 1
    if (!content) return
    content.style.zoom = 1
    while ((container.scrollHeight > container.clientHeight + 1 || container.scrollWidth > container.clientWidth + 1)
           && zoom > 0.4) {
      zoom -= 0.05
      content.style.zoom = zoom
    }
  }

  function open(start) {
    if (deck) return
    var article = document.querySelector(".md-content__inner")
    if (!article) return
    var slides = buildSlides(article)
    var index = Math.min(Math.max(start || 0, 0), slides.length - 1)
    var opener = document.activeElement
    var started = Date.now()

    var root = el("div", "kb-deck")
    root.setAttribute("role", "dialog")
    root.setAttribute("aria-modal", "true")
    root.setAttribute("aria-label", t("slides.label") + ": " + document.title)
    root.tabIndex = -1
    var stage = el("div", "kb-deck__stage")
    var current = el("section", "kb-deck__slide md-typeset")
    stage.appendChild(current)
    var side = el("div", "kb-deck__presenter")
    var nextTitle = el("p", "kb-deck__label", t("slides.next_slide"))
    var next = el("div", "kb-deck__next md-typeset")
    var notesTitle = el("p", "kb-deck__label", t("slides.notes"))
    var notes = el("div", "kb-deck__notes md-typeset")
    var timer = el("p", "kb-deck__timer")
    timer.setAttribute("role", "timer")
    side.append(timer, nextTitle, next, notesTitle, notes)
    var bar = el("div", "kb-deck__bar")
    var counter = el("p", "kb-deck__counter")
    counter.setAttribute("aria-live", "polite")
    bar.append(
      button("kb-deck__prev", t("slides.previous"), "‹", function () { go(index - 1) }),
      counter,
      button("kb-deck__next-button", t("slides.next"), "›", function () { go(index + 1) }),
      button("kb-deck__reveal", t("slides.reveal"), "?", reveal),
      button("kb-deck__presenter-toggle", t("slides.presenter"), "▦", togglePresenter),
      button("kb-deck__close", t("slides.close"), "×", close))
    root.append(stage, side, bar)
    document.body.appendChild(root)
    document.body.classList.add("kb-deck-open")

    function go(target) {
      index = Math.min(Math.max(target, 0), slides.length - 1)
      render(slides[index], current)
      if (slides[index + 1]) render(slides[index + 1], next)
      else next.textContent = t("slides.end")
      notes.textContent = ""
      slides[index].notes.forEach(function (n) {
        var copy = n.cloneNode(true)
        copy.className = "kb-deck__note"
        notes.appendChild(copy)
      })
      if (!slides[index].notes.length) notes.appendChild(el("p", "", t("slides.no_notes")))
      counter.textContent = (index + 1) + " / " + slides.length
      root.querySelector(".kb-deck__reveal").hidden = !slides[index].question
      history.replaceState(null, "", "#slides/" + (index + 1))
      fit(current)
      current.querySelectorAll("img").forEach(function (img) {
        if (!img.complete) img.addEventListener("load", function () { fit(current) }, { once: true })
      })
    }

    function reveal() {
      current.querySelectorAll("details").forEach(function (d) { d.open = !d.open })
      fit(current)
    }

    function togglePresenter() {
      root.classList.toggle("kb-deck--presenter")
      fit(current)
    }

    function tick() {
      var seconds = Math.floor((Date.now() - started) / 1000)
      timer.textContent = t("slides.timer") + " " + Math.floor(seconds / 60) + ":" + ("0" + seconds % 60).slice(-2)
    }
    var clock = setInterval(tick, 1000)
    tick()

    function onKey(event) {
      var typing = /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)
      if (event.altKey || event.ctrlKey || event.metaKey) return
      var key = event.key
      if (key === "Escape") close()
      else if (typing && key !== "PageDown" && key !== "PageUp") return
      else if (["ArrowRight", "ArrowDown", " ", "PageDown", "n"].indexOf(key) >= 0) go(index + 1)
      else if (["ArrowLeft", "ArrowUp", "PageUp", "Backspace"].indexOf(key) >= 0) go(index - 1)
      else if (key === "Home") go(0)
      else if (key === "End") go(slides.length - 1)
      else if (key === "p" || key === "P") togglePresenter()
      else if ((key === "r" || key === "R") && slides[index].question) reveal()
      else return
      event.preventDefault()
      event.stopPropagation()  /* Material has its own shortcuts (n, p, arrows) on the page behind */
    }

    function onResize() { fit(current) }

    function close() {
      clearInterval(clock)
      document.removeEventListener("keydown", onKey, true)
      window.removeEventListener("resize", onResize)
      root.remove()
      document.body.classList.remove("kb-deck-open")
      deck = null
      history.replaceState(null, "", location.pathname + location.search)
      if (opener && opener.focus) opener.focus()
    }

    document.addEventListener("keydown", onKey, true)
    window.addEventListener("resize", onResize)
    deck = { close: close }
    go(index)
    root.focus()
  }

  function init() {
    var strings = document.getElementById("kb-ui")
    ui = strings ? JSON.parse(strings.textContent) : {}
    document.querySelectorAll(".kb-present").forEach(function (b) {
      b.hidden = false
      if (b.dataset.ready) return
      b.dataset.ready = "1"
      b.addEventListener("click", function () { open(0) })
    })
    var match = /^#slides(?:\/(\d+))?$/.exec(location.hash)
    if (match && document.querySelector(".kb-present")) open((+match[1] || 1) - 1)
  }

  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
