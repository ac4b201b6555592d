"""The safety screen: does a text suggest someone may be at risk?

Every inbound text but STOP passes here before anything could read it as an
answer. The screen decides a tier (crisis, concern or none) and a category
(suicidal, passive, self_harm, plan, goodbye, harm_from_others, other), and
keeps the words that matched so staff can see why.

How a decision is made, in order (each step is data in `words/<lang>.yaml`):
1. `normalise.py` turns the text into plain tokens per language: case,
   accents, punctuation, digits and symbols used as letters, letters repeated
   for emphasis, spaced-out letters, txt-speak, filler words, and words one
   edit away from a risk word.
2. `safe` phrases (idioms, hair and nail care, distances, helpers' work talk)
   are blanked out, only where they stand: a second, real risk phrase in the
   same text is still seen.
3. `risk` rules (phrases with slots, see `patterns.py`) are matched; a match
   right after a negation ("i would never ..."), a past one ("i used to ..."),
   or a hyperbole in a text that laughs ("lol", "jaja") without "for real"
   is set aside.
4. The highest tier wins.
5. A learned second opinion (`second_opinion.py`) may raise that tier (none
   to concern, or to crisis where it is very sure), never lower it, and says
   so for staff ("model p=0.93"). `evaluate.py` measures all of it on the
   labelled sets (`flask --app service safety eval`); `train.py` rebuilds the
   model from them (`flask --app service safety train`).
"""

from .screen import CONCERN, CRISIS, NONE, Decision, Match, screen

__all__ = ["CONCERN", "CRISIS", "NONE", "Decision", "Match", "screen"]
