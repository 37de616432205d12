"""axe-core as every test runs it: WCAG 2.0 and 2.1, levels A and AA, violations only, one line per finding.

axe spends most of a page's check in colour contrast, and a third of that parsing the same few CSS colour
strings again for every element behind every text (through Color.js). COLOUR_PARSE_MEMO keeps each string's
parsed value for the page's run: the same results (colour parsing is a pure function of the string), some 40 %
less time for the contrast rule. It patches one method of axe's own Color class; if a later axe no longer has
it, the patch is left out and only speed is lost (test_accessibility.py checks that it applies to ours).
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import Axe

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
AXE = Axe(axe_script=AXE_SCRIPT + ";\n" + COLOUR_PARSE_MEMO)


def axe_violations(page, where: str = "") -> list[str]:
    """axe's violations on the page as it is now: 'where: rule (impact): help — [first targets]'."""
    result = AXE.run(page, options=AXE_OPTIONS)
    prefix = f"{where}: " if where else ""
    return [f"{prefix}{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


def colour_parse_memo_applies(page) -> bool:
    AXE.run(page, options={"runOnly": {"type": "rule", "values": ["html-has-lang"]}})
    return bool(page.evaluate("!!axe.commons.color.Color.prototype.parseString.kbMemo"))
