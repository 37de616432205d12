/* Self-tests: check answers, give feedback, keep progress in this browser only.
 *
 * The HTML (kb/markdown/selftest.py) works without this script: inputs plus the answer in <details>.
 * The flow, like H5P's: a wrong answer marks what was chosen, with that option's own feedback, and the reader
 * may change the answer and check again; the full answer and explanation come with "Show the answer" or after
 * a second wrong try. Each piece of feedback is shown once: beside its option (the list of all feedback in the
 * answer is for readers without JavaScript and is hidden here).
 *
 * Progress lives in localStorage under one key, per self-test id and question id, so it survives reloads and
 * switching language (ids are the same in every language). Each saved answer carries the question's fingerprint
 * (data-hash): when an author changes a question, only that answer is dropped. Stored data of any other shape
 * (another version, a hand edit) is ignored and replaced. Nothing leaves the browser: no cookies, no requests.
 */
(function () {
  "use strict"
  var KEY = "kb-selftests"
  var ID = /^[a-z0-9][a-z0-9-]*$/
  var ui = {}
  var pluralRules = null

  function text(key, values) {
    return (ui[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return values[name] })
  }

  /* A count's form: "key_one" when the page language's plural rules say "one" (1 question), else "key". */
  function plural(key, count, values) {
    if (!pluralRules) {
      try { pluralRules = new Intl.PluralRules(document.documentElement.lang || "en") }
      catch (e) { pluralRules = { select: function (n) { return n === 1 ? "one" : "other" } } }
    }
    var one = key + "_one"
    return text(pluralRules.select(count) === "one" && ui[one] ? one : key, values)
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value)
  }

  function validEntry(entry) {
    return isObject(entry) && typeof entry.h === "string" && typeof entry.ok === "boolean" &&
      Array.isArray(entry.v) && entry.v.every(function (v) { return typeof v === "string" }) &&
      (entry.t === undefined || (typeof entry.t === "number" && entry.t >= 0))
  }

  /* {self-test id: {question id: {h, v, ok, t}}}, keeping only what has that shape. */
  function load() {
    var data
    try { data = JSON.parse(localStorage.getItem(KEY)) } catch (e) { data = null }
    var clean = {}
    if (!isObject(data)) return clean
    Object.keys(data).forEach(function (test) {
      if (!ID.test(test) || !isObject(data[test])) return
      var entries = {}
      Object.keys(data[test]).forEach(function (question) {
        if (ID.test(question) && validEntry(data[test][question])) entries[question] = data[test][question]
      })
      clean[test] = entries
    })
    return clean
  }

  function save(data) {
    try { localStorage.setItem(KEY, JSON.stringify(data)) } catch (e) { /* storage off: keep working */ }
  }

  function el(tag, className, content) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (content) node.textContent = content
    return node
  }

  /* ---------------------------------------------------------------- one question */

  function value(question) {
    if (question.dataset.type === "matching")
      return Array.prototype.map.call(question.querySelectorAll("select"), function (s) { return s.value })
    return Array.prototype.filter.call(question.querySelectorAll("input"), function (i) { return i.checked })
      .map(function (i) { return i.value })
  }

  function answered(question, chosen) {
    return question.dataset.type === "matching"
      ? chosen.every(function (v) { return v !== "" }) : chosen.length > 0
  }

  function isCorrect(question, chosen) {
    var rows = question.querySelectorAll("[data-option]")
    if (question.dataset.type === "matching")
      return Array.prototype.every.call(rows, function (row, i) { return chosen[i] === row.dataset.correct })
    return Array.prototype.every.call(rows, function (row) {
      return (row.dataset.correct === "true") === (chosen.indexOf(row.dataset.option) >= 0)
    })
  }

  function restore(question, chosen) {
    if (question.dataset.type === "matching")
      question.querySelectorAll("select").forEach(function (s, i) { s.value = chosen[i] || "" })
    else
      question.querySelectorAll("input").forEach(function (i) { i.checked = chosen.indexOf(i.value) >= 0 })
  }

  function clearMarks(question) {
    question.querySelectorAll("[data-option]").forEach(function (row) {
      row.classList.remove("kb-option--correct", "kb-option--incorrect")
      var feedback = row.querySelector(".kb-option__feedback")
      if (feedback) feedback.hidden = true
    })
    question.classList.remove("kb-question--correct", "kb-question--incorrect")
  }

  /* Mark what was chosen: right or wrong, with the chosen options' own feedback. */
  function mark(question, chosen) {
    var ok = isCorrect(question, chosen)
    clearMarks(question)
    question.querySelectorAll("[data-option]").forEach(function (row, i) {
      var matching = question.dataset.type === "matching"
      if (!matching && chosen.indexOf(row.dataset.option) < 0) return
      var right = matching ? chosen[i] === row.dataset.correct : row.dataset.correct === "true"
      row.classList.add(right ? "kb-option--correct" : "kb-option--incorrect")
      var feedback = row.querySelector(".kb-option__feedback")
      if (feedback) feedback.hidden = false
    })
    question.classList.add(ok ? "kb-question--correct" : "kb-question--incorrect")
    return ok
  }

  /* The full answer: every option's feedback beside it, the right ones marked, the explanation open. */
  function reveal(question) {
    question.querySelectorAll(".kb-option[data-option]").forEach(function (row) {
      if (row.dataset.correct === "true") row.classList.add("kb-option--answer")
      var feedback = row.querySelector(".kb-option__feedback")
      if (feedback) feedback.hidden = false
    })
    var details = question.querySelector(".kb-answer")
    if (details && !details.open) details.open = true
  }

  function hide(question) {
    question.querySelectorAll(".kb-option[data-option]").forEach(function (row) {
      row.classList.remove("kb-option--answer")
      var feedback = row.querySelector(".kb-option__feedback")
      var marked = row.classList.contains("kb-option--correct") || row.classList.contains("kb-option--incorrect")
      if (feedback && !marked) feedback.hidden = true
    })
    var details = question.querySelector(".kb-answer")
    if (details) details.open = false
  }

  function statusText(ok, tries) {
    if (ok) return text("selftest.correct")
    return text(tries >= 2 ? "selftest.incorrect_final" : "selftest.incorrect_retry")
  }

  /* ---------------------------------------------------------------- one self-test */

  function setup(test) {
    if (test.dataset.ready) return
    test.dataset.ready = "1"
    test.classList.add("kb-selftest--js")
    var id = test.dataset.selftest
    /* A question on a slide (data-store="off") starts blank and is not kept: the room's answers are not the
       trainer's progress, and a deck must not open with answers given earlier. */
    var memory = {}
    var store = test.dataset.store !== "off" ? { load: load, save: save }
      : { load: function () { return memory }, save: function (data) { memory = data } }
    var questions = test.querySelectorAll(".kb-question")
    var summary = test.querySelector(".kb-selftest__summary")
    var data = store.load()
    var saved = data[id] || {}

    function update() {
      var state = store.load()[id] || {}
      var done = 0, right = 0
      questions.forEach(function (q) {
        var entry = state[q.dataset.question]
        if (entry) { done++; if (entry.ok) right++ }
      })
      var total = questions.length
      summary.textContent = done === total
        ? plural("selftest.score", total, { correct: right, total: total })
        : plural("selftest.progress", total, { answered: done, total: total })
      again.hidden = done === 0
    }

    questions.forEach(function (question) {
      var status = question.querySelector(".kb-question__status")
      var details = question.querySelector(".kb-answer")
      var check = el("button", "md-button kb-question__check", text("selftest.check"))
      check.type = "button"
      question.insertBefore(check, details)
      check.addEventListener("click", function () {
        var chosen = value(question)
        if (!answered(question, chosen)) {
          status.textContent = text("selftest.unanswered")
          return
        }
        var state = store.load()
        state[id] = state[id] || {}
        var before = state[id][question.dataset.question]
        var tries = (before && before.h === question.dataset.hash && !before.ok ? before.t || 1 : 0) + 1
        var ok = mark(question, chosen)
        state[id][question.dataset.question] = { h: question.dataset.hash, v: chosen, ok: ok, t: tries }
        store.save(state)
        if (ok || tries >= 2) reveal(question)
        status.textContent = statusText(ok, tries)
        update()
      })
      /* Changing the answer after a check: the old marks no longer apply. */
      question.addEventListener("change", function (event) {
        if (event.target.matches("input, select") && question.matches(".kb-question--correct, .kb-question--incorrect")) {
          clearMarks(question)
          status.textContent = ""
        }
      })
      details.addEventListener("toggle", function () {
        if (details.open) reveal(question)
        else hide(question)
      })
      var entry = saved[question.dataset.question]
      if (entry && entry.h === question.dataset.hash) {
        restore(question, entry.v)
        var ok = mark(question, entry.v)
        if (ok || (entry.t || 1) >= 2) reveal(question)
        status.textContent = statusText(ok, entry.t || 1)
      } else if (entry) {
        delete saved[question.dataset.question]  /* the question changed: drop only its answer */
      }
    })
    data[id] = saved
    store.save(data)  /* also replaces stored data of a wrong shape */

    var tools = el("div", "kb-selftest__tools")
    var again = el("button", "md-button kb-selftest__again", text("selftest.try_again"))
    again.type = "button"
    again.addEventListener("click", function () {
      var state = store.load()
      delete state[id]
      store.save(state)
      questions.forEach(function (q) {
        restore(q, [])
        clearMarks(q)
        hide(q)
        q.querySelector(".kb-question__status").textContent = ""
      })
      update()
      questions[0].querySelector("input, select").focus()
    })
    var printLabel = el("label", "kb-selftest__print")
    var printBox = el("input")
    printBox.type = "checkbox"
    printBox.addEventListener("change", function () {
      test.classList.toggle("kb-selftest--print-answers", printBox.checked)
    })
    printLabel.appendChild(printBox)
    printLabel.appendChild(document.createTextNode(" " + text("selftest.print_answers")))
    tools.appendChild(again)
    tools.appendChild(printLabel)
    test.appendChild(tools)
    update()
  }

  /* ---------------------------------------------------------------- "My progress" page */

  function progress(page) {
    if (page.dataset.ready) return
    page.dataset.ready = "1"
    var message = page.querySelector(".kb-progress__message")

    function fill() {
      var state = load()
      page.querySelectorAll("tr[data-selftest]").forEach(function (row) {
        var entries = state[row.dataset.selftest] || {}
        var total = +row.dataset.questions
        var done = 0, right = 0
        Object.keys(entries).forEach(function (k) {
          if (isObject(entries[k])) { done++; if (entries[k].ok === true) right++ }
        })
        row.querySelector(".kb-progress__status").textContent = text(
          done === 0 ? "progress.not_started" : done >= total ? "progress.completed" : "progress.in_progress")
        row.querySelector(".kb-progress__answered").textContent = done ? done + " / " + total : "–"
        row.querySelector(".kb-progress__correct").textContent = done ? String(right) : "–"
      })
    }

    page.querySelector(".kb-progress__clear").addEventListener("click", function () {
      if (!window.confirm(text("progress.confirm_clear"))) return
      try { localStorage.removeItem(KEY) } catch (e) { /* nothing stored */ }
      fill()
      message.textContent = text("progress.cleared")
    })
    save(load())  /* stored data of a wrong shape is replaced, here too */
    fill()
  }

  /* ---------------------------------------------------------------- module cards on the home page */

  function moduleProgress(line) {
    var state = load()
    var total = +line.dataset.questions || 0
    var done = 0
    line.dataset.selftests.split(" ").forEach(function (id) {
      var entries = state[id] || {}
      Object.keys(entries).forEach(function (k) { if (isObject(entries[k])) done++ })
    })
    done = Math.min(done, total)
    line.textContent = plural("home.progress", total, { answered: done, total: total })
    var bar = line.parentNode.querySelector(".kb-card__progress")
    if (bar) bar.value = done
  }

  function init() {
    var strings = document.getElementById("kb-ui")
    try { ui = strings ? JSON.parse(strings.textContent) : {} } catch (e) { ui = {} }
    document.querySelectorAll(".kb-selftest").forEach(setup)
    document.querySelectorAll("[data-kb-progress]").forEach(progress)
    document.querySelectorAll("[data-kb-module-progress]").forEach(moduleProgress)
  }

  /* Material's instant navigation swaps pages without a reload: it announces each page on document$. */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
