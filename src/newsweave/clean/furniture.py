"""Page furniture: lines that belong to the web page, not to the story.

Scraped articles carry "Also Read | ..." teasers, advertisement markers, share and
newsletter prompts, photo credits and copyright footers.  Each is recognised by a
whole-line pattern, so a sentence of the story that merely mentions "read more" is
never touched.  Teasers that name another story are kept as related headlines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.clean.normalize import fold_typography

_SEP = r"\s*(?:\||:|-|»|>|\u2022)\s*"

# Lines that introduce another story's headline: "Also Read | Headline".
_TEASER = re.compile(
    r"^(?:also read|read also|also see|see also|read more|more from|more on this|"
    r"related|related stories|related articles|related news|related coverage|"
    r"recommended|recommended stories|must read|don'?t miss|trending|top stories|"
    r"you may also like|you might also like|read next|up next|next|previous|"
    r"watch|watch video|listen|also watch|check out)"
    + _SEP
    + r"(?P<headline>\S.{2,300})$",
    re.IGNORECASE,
)

# Lines that are furniture as a whole.  Anchored at both ends.
_FURNITURE_PATTERNS = [
    r"advertisements?",
    r"advertisement\s*-?\s*(?:continue|story continues) reading(?: below| the main story)?",
    r"(?:advertisement\s*)?(?:story )?continues? (?:reading )?below(?: advertisement)?",
    r"continue reading(?: the main story| below| the story)?",
    r"skip (?:advertisement|ad)",
    r"sponsored(?: content| links?| stories)?",
    r"ad(?:vertising)? feedback",
    r"read (?:more|full story|the full story|full article|the full article|next|this next)\.?:?",
    r"(?:click|tap) here\b.{0,120}",
    r"scroll (?:down )?(?:for|to continue|to read)\b.{0,60}",
    r"(?:photo|video|image|gallery|audio|graphic)s?",
    r"(?:photo|image|picture|video)s?\s*(?:credit|courtesy|source)?\s*:.{0,150}",
    r"\(?(?:photo|image|picture)s? (?:by|credit|courtesy of)\b.{0,120}",
    r"[\w.\- ]{2,60}/(?:ap|afp|reuters|getty images?|shutterstock|epa|ians|pti)"
    r"(?: photo| images?| file)?",
    r"(?:getty images|shutterstock|ap photo|afp photo|reuters photo)\b.{0,100}",
    r"(?:copyright|\(c\)|©)\s.{0,200}",
    r".{0,120}\ball rights reserved\b.{0,200}",
    r"(?:share|tweet|email|print|comment|comments|save|savesave|(?:save)+)",
    r"share (?:this|on|via)\b.{0,80}",
    r"read or share this story:?.{0,120}",
    r"(?:follow|like) (?:us|him|her|them|the author)\s+on\b.{0,120}",
    r"(?:join|follow) (?:our|us on)\b.{0,60}(?:channel|whatsapp|telegram|twitter|"
    r"facebook|instagram|linkedin|youtube|google news).{0,60}",
    r".{0,80}\b(?:sign up|subscribe)\b.{0,40}\bnewsletters?\b.{0,120}",
    r".{0,60}\bnewsletters?\b.{0,60}\b(?:sign up|subscribe|inbox)\b.{0,80}",
    r"sign up for .{0,120}",
    r"(?:subscribe|subscribe now|subscribe today)\b.{0,100}",
    r"keep up with this story and more\b.{0,80}",
    r"thanks? (?:you )?for (?:subscribing|signing up|reading)\b.{0,80}",
    r"get (?:the latest|our|breaking)\b.{0,80}\b(?:delivered|inbox|alerts|app)\b.{0,60}",
    r"download (?:the|our)\b.{0,40}\bapp\b.{0,80}",
    r"(?:we pay for|send us) (?:your )?(?:videos|photos|stories)\b.{0,80}",
    r"(?:for more|more) [\w ]{1,40} coverage\s*:.{0,200}",
    r"information from\s*:.{1,200}",
    r"(?:the )?[\w.&' ]{2,60} contributed to this (?:report|story|article)\.?",
    r"\(?(?:additional )?reporting by\b.{0,200}",
    r"\(?(?:writing|editing|compiled) by\b.{0,200}",
    r"(?:this|the) (?:article|story) (?:was|has been) (?:originally )?"
    r"(?:published|updated)\b.{0,160}",
    r"(?:first published|last updated|published|updated)\s*(?:on|:)\s*.{0,80}",
    r"\(?only the headline and picture of this report may have been reworked\b.{0,300}",
    r"catch all the\b.{0,200}",
    r"[_\-=*~•·]{3,}",
    r"[*#]\s*[*#]\s*[*#]",
]
_FURNITURE = re.compile(
    r"^(?:" + "|".join(f"(?:{pattern})" for pattern in _FURNITURE_PATTERNS) + r")\s*[.!]?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """Why a line was judged furniture; ``headline`` when it teases another story."""

    is_furniture: bool
    headline: str | None = None


_KEEP = Verdict(False)
_DROP = Verdict(True)


def judge_line(line: str) -> Verdict:
    """Say whether a whole line is page furniture.

    Long lines are story text even when they start like a prompt, so only lines
    of at most 320 characters are tested.
    """
    if len(line) > 320:
        return _KEEP
    folded = fold_typography(line).strip()
    teaser = _TEASER.match(folded)
    if teaser and not _reads_like_story_sentence(teaser.group("headline")):
        return Verdict(True, line[teaser.start("headline"):].strip() or None)
    if _FURNITURE.match(folded):
        return _DROP
    return _KEEP


def _reads_like_story_sentence(text: str) -> bool:
    """A teaser's headline rarely ends a long sentence with a full stop.

    "Related: 34 things to know" is a teaser; "Watch: the senator said the bill,
    which passed on Monday, would ..." ending in a period over 25 words is story.
    """
    return len(text.split()) > 25 and text.rstrip().endswith(".")
