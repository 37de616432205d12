/* Decks with reveal.js (vendor/reveal/), and a presenter window for the trainer's screen.
 *
 * Two ways in, one engine:
 * - a module deck (docs/<lang>/modules/<module>/deck.md, template overrides/deck.html) arrives as reveal
 *   markup, laid out at build time (kb/deck.py);
 * - any other page shows a "Present as slides" button: the page's article is cut into slides here (one per
 *   "##" section and per horizontal rule) and shown over the page, which is made inert meanwhile.
 *
 * The projected window shows slides only: speaker notes are removed from it. P (or the button) opens the
 * presenter window: the same address with "?presenter", showing the current slide, the next slide, the notes,
 * on a question slide the right answer, elapsed time, the clock and controls. The two windows keep each other
 * in step with postMessage between opener and popup, which works over http, under the deploy CSP (no inline
 * script, nothing written into about:blank) and from file://, where each file is its own origin (hence the
 * "*" target and the check of event.source instead of an origin). reveal.js gives the rest: overview (O, Esc),
 * black screen (B), go to slide (G), list items one at a time (fragments), a fixed 1280×720 layout scaled to
 * the window.
 */
(function () {
  "use strict"
  var SIZE = { width: 1280, height: 720 }
  var MESSAGE = "kb-deck"
  var here = document.currentScript && document.currentScript.src
  var ui = {}

  function t(key) { return ui[key] || key }

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text) node.textContent = text
    return node
  }

  function button(className, label, onClick, shortcut) {
    var b = el("button", "kb-deck__button " + className, label)
    b.type = "button"
    if (shortcut) b.setAttribute("aria-keyshortcuts", shortcut)
    b.addEventListener("click", onClick)
    return b
  }

  function isPresenterWindow() { return /[?&]presenter(&|=|$)/.test(location.search) }

  function pageAddress() { return location.href.split("#")[0].split("?")[0] }

  /* ------------------------------------------------------------------ loading reveal on ordinary pages */

  /* Beside this script, whether it is served as deck.js or inside the build's bundle (kb/steps/bundle.py). */
  function asset(path) { return here.replace(/[^/?#]+(\?.*)?$/, path) }

  function loadReveal(done) {
    if (window.Reveal) return done()
    ;["vendor/reveal/reveal.css"].forEach(function (css) {
      var link = document.createElement("link")
      link.rel = "stylesheet"
      link.href = asset(css)
      document.head.appendChild(link)
    })
    var script = document.createElement("script")
    script.src = asset("vendor/reveal/reveal.js")
    script.onload = done
    document.head.appendChild(script)
  }

  /* ------------------------------------------------------------------ any page as slides */

  function slidesFromArticle(article) {
    var source = article.cloneNode(true)
    source.querySelectorAll(".md-content__button, .headerlink, .md-source-file, .kb-selftest__summary, .kb-qr-codes")
      .forEach(function (n) { n.remove() })
    var slides = [[]]
    Array.prototype.forEach.call(source.children, function (node) {
      var current = slides[slides.length - 1]
      if (node.tagName === "H2" || (node.tagName === "HR" && current.length)) {
        current = []
        slides.push(current)
        if (node.tagName === "HR") return
      }
      if (node.classList.contains("kb-selftest")) {
        /* One slide per question: the room discusses, the answer opens on request. */
        node.querySelectorAll(".kb-question").forEach(function (question) {
          var item = question.parentNode
          var list = el("ol", "kb-selftest__questions")
          list.appendChild(item)
          var wrapper = el("div", "kb-selftest kb-deck-question")
          wrapper.dataset.selftest = node.dataset.selftest
          wrapper.dataset.store = "off"
          wrapper.appendChild(list)
          wrapper.appendChild(el("div", "kb-selftest__summary"))
          var heading = el("h2", "", t("slides.question"))
          slides.push([heading, wrapper])
        })
        slides.push([])
        return
      }
      if (node.classList.contains("kb-notes")) node.classList.add("notes")
      node.querySelectorAll && node.querySelectorAll(".kb-notes").forEach(function (n) { n.classList.add("notes") })
      current.push(node)
    })
    var root = el("div", "reveal")
    var container = el("div", "slides")
    root.appendChild(container)
    slides.filter(function (nodes) { return nodes.length }).forEach(function (nodes, index) {
      var section = el("section", "kb-slide kb-slide--" + (index === 0 ? "title" : "content"))
      var h = nodes[0] && nodes[0].tagName
      if (nodes.some(function (n) { return n.classList && n.classList.contains("kb-deck-question") }))
        section.className = "kb-slide kb-slide--question"
      nodes.forEach(function (n) { section.appendChild(n) })
      if (h !== "H1" && h !== "H2") {
        /* A slide after a horizontal rule repeats its section's heading: every slide has one. */
        var previous = container.lastElementChild && container.lastElementChild.querySelector("h1, h2")
        if (previous) section.insertBefore(previous.cloneNode(true), section.firstChild)
      }
      container.appendChild(section)
    })
    /* Slides repeat the page: ids must stay unique, labels must still point at their inputs. */
    root.querySelectorAll("[id]").forEach(function (n) { n.id = "kb-deck-" + n.id })
    root.querySelectorAll("label[for]").forEach(function (n) { n.htmlFor = "kb-deck-" + n.htmlFor })
    root.querySelectorAll("input[name]").forEach(function (n) { n.name = "kb-deck-" + n.name })
    root.querySelectorAll("[data-ready]").forEach(function (n) { delete n.dataset.ready })
    root.querySelectorAll(".kb-question__check, .kb-question__status, .kb-selftest__tools")
      .forEach(function (n) { n.remove() })
    root.querySelectorAll(".kb-question__status").forEach(function (n) { n.textContent = "" })
    return root
  }

  /* Show a page's slides over it; the page behind is inert until the deck closes. */
  function presentPage(presenter) {
    var article = document.querySelector(".md-content__inner")
    if (!article || document.querySelector(".kb-deck-overlay")) return
    var opener = document.activeElement
    var overlay = el("div", "kb-deck-overlay kb-deck-page")
    overlay.setAttribute("role", "dialog")
    overlay.setAttribute("aria-modal", "true")
    overlay.setAttribute("aria-label", t("slides.label") + ": " + document.title)
    var hidden = []
    Array.prototype.forEach.call(document.body.children, function (child) {
      if (child.tagName === "SCRIPT") return
      child.inert = true
      child.setAttribute("aria-hidden", "true")
      hidden.push(child)
    })
    var root = slidesFromArticle(article)
    var tools = el("div", "kb-deck__tools")
    overlay.appendChild(tools)
    overlay.appendChild(root)
    document.body.appendChild(overlay)
    document.documentElement.classList.add("kb-deck-open")
    /* Material's shortcuts on window (n, p, s, /) would act on the page behind: keys stop at the document,
       where reveal has its own listener. */
    function keepKeys(event) { event.stopPropagation() }
    document.addEventListener("keydown", keepKeys)
    loadReveal(function () {
      var run = presenter ? startPresenter(root, overlay) : startProjector(root, tools, { embedded: true })
      tools.insertBefore(button("kb-deck__close", t("slides.close"), close), tools.firstChild)
      function close() {
        run.deck.destroy()
        document.removeEventListener("keydown", keepKeys)
        overlay.remove()
        document.documentElement.classList.remove("kb-deck-open")
        hidden.forEach(function (child) { child.inert = false; child.removeAttribute("aria-hidden") })
        history.replaceState(null, "", location.pathname + location.search)
        if (opener && opener.focus) opener.focus()
      }
      run.deck.addKeyBinding({ keyCode: 81, key: "Q", description: t("slides.close") }, close)
    })
  }

  /* ------------------------------------------------------------------ the projected window */

  function revealOptions(extra) {
    var options = {
      width: SIZE.width, height: SIZE.height, margin: 0.02, minScale: 0.1, maxScale: 3,
      center: false, transition: "none", backgroundTransition: "none", autoAnimate: false,
      controls: true, controlsTutorial: false, progress: true, slideNumber: "c/t", hash: true,
      jumpToSlide: true, overview: true, pause: true, help: true, showNotes: false, fragments: true,
      navigationMode: "linear", preloadIframes: false, mouseWheel: false,
      /* Arrow keys in a focused select change the choice, not the slide (reveal already leaves inputs be). */
      keyboardCondition: function (event) {
        return !(event.target && /^(SELECT|TEXTAREA|INPUT)$/.test(event.target.tagName))
      }
    }
    Object.keys(extra || {}).forEach(function (key) { options[key] = extra[key] })
    return options
  }

  function sameState(a, b) {
    return a && b && a.indexh === b.indexh && a.indexv === b.indexv && (a.indexf || -1) === (b.indexf || -1) &&
      !!a.paused === !!b.paused
  }

  /* postMessage between the two windows; `other()` is the window at the other end (or null). `adopt(source)`,
     if given, takes a presenter window that says hello when none is linked: after the projected page was
     reloaded, its presenter window (which still has it as opener) links up again. */
  function link(deck, other, onPaused, adopt) {
    var applied = null
    function position() {
      var s = deck.getState()
      return { indexh: s.indexh, indexv: s.indexv, indexf: s.indexf, paused: onPaused ? onPaused() : s.paused }
    }
    function send(type) {
      var target = other()
      if (!target || target.closed) return
      var state = position()
      if (type === "state" && sameState(state, applied)) return  /* an echo of what the other side sent */
      try { target.postMessage({ kb: MESSAGE, type: type, state: state }, "*") } catch (e) { /* closed */ }
    }
    ;["slidechanged", "fragmentshown", "fragmenthidden", "paused", "resumed"].forEach(function (name) {
      deck.on(name, function () { send("state") })
    })
    return {
      send: send,
      receive: function (event, apply) {
        var data = event.data
        if (!data || data.kb !== MESSAGE) return false
        var current = other()
        if (event.source !== current) {
          if (!adopt || !/^(hello|ping)$/.test(data.type) || (current && !current.closed) || !event.source) return false
          adopt(event.source)
        } else if (data.type === "ping") {
          return true  /* already linked: nothing to do (answering could race a move in progress) */
        }
        applied = null
        /* A new presenter window (hello) follows the projector; one that was already running (ping, after the
           projected page was reloaded) leads: it asks for its position with a hello of its own. */
        if (data.type === "hello") { send("state"); return true }
        if (data.type === "ping") { send("hello"); return true }
        if (data.type === "state") {
          applied = data.state
          if (!sameState(data.state, position())) apply(data.state)
        }
        return true
      }
    }
  }

  function keepFocusOnCurrentSlide(deck, root) {
    /* Only the slide on screen can take focus; in the overview every slide can be picked. */
    function update() {
      var overview = deck.isOverview()
      root.querySelectorAll(".slides > section").forEach(function (section) {
        section.inert = !overview && section !== deck.getCurrentSlide()
        /* In the overview every slide is on screen and can be picked: none is hidden from assistive tech. */
        if (overview) section.removeAttribute("aria-hidden")
        else if (section !== deck.getCurrentSlide()) section.setAttribute("aria-hidden", "true")
      })
    }
    ;["ready", "slidechanged", "overviewshown", "overviewhidden"].forEach(function (name) { deck.on(name, update) })
  }

  /* After a click on an answer, arrows move slides again (keyboard users keep the arrows in the group). */
  function arrowsBackToSlides(root) {
    root.addEventListener("click", function (event) {
      if (!event.detail || !event.target.closest(".kb-question")) return
      setTimeout(function () {
        var active = document.activeElement
        if (active && active.tagName === "INPUT" && root.contains(active)) active.blur()
      }, 0)
    })
  }

  function startProjector(root, tools, extra) {
    root.querySelectorAll("aside.notes").forEach(function (n) { n.remove() })  /* never on the projector */
    var deck = new window.Reveal(root, revealOptions(extra))
    var presenter = null
    var channel = link(deck, function () { return presenter }, null, function (source) { presenter = source })
    function openPresenter() {
      if (presenter && !presenter.closed) { presenter.focus(); return }
      var state = deck.getState()
      presenter = window.open(pageAddress() + "?presenter#/" + state.indexh, "kb-presenter",
        "popup,width=1280,height=800")
    }
    tools.appendChild(button("kb-deck__presenter-open", t("slides.presenter_window"), openPresenter, "P"))
    window.addEventListener("message", function (event) {
      channel.receive(event, function (state) {
        deck.slide(state.indexh, state.indexv, state.indexf)
        if (!!state.paused !== deck.isPaused()) deck.togglePause(!!state.paused)
      })
    })
    keepFocusOnCurrentSlide(deck, root)
    arrowsBackToSlides(root)
    deck.initialize().then(function () {
      deck.addKeyBinding({ keyCode: 80, key: "P", description: t("slides.presenter_window") }, openPresenter)
      deck.addKeyBinding({ keyCode: 82, key: "R", description: t("slides.reveal") }, function () {
        deck.getCurrentSlide().querySelectorAll("details.kb-answer").forEach(function (d) { d.open = !d.open })
      })
      root.dispatchEvent(new CustomEvent("kb-deck-ready", { bubbles: true }))
    })
    return { deck: deck }
  }

  /* ------------------------------------------------------------------ the presenter window */

  function clone(node) {
    var copy = node.cloneNode(true)
    if (copy.nodeType !== Node.ELEMENT_NODE) return copy
    copy.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id") })
    copy.querySelectorAll("[for]").forEach(function (n) { n.removeAttribute("for") })
    copy.querySelectorAll("[name]").forEach(function (n) { n.removeAttribute("name") })
    return copy
  }

  function startPresenter(root, page) {
    document.documentElement.classList.add("kb-presenter-window")
    document.title = t("slides.presenter_window") + " – " + document.title
    var next = clone(root)
    next.querySelectorAll("aside.notes").forEach(function (n) { n.remove() })
    var layout = el("div", "kb-presenter")
    function pane(className, label) {
      var region = el("section", "kb-presenter__pane " + className)
      region.setAttribute("aria-label", label)
      region.appendChild(el("h2", "kb-presenter__label", label))
      layout.appendChild(region)
      return region
    }
    var currentPane = pane("kb-presenter__current", t("slides.current_slide"))
    var nextPane = pane("kb-presenter__next", t("slides.next_slide"))
    var notesPane = pane("kb-presenter__notes", t("slides.notes"))
    var notes = el("div", "kb-presenter__text")
    notesPane.appendChild(notes)
    notesPane.tabIndex = 0  /* long notes scroll: keyboard users can scroll them too */
    var bar = el("div", "kb-presenter__bar")
    var elapsed = el("p", "kb-presenter__elapsed")
    elapsed.setAttribute("role", "timer")
    var clock = el("p", "kb-presenter__clock")
    var counter = el("p", "kb-presenter__counter")
    counter.setAttribute("aria-live", "polite")
    var status = el("p", "kb-presenter__status")
    status.setAttribute("role", "status")
    var end = el("p", "kb-presenter__end", t("slides.end"))
    var screenPaused = false
    currentPane.appendChild(root)
    nextPane.appendChild(next)
    nextPane.appendChild(end)
    next.inert = true
    next.setAttribute("aria-hidden", "true")
    page.appendChild(layout)

    /* (reveal turns narrow decks into a scrolling page; the presenter's small views stay slides.) */
    var deck = new window.Reveal(root, revealOptions({ embedded: true, hash: false, controls: false,
      scrollActivationWidth: null, keyboard: {
        66: function () { toggleScreen() }, 190: function () { toggleScreen() },
        80: function () { window.opener && window.opener.focus() }
      } }))
    var preview = new window.Reveal(next, revealOptions({ embedded: true, hash: false, controls: false,
      progress: false, slideNumber: false, keyboard: false, touch: false, overview: false, fragments: false,
      jumpToSlide: false, help: false, scrollActivationWidth: null }))
    var channel = link(deck, function () { return window.opener }, function () { return screenPaused })

    function toggleScreen() {
      screenPaused = !screenPaused
      status.textContent = screenPaused ? t("slides.screen_black") : ""
      blackButton.setAttribute("aria-pressed", String(screenPaused))
      channel.send("state")
    }
    var started = Date.now()
    function two(n) { return ("0" + n).slice(-2) }
    function tick() {
      var seconds = Math.floor((Date.now() - started) / 1000)
      elapsed.textContent = t("slides.timer") + " " + Math.floor(seconds / 60) + ":" + two(seconds % 60)
      var now = new Date()
      clock.textContent = t("slides.clock") + " " + two(now.getHours()) + ":" + two(now.getMinutes())
    }
    var blackButton = button("kb-presenter__black", t("slides.black"), toggleScreen, "B")
    blackButton.setAttribute("aria-pressed", "false")
    bar.append(elapsed, clock,
      button("kb-presenter__reset", t("slides.reset_timer"), function () { started = Date.now(); tick() }),
      button("kb-presenter__prev", t("slides.previous"), function () { deck.prev() }, "ArrowLeft"),
      counter,
      button("kb-presenter__next-button", t("slides.next"), function () { deck.next() }, "ArrowRight"),
      blackButton, status)
    if (!window.opener) status.textContent = t("slides.not_connected")
    layout.appendChild(bar)
    setInterval(tick, 1000)
    tick()

    function update() {
      var slide = deck.getCurrentSlide()
      var slides = deck.getSlides()
      var index = slides.indexOf(slide)
      counter.textContent = (index + 1) + " / " + slides.length
      notes.textContent = ""
      slide.querySelectorAll("aside.notes").forEach(function (aside) {
        Array.prototype.forEach.call(aside.childNodes, function (n) { notes.appendChild(clone(n)) })
      })
      /* On a question slide the trainer sees the right answer, here only. */
      slide.querySelectorAll(".kb-answer").forEach(function (answer) {
        var box = el("div", "kb-presenter__answer")
        box.appendChild(el("h3", "", t("slides.right_answer")))
        Array.prototype.forEach.call(answer.children, function (n) {
          /* (not the "read more" link: a click there would take the presenter window away from the deck) */
          if (n.tagName !== "SUMMARY" && !n.classList.contains("kb-answer__see")) box.appendChild(clone(n))
        })
        notes.appendChild(box)
      })
      if (!notes.childNodes.length) notes.appendChild(el("p", "", t("slides.no_notes")))
      var hasNext = index + 1 < slides.length
      end.hidden = hasNext
      next.hidden = !hasNext
      if (hasNext) preview.slide(index + 1, 0)  /* decks are one row of slides (no vertical stacks) */
    }
    keepFocusOnCurrentSlide(deck, root)
    arrowsBackToSlides(root)
    window.addEventListener("message", function (event) {
      channel.receive(event, function (state) {
        deck.slide(state.indexh, state.indexv, state.indexf)
        screenPaused = !!state.paused
        status.textContent = screenPaused ? t("slides.screen_black") : ""
        blackButton.setAttribute("aria-pressed", String(screenPaused))
      })
    })
    Promise.all([deck.initialize(), preview.initialize()]).then(function () {
      var start = /^#\/(\d+)/.exec(location.hash)
      if (start) deck.slide(+start[1])
      deck.on("slidechanged", update)
      update()
      function greet(type) {
        if (!window.opener) return
        try { window.opener.postMessage({ kb: MESSAGE, type: type }, "*") } catch (e) { /* gone */ }
      }
      greet("hello")
      /* A reloaded projector forgets its presenter window: a ping now and then links it up again (a linked
         projector ignores pings). */
      setInterval(function () { greet("ping") }, 3000)
      window.addEventListener("resize", function () { deck.layout(); preview.layout() })
      root.dispatchEvent(new CustomEvent("kb-deck-ready", { bubbles: true }))
    })
    return { deck: deck }
  }

  /* ------------------------------------------------------------------ start */

  function init() {
    var strings = document.getElementById("kb-ui")
    ui = strings ? JSON.parse(strings.textContent) : {}
    var deckPage = document.querySelector(".kb-deck-page > .reveal, .kb-deck-page .kb-deck-main > .reveal")
    if (deckPage) {
      var page = document.querySelector(".kb-deck-page")
      if (isPresenterWindow()) startPresenter(deckPage, page)
      else startProjector(deckPage, document.querySelector(".kb-deck__tools"))
      return
    }
    document.querySelectorAll(".kb-present").forEach(function (b) {
      b.hidden = false
      if (b.dataset.ready) return
      b.dataset.ready = "1"
      b.addEventListener("click", function () { presentPage(false) })
    })
    if (document.querySelector(".kb-present") && (isPresenterWindow() || /^#slides\b/.test(location.hash)))
      presentPage(isPresenterWindow())
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
