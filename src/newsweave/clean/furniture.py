"""Page furniture: lines that belong to the web page, not to the story.

Scraped articles carry "Also Read | ..." teasers, advertisement markers, share and
newsletter prompts, photo credits and copyright footers.  Each is recognised by a
whole-line pattern, so a sentence of the story that merely mentions "read more" is
never touched.  Teasers that name another story are kept as related headlines.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

import regex

from newsweave.clean.normalize import fold_typography

# fold_typography turns "»" into '"', so a quote mark between spaces is a separator too.
_SEP = r"(?:\s*(?:\||:|-|»|>|\u2022|\?)\s*|\s+\"\s+)"
_SEPARATOR = re.compile(r"[|:\->»\u2022?]")
_FOLDED_GUILLEMET = ' " '

# Labels that introduce other stories, in the languages newsweave meets most.
_TEASER_LABELS = (
    # English
    r"also read|read also|also see|see also|read more|more from|more on this|related|related stories|"
    r"related articles|related news|related coverage|recommended|recommended stories|must read|"
    r"don'?t miss|trending|top stories|you may also like|you might also like|read next|up next|next|"
    r"previous|watch|watch video|listen|also watch|check out|"
    r"(?:next|previous) (?:article|post|story)|more (?:stories|articles) (?:from|on|about) [\w .'-]{1,40}|"
    # German
    r"lesen sie auch|lesen sie mehr|lesen sie hier|lesen sie dazu(?: auch)?|lies auch|"
    r"lesen sie auch (?:die|diese|den|folgende) (?:folgenden )?(?:beiträge|artikel|beitrag|texte)|"
    r"auch interessant|ebenfalls interessant|auch lesen|"
    r"mehr zum thema(?: (?:auf|bei|von) [\w.-]{2,40})?|mehr dazu|"
    r"(?:nächster|vorheriger) (?:artikel|beitrag)|vorschau auf den nächsten (?:artikel|beitrag)|"
    r"zum thema|siehe auch|passend dazu|schon gelesen|zum weiterlesen|"
    r"weiterlesen|empfohlene (?:artikel|beiträge)|"
    r"weitere (?:aktuelle )?(?:artikel|beiträge|themen|nachrichten|news|meldungen)"
    r"(?: (?:zum|zu diesem) thema| (?:aus|in) (?:der|dem|diesem|dieser|unserer?) [\w-]{2,30})?|"
    r"mehr themen|top-themen(?: (?:auf|bei|von) [\w .-]{2,40})?|verwandte (?:artikel|themen|beiträge)|"
    r"auch (?:auf|bei) [\w-]{2,40}\.[a-z]{2,6}|"
    r"(?:das|dies|diese[rs]?)(?: thema| themen| artikel| beiträge)? (?:könnte|könnten) (?:sie|dich|euch) "
    r"(?:auch )?interessieren|"
    # Spanish, Portuguese, French, Italian, Dutch, Polish
    r"lea también|lea más|(?-i:LEA|MIRA|MIRE|VEA)|lee también|lee más|vea también|ver también|"
    r"(?:le|te) puede interesar|puede interesarte|puedes ver|noticias relacionadas|notas relacionadas|"
    r"contenido relacionado|leia também|leia mais|veja também|saiba mais|à lire aussi|a lire aussi|"
    r"lire aussi|voir aussi|à voir aussi|sur le même sujet|leggi anche|potrebbe interessarti|"
    r"más sobre [^.,;:]{1,40}|"
    r"lees ook|lees meer|czytaj (?:też|także|więcej|również)|przeczytaj (?:też|także|również)|"
    r"zobacz (?:też|także|również)|dowiedz się więcej"
)

# Lines that introduce another story's headline: "Also Read | Headline".
_TEASER = re.compile(
    r"^(?:" + _TEASER_LABELS + r")" + _SEP + r"(?P<headline>\S.{2,300})$",
    re.IGNORECASE,
)

# News agencies and picture services, as named in photo credits.
_AGENCIES = (
    r"ap|afp|reuters|dpa|epa|efe|ansa|apa|pap|kna|epd|sda|ians|pti|xinhua|keystone|imago|"
    r"getty(?: images)?|shutterstock|istock(?:photo)?|picture[- ]alliance|ullstein|colourbox|"
    r"agencja gazeta|bestimage|abaca|sipa|zuma"
)
_CREDIT_WORDS = (
    r"fotos?|bild(?:er)?|photos?|image|images|picture|credits?|crédits? photos?|photo credit|"
    r"titelbild|beitragsbild|bildquelle|quelle|source|fuente|foto de|imagen|grafik|illustration|video"
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
    r"(?:getty images|shutterstock|ap photo|afp photo|reuters photo)\b.{0,100}",
    r"(?:copyright|\(c\)|©)\s*[\s:].{0,200}",
    r"(?:share|tweet|email|print|comment|comments|save|savesave|(?:save)+)",
    r"share (?:this|on|via)\b.{0,80}",
    r"read or share this story:?.{0,120}",
    r"(?:follow|like) (?:us|him|her|them|the author)\s+on\b.{0,120}",
    r"(?:join|follow) (?:our|us on)\b.{0,60}(?:channel|whatsapp|telegram|twitter|"
    r"facebook|instagram|linkedin|youtube|google news).{0,60}",
    r"sign up for .{0,120}",
    r"(?:subscribe|subscribe now|subscribe today)\b.{0,100}",
    r"keep up with this story and more\b.{0,80}",
    r"thanks? (?:you )?for (?:subscribing|signing up|reading)\b.{0,80}",
    r"get (?:the latest|our|breaking)\b.{0,80}\b(?:delivered|inbox|alerts|app)\b.{0,60}",
    r"download (?:the|our)\b.{0,40}\bapp\b.{0,80}",
    r"(?:we pay for|send us) (?:your )?(?:videos|photos|stories)\b.{0,80}",
    r"(?:for more|more) [\w ]{1,40} coverage\s*:.{0,200}",
    r"information from\s*:.{1,200}",
    r"\(?(?:additional )?reporting by\b.{0,200}",
    r"\(?(?:writing|editing|compiled) by\b.{0,200}",
    r"(?:this|the) (?:article|story) (?:was|has been) (?:originally )?"
    r"(?:published|updated)\b.{0,160}",
    r"(?:first published|last updated|published|updated)\s*(?:on|:)\s*.{0,80}",
    r"\(?only the headline and picture of this report may have been reworked\b.{0,300}",
    r"catch all the\b.{0,200}",
    # German and other languages: teaser labels standing alone, ads, prompts, credits.
    r"(?:" + _TEASER_LABELS + r")\s*[:?]?",
    r"\*?(?:anzeige|werbung|advertorial|publicidad|publicité|pubblicità|reklama)(?:\s*[-|:.,*]\s*.{0,200})?",
    r"(?:" + _CREDIT_WORDS + r")\s*:\s*[^.!?]{0,100}",
    r"\((?:" + _CREDIT_WORDS + r")\s*:\s*[^()]{1,120}\)",
    r"(?:beitragsbild|titelbild|image illustrative|bild anzeigen|bild vergrößern|zur bildergalerie)",
    r"(?:" + _AGENCIES + r")(?:\s*/(?>\s*[\w.'\- ]{1,40}))*",
    r"(?:follow|like) .{1,60}\b(?:on|at) (?:twitter|x|facebook|instagram|linkedin|threads|tiktok|"
    r"youtube|telegram|whatsapp|google news)\b.{0,120}",
    r"(?:síguenos|siguenos|sigue a|suivez[- ]nous|seguici|folgen sie uns|folge uns|folgt uns|"
    r"obserwuj nas)\b.{0,160}",
    r"(?:zum|für den) newsletter\b.{0,80}",
    r"(?:never|don'?t) miss\b.{0,160}",
    r"sign up (?:to|now|here|today)\b.{0,160}",
    r"for (?:the )?latest\b.{0,120}\b(?:download|follow|subscribe|sign up)\b.{0,120}",
    r"get (?:the|our) .{0,80}\b(?:by email|newsletter|in your inbox|app)\b.{0,120}",
    r"(?:to (?:view|read|continue reading) the (?:full|rest of the) (?:story|article)|"
    r"pour lire la suite|pour accéder en illimité|um (?:den|diesen) (?:artikel|beitrag) (?:weiter|"
    r"vollständig) zu lesen|jetzt abonnieren|already a subscriber|if you'?re (?:already )?a subscriber)"
    r"\b.{0,200}",
    r"(?:teilen|teilen mit|artikel teilen|beitrag teilen|seite teilen|compartir|partager|condividi|"
    r"udostępnij|bewerten|drucken|merken|share this|share article|share this article)\s*:?",
    r"(?:keine|no|\d+) (?:kommentare?|comments?)(?:\s*\([^()]{1,120}\))?|view comments|kommentare|"
    r"wird geladen|loading\.*",
    r"leave a (?:comment|reply)\b.{0,160}",
    r"(?:let us know|tell us|share your (?:thoughts|views|opinion)|verraten sie|schreiben sie|sagen sie|"
    r"teilen sie|verratet|schreibt)\b.{0,80}\b(?:in (?:the|a) comments?|in den kommentaren|"
    r"in der kommentarspalte|in einem kommentar)\b.{0,160}",
    r"(?:you must be|you need to be|sie müssen|du musst|ihr müsst) "
    r"(?:logged in|signed in|eingeloggt|angemeldet)\b.{0,160}",
    r"(?:sie sind|du bist|you are) (?:aktuell |derzeit |currently )?(?:nicht|not) (?:eingeloggt|angemeldet|"
    r"logged in|signed in)\b.{0,80}",
    r"(?:submit|send|write) (?:a|your) letters? to the editor\b.{0,200}",
    r"we (?:want|would like|'d like) to hear (?:what you think|from you)\b.{0,200}",
    r"(?:this|the) (?:post|article|page|story) (?:contains|may contain|includes) (?:affiliate links|"
    r"references to products|sponsored content)\b.{0,250}",
    r"(?:if you (?:enjoyed|liked|value|appreciate)|would you consider) .{0,100}\b(?:support|donat|subscri|"
    r"contribut)\w*\b.{0,200}",
    r"(?:tags?|schlagwörter|schlagworte|themen|kategorie|category|filed under|temas|etiquetas)\s*:.{0,160}",
    r"filed under\b.{0,160}",
    r"(?:this|the) (?:article|story|content) is (?:the )?copyrighted\b.{0,200}",
    r"materiał chroniony prawem autorskim\b.{0,200}",
    r"(?:aktualisiert|veröffentlicht|erstellt|letzte änderung|zuletzt aktualisiert|stand)"
    r"(?: am)?\s*:?\s*(?:\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}.{0,30})?",
    r"\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}(?:,?\s*\d{1,2}[:.]\d{2}(?:\s*uhr)?)?",
    r"\d{1,2}:\d{2}(?:\s*(?:am|pm|uhr|h))?",
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"\s+\d{1,2}(?:,\s*\d{4})?",
    r"[_\-=*~•·]{3,}",
    # a whole line in brackets: a link teaser ("[How a wife's suspicions ...]") or an editor's aside
    r"\[[^\[\]]{3,300}\]",
    r"interested in [^?]{1,60}\? add\b.{1,200}",
    r"[*#]\s*[*#]\s*[*#]",
]

# Patterns that may start anywhere in the line: tried only when the line holds
# one of their hint words (lower case), as a leading ".{0,N}" is slow to try.
_CREDIT_HINTS = ("foto", "bild", "photo", "credit", "image")
_ANYWHERE_PATTERNS = [
    # a newsletter sign-up form flattened into one line
    (
        ("invalid email", "for subscribing"),
        r"(?=.*\bsubscri).{0,200}\b(?:invalid email|thanks? (?:you )?for subscribing)\b.{0,200}",
    ),
    # photo credits naming an agency after a slash: "Jae C. Hong/AP", "dpa / Jane Doe / AFP"
    (
        ("/",),
        r"[\w.\- ]{2,60}/(?:ap|afp|reuters|getty images?|shutterstock|epa|ians|pti)"
        r"(?: photo| images?| file)?",
    ),
    # Each name (with the spaces around it) is an atomic group: when a name's spaces could
    # go to the name or to a "\s*" beside the slash, trying every way to share them took
    # seconds for a dozen slashes.  Same lines matched as by the plain pattern.
    (
        ("/",),
        r"(?>[\w.'\- ]{1,40}\s*)/(?:(?>\s*[\w.'\- ]{1,40}\s*)/)*\s*(?:" + _AGENCIES + r")"
        r"(?:\s*/(?>\s*[\w.'\- ]{1,40}))*",
    ),
    # a caption ending in its copyright credit: "Ski star Marco Odermatt. © AFP / Jane Doe"
    (("©",), r"(?=.*[^.!?\s]$).{10,250}\s©\s*[^.!?©]{2,80}"),
    # affiliate-link disclosures: "Bei den Verlinkungen handelt es sich um Affiliate Links"
    (
        ("affiliate",),
        r".{0,120}\b(?:contains?|are|includes?|handelt es sich um|sind|enthält|enthalten) (?:sogenannte )?"
        r"affiliate[- ]links\b.{0,200}",
    ),
    (("contributed to this",), r"(?:the )?[\w.&' ]{2,60} contributed to this (?:report|story|article)\.?"),
    (("rights reserved",), r".{0,120}\ball rights reserved\b.{0,200}"),
    (("newsletter",), r".{0,80}\b(?:sign up|subscribe)\b.{0,40}\bnewsletters?\b.{0,120}"),
    (("newsletter",), r".{0,60}\bnewsletters?\b.{0,60}\b(?:sign up|subscribe|inbox)\b.{0,80}"),
    # a caption ending in its credit ("... Foto: Jane Doe"); a sentence ends in punctuation instead
    (
        _CREDIT_HINTS,
        r"(?=.*[^.!?\s]$).{10,250}\s(?-i:Foto|Fotos|Bild|Photo|Photos|Credit|Image|FOTO|PHOTO)"
        r"\s*:\s*[^.!?:]{2,60}",
    ),
    (
        ("newsletter",),
        r".{0,80}\b(?:our|unser(?:en|em)?|nuestro|notre|nasz)\s+(?:free |kostenlosen )?"
        r"newsletters?\b.{0,200}",
    ),
    (
        ("newsletter",),
        r".{0,80}\bnewsletters?\b.{0,60}\b(?:abonnieren|anmelden|bestellen|suscríbete|inscríbete|"
        r"inscrivez|abonnez)\b.{0,80}",
    ),
    (
        (
            "rechte vorbehalten", "derechos reservados", "droits réservés", "prawa zastrzeżone",
            "diritti riservati",
        ),
        r".{0,120}\b(?:alle rechte vorbehalten|todos los derechos reservados|tous droits réservés|"
        r"wszelkie prawa zastrzeżone|tutti i diritti riservati)\b.{0,200}",
    ),
]


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"^(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*[.!]?$", re.IGNORECASE)


_ANYWHERE = [(hints, _whole_line([pattern])) for hints, pattern in _ANYWHERE_PATTERNS]
# For each pattern, a matcher that tells which line openings can begin a match
# (the regex module's partial matching).  A line is then tried only against the
# patterns its first word allows: a few instead of all of them.
_OPENERS = [(pattern, regex.compile(f"(?:{pattern})", regex.IGNORECASE)) for pattern in _FURNITURE_PATTERNS]
_HINTS = tuple(sorted({hint for hints, _ in _ANYWHERE_PATTERNS for hint in hints}))
_MAX_OPENING = 24


@lru_cache(maxsize=4096)
def _openers_for(first: str) -> tuple[tuple[str, regex.Pattern[str]], ...]:
    """The patterns that can start with the character ``first``: a first, cheap cut."""
    return tuple((pattern, opener) for pattern, opener in _OPENERS if opener.match(first, partial=True))


@lru_cache(maxsize=65_536)
def _furniture_for(opening: str) -> re.Pattern[str] | None:
    """The combined whole-line pattern of every pattern that can start with ``opening``."""
    fitting = tuple(
        pattern for pattern, opener in _openers_for(opening[:1]) if opener.match(opening, partial=True)
    )
    return _combined(fitting) if fitting else None


@lru_cache(maxsize=1024)
def _combined(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return _whole_line(list(patterns))


def _opening(folded: str) -> str:
    """The line's first word with the character after it, lower case."""
    end = folded.find(" ", 0, _MAX_OPENING)
    return folded[: end + 1 if end >= 0 else _MAX_OPENING].lower()


def _matches_leading(folded: str) -> bool:
    whole = _furniture_for(_opening(folded))
    return whole is not None and whole.match(folded) is not None


def _matches_anywhere(folded: str) -> bool:
    lowered = folded.lower()
    return any(
        any(hint in lowered for hint in hints) and pattern.match(folded) for hints, pattern in _ANYWHERE
    )


@dataclass(frozen=True)
class Verdict:
    """Why a line was judged furniture; ``headline`` when it teases another story."""

    is_furniture: bool
    headline: str | None = None


_KEEP = Verdict(False)
_DROP = Verdict(True)
MAX_FURNITURE_CHARS = 320


def judge_line(line: str) -> Verdict:
    """Say whether a whole line is page furniture.

    Long lines are story text even when they start like a prompt, so only lines
    of at most ``MAX_FURNITURE_CHARS`` characters are tested.
    """
    return judge_lines([line])[0]


def judge_lines(lines: list[str]) -> list[Verdict]:
    """``judge_line`` for every line of an article, in one pass over its text.

    The hint words of the slow "anywhere" patterns are searched once in the
    whole text, so only the few lines holding one are tried against them.
    """
    hinted = _hinted_lines(lines)
    return [_judge(line, index in hinted) for index, line in enumerate(lines)]


def _hinted_lines(lines: list[str]) -> set[int]:
    text = "\n".join(lines).lower()
    hits = [position for hint in _HINTS for position in _find_all(text, hint)]
    if not hits:
        return set()
    starts, offset = [], 0
    for line in lines:
        starts.append(offset)
        offset += len(line) + 1
    return {bisect_right(starts, hit) - 1 for hit in hits}


def _find_all(text: str, word: str) -> list[int]:
    """Every offset of ``word`` in ``text``; str.find beats a regex alternation here."""
    found, position = [], text.find(word)
    while position >= 0:
        found.append(position)
        position = text.find(word, position + 1)
    return found


def _judge(line: str, hinted: bool) -> Verdict:
    if len(line) > MAX_FURNITURE_CHARS:
        return _KEEP
    folded = (line if line.isascii() else fold_typography(line)).strip()
    separated = _SEPARATOR.search(folded, 0, 80) or _FOLDED_GUILLEMET in folded[:80]
    teaser = _TEASER.match(folded) if separated else None
    if teaser and not _reads_like_story_sentence(teaser.group("headline")):
        return Verdict(True, line[teaser.start("headline"):].strip() or None)
    if _matches_leading(folded) or (hinted and _matches_anywhere(folded)):
        return _DROP
    return _KEEP


def _reads_like_story_sentence(text: str) -> bool:
    """A teaser's headline rarely ends a long sentence with a full stop.

    "Related: 34 things to know" is a teaser; "Watch: the senator said the bill,
    which passed on Monday, would ..." ending in a period over 25 words is story.
    """
    return len(text.split()) > 25 and text.rstrip().endswith(".")
