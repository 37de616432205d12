/* Figures: tap or click a figure to see it enlarged, in a <dialog> (Esc or the close button closes it, focus
 * returns to the figure). The figure opens at its own size (its width attribute), never narrower than the screen,
 * so its labels keep the size the author drew them at (≥ 12 px); on a phone the reader pans it. No library.
 */
(function () {
  "use strict"
  var ui = {}
  var viewer = null

  function text(key, values) {
    return (ui[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return values[name] })
  }

  function makeViewer() {
    var dialog = document.createElement("dialog")
    dialog.className = "kb-figure-viewer"
    dialog.setAttribute("aria-label", text("figure.dialog", {}))
    var close = document.createElement("button")
    close.type = "button"
    close.className = "md-button kb-figure-viewer__close"
    close.textContent = text("figure.close", {})
    var frame = document.createElement("div")
    frame.className = "kb-figure-viewer__frame"
    frame.tabIndex = 0  /* scrollable by keyboard (arrow keys) */
    var image = document.createElement("img")
    image.className = "kb-figure-viewer__image"
    var caption = document.createElement("p")
    caption.className = "kb-figure-viewer__caption"
    frame.appendChild(image)
    dialog.appendChild(close)
    dialog.appendChild(frame)
    dialog.appendChild(caption)
    close.addEventListener("click", function () { dialog.close() })
    /* A click on the backdrop (the dialog element itself, outside its content) closes it too. */
    dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close() })
    dialog.addEventListener("close", function () {
      if (viewer.opener && document.contains(viewer.opener)) viewer.opener.focus()
    })
    document.body.appendChild(dialog)
    return { dialog: dialog, close: close, image: image, caption: caption, opener: null }
  }

  function open(figureImage, trigger) {
    if (!viewer || !document.contains(viewer.dialog)) viewer = makeViewer()
    var figure = figureImage.closest("figure")
    var caption = figure && figure.querySelector("figcaption")
    viewer.image.src = figureImage.currentSrc || figureImage.src
    viewer.image.alt = figureImage.alt
    viewer.caption.textContent = caption ? caption.textContent.trim() : ""
    viewer.caption.hidden = !caption
    /* The figure's own width: the larger of the size the author gave it (width="720") and its file's own
       (an SVG without width reports a small default), else twice the width it has in the page. */
    var own = Math.max(+figureImage.getAttribute("width") || 0, figureImage.naturalWidth || 0) ||
      2 * figureImage.getBoundingClientRect().width
    viewer.image.style.width = own + "px"
    viewer.opener = trigger
    viewer.dialog.showModal()
    viewer.close.focus()
    /* Wider than the screen: start in the middle of the figure; the reader pans from there. */
    var frame = viewer.image.parentNode
    frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2
  }

  function setup(image) {
    if (image.closest("a, button")) return
    var trigger = document.createElement("button")
    trigger.type = "button"
    trigger.className = "kb-zoom"
    var caption = image.closest("figure") && image.closest("figure").querySelector("figcaption")
    trigger.setAttribute("aria-label", text("figure.enlarge", {
      title: caption ? caption.textContent.trim() : image.alt
    }))
    image.parentNode.insertBefore(trigger, image)
    trigger.appendChild(image)
    trigger.addEventListener("click", function () { open(image, trigger) })
  }

  function init() {
    var strings = document.getElementById("kb-ui")
    try { ui = strings ? JSON.parse(strings.textContent) : {} } catch (e) { ui = {} }
    document.querySelectorAll(".md-content .md-typeset figure img").forEach(setup)
  }

  /* Material's instant navigation swaps pages without a reload: it announces each page on document$. */
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init)
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init)
  else init()
})()
