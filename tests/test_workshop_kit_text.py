"""The trainee handout and trainer pack as Markdown (kb/workshop_kit.py): what goes in which."""

from __future__ import annotations

from types import SimpleNamespace

from kb import engine
from kb import workshop_kit as kit

CASE = """---
search:
  boost: 1
---

# Case: Mira

Mira is 34.

## Questions

1. What helps Mira?

## Trainer notes

??? abstract "Trainer notes"
    Model answer: her own words.

    - Point one.

## After the notes

Still for trainees.
"""

DECK = """---
deck: true
---

# Deck

## First slide

- a point

/// notes
Say this first.
///

## Question

/// question | q1
///

```
## not a slide (in a fence)
```
"""

TEXT = kit.TrainerPackText(heading="Trainer pack", intro="For the trainer.", answer_key="Answer key",
                           speaker_notes="Speaker notes", voting_cards="Voting cards", voting_intro="Copy them.",
                           card="Voting card")


def test_trainee_handout_has_no_trainer_notes_and_no_empty_heading_for_them():
    handout = kit.handout_markdown([kit.Part("index.md", "# Module\n\nIntro."), kit.Part("case.md", CASE)],
                                   "Handout", "All pages.")
    assert "Model answer" not in handout and "abstract" not in handout
    assert "## Trainer notes" not in handout
    assert "## After the notes\n\nStill for trainees." in handout
    assert handout.startswith("---\nsearch:\n  exclude: true\nhandout: true\n---\n# Handout: Module")
    assert handout.count('class="kb-page-break"') == 1


def test_trainer_pack_holds_plan_case_with_notes_open_answer_key_speaker_notes_and_cards():
    pack = kit.trainer_pack_markdown("Module", "# Workshop plan\n\n90 minutes.", CASE, "# Self-test\n\n/// selftest",
                                     DECK, 4, TEXT)
    assert '<div class="kb-trainer-pack"></div>' in pack and "trainer_pack: true" in pack
    assert "# Workshop plan" in pack
    assert '???+ abstract "Trainer notes"\n    Model answer' in pack
    assert "# Answer key\n\n## Self-test" in pack
    assert "## First slide\n\n/// notes\nSay this first.\n///" in pack
    assert "- a point" not in pack and "not a slide" not in pack and "/// question" not in pack
    assert pack.count('class="kb-voting-card"') == 4 and ">D</span>" in pack and ">E</span>" not in pack


def test_speaker_notes_keep_every_slide_heading_in_order():
    assert kit.speaker_notes(DECK).splitlines()[0::1][:1] == ["## First slide"]
    assert "## Question" in kit.speaker_notes(DECK)


# ------------------------------------------------------------------------------------------ from the pages' HTML

CASE_HTML = """<h1 id="case-mira">Case: Mira</h1>
<p>Mira is 34.</p>
<h2 id="questions">Questions</h2>
<ol><li>What helps Mira?</li></ol>
<h2 id="trainer-notes">Trainer notes</h2>
<details class="abstract">
<summary>Trainer notes</summary>
<p>Model answer: her own words.</p>
<details class="note"><summary>Nested</summary><p>Also for the trainer.</p></details>
<p>After the nested block.</p>
</details>
<h2 id="after-the-notes">After the notes</h2>
<p>Still for trainees.</p>
<details class="tip"><summary>A tip for trainees</summary><p>Kept.</p></details>"""


def test_html_without_trainer_notes_takes_out_the_block_nested_ones_and_the_heading_left_empty():
    handout = kit.html_without_trainer_notes(CASE_HTML)
    assert "Model answer" not in handout and "Also for the trainer" not in handout
    assert "After the nested block" not in handout and 'id="trainer-notes"' not in handout
    assert '<h2 id="after-the-notes">After the notes</h2>\n<p>Still for trainees.</p>' in handout
    assert "A tip for trainees" in handout and '<h2 id="questions">' in handout


def test_html_with_trainer_notes_open_and_the_self_test_title_demoted():
    assert '<details class="abstract" open="open">\n<summary>Trainer notes' in kit.html_with_trainer_notes_open(CASE_HTML)
    assert kit.html_demoted('<h1 id="t">Test <em>it</em></h1><h1 id="u">U</h1>') == \
        '<h2 id="t">Test <em>it</em></h2><h1 id="u">U</h1>'


def test_ids_the_page_has_already_are_renamed_with_what_refers_to_them_in_the_part():
    used = {"questions", "fn:1", "questions_1"}
    part = ('<h2 id="questions">Q<a class="headerlink" href="#questions">¶</a></h2>'
            '<p id="intro" aria-describedby="fn:1 intro">x<sup id="fnref:1"><a href="#fn:1">1</a></sup></p>'
            '<label for="fn:1">l</label><a href="../questions/#questions">elsewhere</a><li id="fn:1">note</li>')
    unique = kit.with_unique_ids(part, used)
    assert '<h2 id="questions_2">Q<a class="headerlink" href="#questions_2">' in unique
    assert 'aria-describedby="fn:1_1 intro"' in unique and '<a href="#fn:1_1">1</a>' in unique
    assert '<label for="fn:1_1">' in unique and '<li id="fn:1_1">' in unique and 'id="intro"' in unique
    assert 'href="../questions/#questions"' in unique  # another page's anchor is left alone
    assert {"questions_2", "fn:1_1", "intro", "fnref:1"} <= used


def test_fill_parts_puts_each_page_in_its_place_changed_for_the_handout_or_the_pack():
    selftest = '<h1 id="self-test">Self-test</h1><div class="kb-selftest" id="selftest-demo"></div>'
    handout = kit.handout_markdown([kit.Part("index.md", "# Module\n\nIntro."), kit.Part("case.md", CASE),
                                    kit.Part("self-test.md", "# Self-test")], "Handout", "Print it.",
                                   placeholders=True)
    assert "Intro." in handout and "Mira" not in handout  # the module page stays Markdown; the others wait
    assert kit.part_placeholder("case.md") in handout and kit.part_placeholder("self-test.md") in handout
    page = ('<h1 id="module">Module</h1><p>Intro.</p>' + kit.part_placeholder("case.md")
            + kit.part_placeholder("self-test.md"))
    filled = kit.fill_parts(page, {"case.md": CASE_HTML, "self-test.md": selftest}, trainer_pack=False)
    assert "Model answer" not in filled and "Still for trainees." in filled and selftest in filled
    assert "data-kb-part" not in filled
    pack = kit.fill_parts(kit.part_placeholder("case.md") + kit.part_placeholder("self-test.md"),
                          {"case.md": CASE_HTML, "self-test.md": selftest}, trainer_pack=True)
    assert '<details class="abstract" open="open">' in pack and '<h2 id="self-test">Self-test</h2>' in pack


def test_trainer_pack_with_placeholders_keeps_its_own_headings():
    pack = kit.trainer_pack_markdown("Module", "# Plan", CASE, "# Self-test", DECK, 2, TEXT, placeholders=True)
    assert "# Answer key\n\n" + kit.part_placeholder("self-test.md") in pack
    assert "# Speaker notes: Deck\n\n" + kit.part_placeholder("deck.md") in pack
    assert kit.part_placeholder("workshop.md") in pack and kit.part_placeholder("case.md") in pack
    assert "Say this first." not in pack and "Mira" not in pack and 'class="kb-voting-card"' in pack


def test_speaker_notes_from_the_decks_html_are_its_slide_headings_and_notes_only():
    deck = ('<h1 id="deck">Deck</h1><h2 id="first-slide">First slide<a class="headerlink" href="#first-slide">¶</a>'
            '</h2><ul><li>a point</li></ul><aside class="kb-notes" data-kb-notes="">\n<p>Say <em>this</em> first.</p>'
            '\n</aside><h2 id="question">Question</h2><div class="kb-selftest kb-deck-question">…</div>')
    assert kit.html_speaker_notes(deck) == (
        '<h2 id="first-slide">First slide<a class="headerlink" href="#first-slide">¶</a></h2>\n'
        '<aside class="kb-notes" data-kb-notes="">\n<p>Say <em>this</em> first.</p>\n</aside>\n'
        '<h2 id="question">Question</h2>')


def test_the_filled_kit_page_gets_a_table_of_contents_of_every_heading():
    html = ('<h1 id="pack">Pack<a class="headerlink" href="#pack">¶</a></h1><h1 id="plan">Plan</h1>'
            '<h2 id="steps">Steps <em>now</em></h2><h3 id="one">One</h3><h2 id="after">After</h2><h2>No id</h2>')
    found = kit.headings(html)
    assert found == [(1, "pack", "Pack"), (1, "plan", "Plan"), (2, "steps", "Steps <em>now</em>"), (3, "one", "One"),
                     (2, "after", "After")]
    page = SimpleNamespace(toc=None)
    engine.set_table_of_contents(page, found)  # type: ignore[arg-type]
    assert [item.title for item in page.toc] == ["Pack", "Plan"]
    plan = list(page.toc)[1]
    assert [child.title for child in plan.children] == ["Steps now", "After"]  # text, as Python-Markdown's toc
    assert plan.children[0].children[0].url == "#one"
    # A kit page: Material lists the first h1's entries only, so the parts' own h1s go under the kit's title.
    engine.set_table_of_contents(page, found, under_title=True)  # type: ignore[arg-type]
    assert [item.title for item in page.toc] == ["Pack"]
    assert [child.title for child in list(page.toc)[0].children] == ["Plan"]
    assert [child.title for child in list(page.toc)[0].children[0].children] == ["Steps now", "After"]
