"""The safety screen: does a text suggest someone may be at risk?

Every inbound text but STOP passes here before anything could read it as an
answer. The screen decides a tier (crisis, concern or none) and a category
(suicidal, passive, self_harm, plan, goodbye, harm_from_others, medical,
third_party, other), and
keeps the words that matched so staff can see why.

How a decision is made, in order (each step is data in `words/<lang>.yaml`):
1. `normalise.py` turns the text into plain tokens per language: case,
   accents, punctuation, digits and symbols used as letters, letters repeated
   for emphasis, spaced-out letters, txt-speak, filler words, and words one
   edit away from a risk word; emoji of means ("💊", "🔪") become words.
2. `safe` phrases (idioms, hair and nail care, distances, helpers' work talk)
   are blanked out, only where they stand: a second, real risk phrase in the
   same text is still seen.
3. `risk` rules (phrases with slots, see `patterns.py`) are matched; a match
   right after a negation ("i would never ...") or in a clause that is past
   ("i used to ...") is set aside; laughter ("lol", "jaja") in the match's
   sentence (or alone in the next) without "for real", work talk or a past
   marker further off lower a match about oneself to concern and set aside
   the rest ("gonna kill my brother lol"); so do a wish told in the past
   tense ("wanted to die last year") and a condition with a laugh ("si
   pierde el america me tiro al rio jaja"). Nothing of this takes a match
   about oneself to none.
4. A match about oneself inside a third_party one ("my friend says she wants
   to die") is about that other person. The highest tier wins.
5. A learned second opinion (`second_opinion.py`) may raise that tier (none
   to concern, or to crisis where it is very sure), never lower it, and says
   so for staff ("model p=0.93"). `evaluate.py` measures all of it on the
   labelled sets (`flask --app service safety eval`); `train.py` rebuilds the
   model from them (`flask --app service safety train`).
"""

from .screen import CONCERN, CRISIS, NONE, Decision, Match, screen

__all__ = ["CONCERN", "CRISIS", "NONE", "Decision", "Match", "screen"]
