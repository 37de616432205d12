"""The trainee handout and trainer pack as Markdown (kb/workshop_kit.py): what goes in which."""

from __future__ import annotations

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
    assert "## Answer key\n\n### Self-test" in pack
    assert "### First slide\n\n/// notes\nSay this first.\n///" in pack
    assert "- a point" not in pack and "not a slide" not in pack and "/// question" not in pack
    assert pack.count('class="kb-voting-card"') == 4 and ">D</span>" in pack and ">E</span>" not in pack


def test_speaker_notes_keep_every_slide_heading_in_order():
    assert kit.speaker_notes(DECK).splitlines()[0::1][:1] == ["### First slide"]
    assert "### Question" in kit.speaker_notes(DECK)
