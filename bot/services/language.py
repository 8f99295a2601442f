"""Reading text on the machine: VADER sentiment, sentences, quoted words, English or not.

Shared by /kindly (`bot.services.feedback`) and Read the room (`bot.services.room`). Nothing
here calls a network service: VADER is a word list with rules, shipped in `vaderSentiment`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

# VADER rates these as warm words, but in feedback they are fillers that carry no warmth
# ("Honestly, you're careless" is not kinder for the "honestly"). They count as neutral.
NEUTRAL_FILLERS = ("honestly", "frankly", "clearly", "sure", "like", "well", "obviously")

# Straight and curly double quotes, single quotes around words ('like this', not the apostrophe
# of "don't") and code spans (`is_lazy`, ```blocks```) mark someone else's words or a name.
_QUOTED = re.compile(
    r"```.*?```|`[^`\n]*`|\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<![\w'])'(?=\S)(?:[^'\n]|(?<=\w)'(?=\w)){1,80}?(?<=\S)'(?![\w'])",
    re.DOTALL,
)
# Apostrophes and quotes folded to ASCII, one character for one, so offsets stay valid.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "`": "'"})
# A sentence ends at . ! ? … or a line break, or at an emoji followed by a capital letter
# ("Nice work 🙄 You need to...": people end sentences with emoji instead of a full stop).
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])[\"')\]]*\s+|\n+|(?:(?<=[\U0001F300-\U0001FAFF\u2600-\u27BF])|(?<=\w:))\s+(?=[A-Z])"
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_SLACK_ENTITY = re.compile(r"<([@#!][^>|]*)(?:\|([^>]*))?>|<(https?://[^>|]*)(?:\|([^>]*))?>")
_SHORTCODE = re.compile(r":([a-z0-9_+\-]+):")

# Common English words: an English sentence of a few words almost always holds some of them.
_COMMON_ENGLISH_WORDS = """
    a about after all also am an and any are as at be because been before being but by can
    could did didn't do does doesn't don't for from had has have haven't he her here him his how
    i i'd i'll i'm i've if in into is isn't it it's its just let me more most my no not now of
    on once one only or our out over please really she should so some than thank thanks that
    the their them then there these they this those to too up us very was wasn't we we're were
    what when where which while who why will with won't would you you're your yours yesterday
    today again great good work team time
"""
_ENGLISH_COMMON = frozenset(_COMMON_ENGLISH_WORDS.split())
ENGLISH_MIN_SHARE = 0.15  # at least this share of the words must be common English words
ENGLISH_MIN_WORDS = 4  # below this, too little to tell: treat as English
LATIN_MIN_SHARE = 0.5  # below this share of Latin letters (Japanese, Cyrillic...) not English


@dataclass(frozen=True)
class Sentence:
    """A sentence of a text, with where it starts in that text."""

    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@cache
def _analyzer() -> SentimentIntensityAnalyzer:
    analyzer = SentimentIntensityAnalyzer()
    for word in NEUTRAL_FILLERS:
        analyzer.lexicon.pop(word, None)
    return analyzer


# Praise idioms VADER reads by their violent words: "you killed it", "crushed the interview".
_PRAISE_IDIOM = re.compile(
    r"\b(?:killed|killing|crushed|crushing|smashed|smashing|nailed|slayed|rocked)\s+it\b|"
    r"\b(?:crushed|smashed|nailed|rocked)\s+(?:the|that|this|your)\b|\bkilling\s+me\s+with\b|"
    r"\b(?:was|is|are|were|so|looks?)\s+(?:insane|sick|unreal|nuts|fire|wild)\b",
    re.IGNORECASE,
)


def sentiment(text: str) -> float:
    """VADER's compound score of `text`, from -1 (most negative) to +1 (most positive)."""
    if not text.strip():
        return 0.0
    text = _PRAISE_IDIOM.sub("did great", text)
    return float(_analyzer().polarity_scores(text)["compound"])


def fold(text: str) -> str:
    """`text` with curly quotes and apostrophes made straight, same length, same offsets."""
    return text.translate(_FOLD)


# Contractions typed without their apostrophe in quick chat ("dont", "youre"), with where the
# apostrophe goes. "its", "lets", "wont", "ill", "were", "well" and "id" are real words too.
_NT = """dont doesnt didnt cant isnt arent wasnt werent havent hasnt hadnt shouldnt wouldnt
    couldnt mustnt neednt aint"""
_BARE_CONTRACTIONS: dict[str, int] = {w: len(w) - 1 for w in _NT.split()} | {
    "im": 1,
    "ive": 1,
    "youre": 3,
    "youve": 3,
    "youll": 3,
    "youd": 3,
    "theyre": 4,
    "theyve": 4,
    "theyll": 4,
    "weve": 2,
    "thats": 4,
    "whats": 4,
    "theres": 5,
    "whos": 3,
    "hes": 2,
    "shes": 3,
}
_BARE_WORD = re.compile(r"\b[A-Za-z]{2,8}\b")


def expand_contractions(text: str) -> tuple[str, list[int]]:
    """`text` with apostrophes put back into contractions typed without them ("dont" ->
    "don't"), and for every character of the result the offset in `text` it stands for (an
    inserted apostrophe, the character after it; one more entry for the end), so that words
    found in the result can be quoted exactly as they were typed.
    """
    out: list[str] = []
    back: list[int] = []
    last = 0
    for match in _BARE_WORD.finditer(text):
        at = _BARE_CONTRACTIONS.get(match.group(0).lower())
        if at is None:
            continue
        cut = match.start() + at
        out.append(text[last:cut] + "'")
        back.extend([*range(last, cut), cut])
        last = cut
    out.append(text[last:])
    back.extend(range(last, len(text) + 1))
    return "".join(out), back


def original_spans(spans: list[tuple[int, int]], back: list[int]) -> list[tuple[int, int]]:
    """Spans found in `expand_contractions`' result, as offsets in the text it was given."""
    return [(back[start], back[end - 1] + 1) for start, end in spans if end > start]


def mask_quotes(text: str) -> tuple[str, int]:
    """`text` with quoted passages blanked (same length), and how many passages there were.

    Quoted words are someone else's: a draft that quotes "this is lazy" is not calling anyone
    lazy itself.
    """
    count = 0

    def blank(match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return " " * len(match.group(0))

    return _QUOTED.sub(blank, text), count


def sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences (on . ! ? … and line breaks), keeping their offsets."""
    found: list[Sentence] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        _add_sentence(found, text, start, match.start() + len(match.group(0).rstrip()))
        start = match.end()
    _add_sentence(found, text, start, len(text))
    return found


def _add_sentence(found: list[Sentence], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.lstrip()
    start += len(piece) - len(stripped)
    stripped = stripped.rstrip()
    if stripped:
        found.append(Sentence(start, stripped))


def words(text: str) -> list[str]:
    """The words of `text`, lower-cased (letters and inner apostrophes only)."""
    return [w.lower() for w in _WORD.findall(fold(text))]


def looks_english(text: str) -> bool:
    """Whether `text` reads as English, the only language the word lists understand.

    Short texts count as English (too little to tell); otherwise most letters must be Latin and
    enough words must be common English ones or in VADER's (English) lexicon.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    latin = sum(1 for c in letters if c.isascii())
    if latin / len(letters) < LATIN_MIN_SHARE:
        return False
    found = words(text)
    if len(found) < ENGLISH_MIN_WORDS:
        return True
    # VADER's lexicon counts too: "Wow, another missed standup. Impressive commitment." has no
    # common word, but "wow", "missed" and "impressive" are English all the same.
    lexicon = _analyzer().lexicon
    common = sum(1 for w in found if w in _ENGLISH_COMMON or w in lexicon)
    return common / len(found) >= ENGLISH_MIN_SHARE


def plain_text_of_slack(text: str) -> str:
    """Slack message markup made readable: mentions and links by their label, entities decoded.

    `:emoji:` shortcodes stay as they are (see `emoji_as_words`).
    """

    def entity(match: re.Match[str]) -> str:
        label = match.group(2) or match.group(4)
        if label:
            return label
        return "someone" if (match.group(1) or "").startswith("@") else ""

    text = _SLACK_ENTITY.sub(entity, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def emoji_as_words(text: str) -> str:
    """Slack's `:shortcodes:` as words, for VADER, which knows emoji characters and words only.

    `:tada:` becomes "tada" and `:slightly_smiling_face:` "slightly smiling face".
    """
    return _SHORTCODE.sub(lambda m: " " + m.group(1).replace("_", " ") + " ", text)
