/* Self-tests: check answers, show feedback and a score, keep progress in this browser only.
 *
 * The HTML (kb/markdown/selftest.py) works without this script: inputs plus the answer in <details>.
 * Progress lives in localStorage under one key, per self-test id and question id, so it survives
 * reloads and switching language (ids are the same in every language). Each saved answer carries the
 * question's fingerprint (data-hash): when an author changes a question, only that answer is dropped.
 * Nothing leaves the browser: no cookies, no requests.
 */
(function () {
  "use strict"
  var KEY = "kb-selftests"
  var ui = {}

  function text(key, values) {
    return (ui[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return values[name] })
  }

  function isRecord(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value)
  }

  /* Whatever is stored under KEY (another version of this script, a hand edit) must not break a page:
     anything but an object of objects reads as nothing saved. */
  function load() {
    var data
    try { data = JSON.parse(localStorage.getItem(KEY)) } catch (e) { return {} }
    if (!isRecord(data)) return {}
    Object.keys(data).forEach(function (id) { if (!isRecord(data[id])) delete data[id] })
    return data
  }

  /* Plural forms: "key.one" when the language's rule says "one" for n, else "key" (the other form). */
  function plural(key, n, values) {
    var category = "other"
    try { category = new Intl.PluralRules(document.documentElement.lang || "en").select(n) } catch (e) { /* old browser */ }
    return text(ui[key + "." + category] ? key + "." + category : key, values)
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

  function show(question, chosen, announce) {
    var ok = isCorrect(question, chosen)
    clearMarks(question)
    var notes = []
    question.querySelectorAll("[data-option]").forEach(function (row, i) {
      var picked = question.dataset.type === "matching" ? true : chosen.indexOf(row.dataset.option) >= 0
      if (!picked) return
      var right = question.dataset.type === "matching"
        ? chosen[i] === row.dataset.correct : row.dataset.correct === "true"
      row.classList.add(right ? "kb-option--correct" : "kb-option--incorrect")
      var feedback = row.querySelector(".kb-option__feedback")
      if (feedback) { feedback.hidden = false; notes.push(feedback.textContent) }
    })
    question.classList.add(ok ? "kb-question--correct" : "kb-question--incorrect")
    var status = question.querySelector(".kb-question__status")
    var message = text(ok ? "selftest.correct" : "selftest.incorrect") + (notes.length ? " " + notes.join(" ") : "")
    if (announce) status.textContent = message
    else status.textContent = text(ok ? "selftest.correct" : "selftest.incorrect")
    var details = question.querySelector(".kb-answer")
    if (details) details.open = true
    return ok
  }

  /* ---------------------------------------------------------------- one self-test */

  function setup(test) {
    if (test.dataset.ready) return
    test.dataset.ready = "1"
    var id = test.dataset.selftest
    var questions = test.querySelectorAll(".kb-question")
    var summary = test.querySelector(".kb-selftest__summary")
    var data = load()
    var saved = data[id] || {}

    function update() {
      var state = load()[id] || {}
      var done = 0, right = 0
      questions.forEach(function (q) {
        var entry = state[q.dataset.question]
        if (entry) { done++; if (entry.ok) right++ }
      })
      summary.textContent = done === questions.length
        ? plural("selftest.score", questions.length, { correct: right, total: questions.length })
        : plural("selftest.progress", questions.length, { answered: done, total: questions.length })
      again.hidden = done === 0
    }

    questions.forEach(function (question) {
      var check = el("button", "md-button kb-question__check", text("selftest.check"))
      check.type = "button"
      question.insertBefore(check, question.querySelector(".kb-answer"))
      check.addEventListener("click", function () {
        var chosen = value(question)
        if (!answered(question, chosen)) {
          question.querySelector(".kb-question__status").textContent = text("selftest.unanswered")
          return
        }
        var state = load()
        state[id] = state[id] || {}
        state[id][question.dataset.question] = { h: question.dataset.hash, v: chosen, ok: show(question, chosen, true) }
        save(state)
        update()
      })
      var entry = saved[question.dataset.question]
      if (entry && entry.h === question.dataset.hash) {
        restore(question, entry.v)
        show(question, entry.v, false)
      } else if (entry) {
        delete saved[question.dataset.question]  /* the question changed: drop only its answer */
      }
    })
    data[id] = saved
    save(data)

    var tools = el("div", "kb-selftest__tools")
    var again = el("button", "md-button kb-selftest__again", text("selftest.try_again"))
    again.type = "button"
    again.addEventListener("click", function () {
      var state = load()
      delete state[id]
      save(state)
      questions.forEach(function (q) {
        restore(q, [])
        clearMarks(q)
        q.querySelector(".kb-question__status").textContent = ""
        q.querySelector(".kb-answer").open = false
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
          if (isRecord(entries[k])) { done++; if (entries[k].ok === true) right++ }
        })
        row.querySelector(".kb-progress__status").textContent = text(
          done === 0 ? "progress.not_started" : done >= total ? "progress.completed" : "progress.in_progress")
        row.querySelector(".kb-progress__score").textContent = done ? right + " / " + total : "–"
      })
    }

    page.querySelector(".kb-progress__clear").addEventListener("click", function () {
      if (!window.confirm(text("progress.confirm_clear"))) return
      try { localStorage.removeItem(KEY) } catch (e) { /* nothing stored */ }
      fill()
      message.textContent = text("progress.cleared")
    })
    fill()
  }

  /* ---------------------------------------------------------------- module cards on the home page */

  function moduleProgress(line) {
    var state = load()
    var total = +line.dataset.questions || 0
    var done = 0
    line.dataset.selftests.split(" ").forEach(function (id) {
      var entries = state[id] || {}
      Object.keys(entries).forEach(function (k) { if (isRecord(entries[k])) done++ })
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
