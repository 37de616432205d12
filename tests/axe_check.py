"""axe-core as every test runs it: WCAG 2.0 and 2.1, levels A and AA, violations only, one line per finding.

axe spends most of a page's check in colour contrast, and a third of that parsing the same few CSS colour
strings again for every element behind every text (through Color.js). COLOUR_PARSE_MEMO keeps each string's
parsed value for the page's run: the same results (colour parsing is a pure function of the string), some 40 %
less time for the contrast rule. It patches one method of axe's own Color class; if a later axe no longer has
it, the patch is left out and only speed is lost (test_accessibility.py checks that it applies to ours).

The check sends back only the violations, in the form the tests report them: axe's whole result (every rule's
description, and a node for each rule that passed) was serialised and sent through the browser and Playwright
on every page for nothing. A page that checks many documents (the every-page survey) loads axe once with
`load_axe_in_every_document`, instead of sending the 550 kB script with each check.
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

# axe-core rules we hold every page to: WCAG 2.0 and 2.1, levels A and AA.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}

COLOUR_PARSE_MEMO = """
(() => {
  const proto = axe.commons && axe.commons.color && axe.commons.color.Color && axe.commons.color.Color.prototype
  if (!proto || typeof proto.parseString !== "function" || proto.parseString.kbMemo) return
  const parse = proto.parseString, parsed = new Map()
  proto.parseString = function (text) {
    const rgba = parsed.get(text)
    if (rgba === undefined) {
      parse.call(this, text)  // throws on a colour it cannot parse, as before
      parsed.set(text, [this.r, this.g, this.b, this.alpha])
    } else {
      [this.r, this.g, this.b, this.alpha] = rgba
    }
    return this
  }
  proto.parseString.kbMemo = true
})();
"""
AXE_WITH_MEMO = AXE_SCRIPT + ";\n" + COLOUR_PARSE_MEMO

# Runs in the page: null when axe is not loaded in this document yet, else each violation with its first targets.
# `exclude`: CSS selectors of parts of the page axe leaves out (each with what it holds).
RUN_AXE = """async ([options, exclude]) => {
  if (typeof axe === "undefined") return null
  const result = await axe.run(exclude.length ? {exclude: exclude.map(selector => [selector])} : document, options)
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                       targets: v.nodes.slice(0, 3).map(node => node.target)}))
}"""


def load_axe_in_every_document(page) -> None:
    """Have axe (with the memo) in every document the page opens from now on, loaded before the page's own
    scripts, which it leaves alone: it only defines `axe`."""
    page.add_init_script(AXE_WITH_MEMO)


def axe_violations(page, where: str = "", exclude: tuple[str, ...] = (), rules: tuple[str, ...] = ()) -> list[str]:
    """axe's violations on the page as it is now, but for the elements `exclude` selects (and what they hold):
    'where: rule (impact): help — [first targets]'. Given `rules` (axe rule ids), only those run."""
    options = {**AXE_OPTIONS, "runOnly": {"type": "rule", "values": list(rules)}} if rules else AXE_OPTIONS
    violations = page.evaluate(RUN_AXE, [options, list(exclude)])
    if violations is None:
        page.evaluate(AXE_WITH_MEMO)
        violations = page.evaluate(RUN_AXE, [options, list(exclude)])
    prefix = f"{where}: " if where else ""
    return [f"{prefix}{v['id']} ({v['impact']}): {v['help']} — {v['targets']}" for v in violations]


def colour_parse_memo_applies(page) -> bool:
    page.evaluate(AXE_WITH_MEMO)
    return bool(page.evaluate("!!axe.commons.color.Color.prototype.parseString.kbMemo"))
