"""Coaching a feedback draft before it is given (/kindly). Runs on the machine, stores nothing.

`coach(draft)` finds what a thoughtful colleague would flag, quoting the exact words:

- ``absolute``: "always", "never", "every time"... turning moments into a verdict about a person;
  skipped in praise ("you never fail to help") and in clauses that read warm.
- ``label``: character judgements ("lazy", "careless", "incompetent", "a mess"), unless negated.
- ``you_opening``: a critical sentence that opens by pointing at the person ("You...", "Your...",
  "Why didn't you..."), after fillers such as "Honestly," or "No offence, but".
- ``sarcasm``: hedged insults ("no offence, but"), eye-rolls, sarcastic praise.
- ``command``: "you need to", "you must", "stop ..." with no reason in the sentence or the next.
- ``no_specifics``: no moment, occasion, example, number or quotation the person could recognise.

Tone is reported beside them, not flagged: VADER's compound score of the whole draft (quoted
words left out) with the thresholds below. VADER measures negative words, not unkindness (a kind
Situation-Behaviour-Impact draft about an outage scores negative because outages are), so tone
informs the person and never counts as an issue on its own.

Words inside quotation marks are someone else's and never count against the writer. Drafts that
are not English get no findings (the word lists are English), and say so.
It also builds a Situation-Behaviour-Impact rewrite from the draft's own words, and notes what
already works.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.services.language import (
    emoji_as_words,
    fold,
    looks_english,
    mask_quotes,
    sentences,
    sentiment,
)

MAX_DRAFT_CHARS = 3000  # Slack's limit for a modal text input; /kindly reads no more than this

# Tone of a draft from VADER's compound score (its authors, Hutto & Gilbert 2014, suggest
# +/-0.05 as the neutral band; at or below HARSH_TONE_MAX the words read strongly negative).
WARM_TONE_MIN = 0.05
NEGATIVE_TONE_MAX = -0.05
HARSH_TONE_MAX = -0.5
# A clause at or above this score reads warm: absolutes in it are praise ("you always help").
WARM_CLAUSE_MIN = 0.05
# A clause at or below this score is a verdict ("your attitude was terrible"), not a behaviour.
VERDICT_MAX = -0.4

ISSUE_KINDS = ("absolute", "label", "you_opening", "sarcasm", "command", "no_specifics")

# ---------------------------------------------------------------- word lists (English)

_ABSOLUTE = re.compile(
    r"\b(always|never|every\s+(?:single\s+)?time|every\s+single\s+\w+|constantly|continually|"
    r"all\s+the\s+time|not\s+once|each\s+and\s+every|without\s+fail|nothing\s+ever)\b",
    re.IGNORECASE,
)
# Absolutes in idioms of praise: "never fails to help", "never lets us down".
_PRAISE_AFTER_NEVER = (
    r"(?:fails?\s+to|failed\s+to|lets?\s+(?:\w+\s+)?down|hesitates?|complains?|"
    r"disappoints?|misses\s+a\s+beat|ceases?\s+to\s+amaze)\b"
)
_ABSOLUTE_PRAISE = re.compile(rf"^\s*{_PRAISE_AFTER_NEVER}", re.IGNORECASE)
_PRAISE_IDIOM = re.compile(rf"\bnever\s+{_PRAISE_AFTER_NEVER}", re.IGNORECASE)
# "I'd never have found it": the writer speaking of themselves, not generalising about anyone.
_FIRST_PERSON_BEFORE = re.compile(r"\b(?:i|i'd|i'll|i've|i'm|i\s+would|i\s+have)\s*$", re.I)
_LABELS = (
    r"lazy|laziness|lazier|careless(?:ly|ness)?|sloppy|sloppiness|incompetent|incompetence|"
    r"useless|stupid|stupidity|dumb|idiot|idiotic|rude|rudeness|selfish|arrogant|arrogance|"
    r"unprofessional|disrespectful|disorgani[sz]ed|irresponsible|hopeless|clueless|negligent|"
    r"unreliable|immature|pathetic|worthless|toxic|abrasive|bossy|inept|childish|ignorant|"
    r"insensitive|inconsiderate|condescending|passive[- ]aggressive|a\s+mess|a\s+joke|"
    r"a\s+disgrace|not\s+a\s+team\s+player|no\s+team\s+player|a\s+slacker|a\s+control\s+freak"
)
_LABEL = re.compile(rf"\b(?:{_LABELS})\b", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|never|no|hardly|isn't|wasn't|aren't|weren't|far\s+from|anything\s+but)"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:no\s+offen[cs]e|with\s+(?:all\s+)?due\s+respect|not\s+to\s+be\s+(?:rude|mean|harsh)|"
    r"don't\s+take\s+this\s+the\s+wrong\s+way|(?:i'm|i\s+am)\s+(?:just\s+)?saying|just\s+saying|"
    r"(?:i'm|i\s+am)\s+just\s+being\s+honest|i\s+don't\s+mean\s+to\s+be\s+(?:rude|mean|harsh)|"
    r"bless\s+(?:your|his|her|their)\s+heart|no\s+hard\s+feelings)\b,?(?:\s*but\b)?,?",
    re.IGNORECASE,
)
_EYE_ROLL = re.compile(r"🙄|😒|🙃|:(?:roll_eyes|face_with_rolling_eyes|unamused|upside_down_face):")
_SARCASTIC = re.compile(
    r"\b(?:thanks?|thank\s+you)\s+(?:\w+\s+)?for\s+finally\b|"
    r"\b(?:great|nice|good|fantastic|brilliant|wonderful|amazing|awesome|stellar|lovely)\s+"
    r"(?:job|work|going|one)\b[^.!?\n]*?\b(?:break\w*|broke|crash\w*|fail\w*|miss\w*|forg[eo]t\w*|"
    r"again)\b|"
    r"\boh,?\s+(?:great|wonderful|perfect|fantastic|brilliant|joy|nice|lovely|good)\b|"
    r"\bsure,?\s+because\b|\byeah,?\s+right\b|\bworked\s+out\s+so\s+well\b|"
    r"\bwhat\s+a\s+surprise\b|\bshocking,?\s+I\s+know\b|(?:^|\s)/s\b",
    re.IGNORECASE,
)
_COMMAND = re.compile(
    r"\byou\s+(?:really\s+|just\s+|seriously\s+)?(?:need|needs)\s+to\b|"
    r"\byou(?:'ve\s+got|\s+have\s+got|\s+have|\s+got)\s+to\b|\byou\s+gotta\b|"
    r"\byou(?:\s+must|\s+should|\s+ought\s+to|'d\s+better|\s+had\s+better|\s+better)\b|"
    r"^(?:just\s+|please\s+)?(?:stop|quit|don't|do\s+not|fix|make\s+sure|never|get)\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\b(?:because|so\s+that|so\s+(?:we|the|you|i|they|customers|everyone|people)|since|"
    r"in\s+order\s+to|otherwise|that\s+way|this\s+way|which\s+means|to\s+make\s+sure|to\s+avoid|"
    r"to\s+keep|to\s+help|as\s+(?:it|this|that)\s+(?:will|would|helps|means))\b",
    re.IGNORECASE,
)
_REASON_NEXT = re.compile(
    r"^(?:that\s+way|this\s+way|that's\s+because|this\s+is\s+because|because|otherwise|"
    r"it\s+would|it\s+will|it'll|so\s+that|that\s+means|this\s+means|that\s+will|this\s+will|"
    r"the\s+reason)\b",
    re.IGNORECASE,
)
# What may stand before the "you" of a you-opening without changing who is pointed at.
_OPENING_FILLER = re.compile(
    r"^(?:(?:honestly|frankly|seriously|look|listen|well|ok|okay|so|and|but|also|again|"
    r"quite\s+frankly|to\s+be\s+honest|tbh|i\s+mean)\b[,:]?\s*)+",
    re.IGNORECASE,
)
_YOU_START = re.compile(
    r"^(?:you|your|you're|you've|you'd|you'll|yourself|ur|u)\b|"
    r"^(?:why|how\s+come)\s+(?:do|did|does|don't|didn't|would|wouldn't|can't|won't|are|aren't|"
    r"is|isn't|have|haven't|were|weren't)\s+you\b|^how\s+(?:could|can)\s+you\b",
    re.IGNORECASE,
)
_YOU_COMMAND = re.compile(
    r"^you(?:\s+really|\s+just)?(?:\s+need|\s+needs|\s+have\s+to|'ve\s+got|\s+have\s+got|"
    r"\s+got\s+to|\s+gotta|\s+must|\s+should|\s+ought|'d\s+better|\s+had\s+better|\s+better)\b",
    re.IGNORECASE,
)
_CRITICAL = re.compile(
    r"\b(?:not|no|never|nobody|no\s+one|nothing|nowhere|none|\w+n't|cannot|too\s+\w+|"
    r"again|wrong|bad|worse|worst|late|fail\w*|miss\w*|broke\w*|forg[eo]t\w*|ignor\w*)\b",
    re.IGNORECASE,
)

_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
)
_TIME = re.compile(
    rf"\b(?:yesterday|today|tonight|tomorrow|this\s+(?:morning|afternoon|evening)|"
    rf"(?:last|this|over\s+the)\s+weekend|last\s+(?:night|week|month|sprint|time|{_WEEKDAY})|(?:on\s+)?{_WEEKDAY}(?:'s)?|"
    rf"(?:in\s+|on\s+)?{_MONTH}\b(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?|\d+\s+(?:days?|weeks?)\s+ago|"
    rf"\d{{1,2}}(?::\d\d)?\s*(?:am|pm)|the\s+\d{{1,2}}(?:st|nd|rd|th))\b",
    re.IGNORECASE,
)
_TIME_OWNER = r"(?:this\s+(?:morning|afternoon|evening|week)|last\s+week|yesterday|today)'s"
_OCCASIONS = (
    r"meeting|stand-?up|retro|retrospective|review|demo|call|presentation|sync|workshop|"
    r"planning|session|kick-?off|all-hands|offsite|interview|launch|release|incident|outage|"
    r"deploy|deployment|build|migration|meetup|guild|talk|pr|pull\s+request|handover|rollout|"
    r"one-to-one|1:1|email|message|doc|document|design\s+doc|write-?up|report|proposal|spec|"
    r"deck|slides|runbook|guide|dashboard|ticket|thread|import|export"
)
# Up to two words may stand between a determiner and an occasion ("the design review"), but
# not small words that start another phrase ("the tickets before standup" is no occasion).
_FILLER_WORD = r"(?:(?!(?:before|after|in|on|at|to|of|for|with|and|or|but|from)\b)[\w-]+\s+)"
_OCCASION = re.compile(
    rf"\b(?:the|this|that|my|our|your|his|her|their|[a-z]+'s)\s+{_FILLER_WORD}{{0,2}}"
    rf"(?:{_OCCASIONS})\b(?!s\b|-)",
    re.IGNORECASE,
)
_EXAMPLE = re.compile(
    r"\b(?:for\s+example|for\s+instance|e\.g\.|like\s+when|such\s+as\s+when|twice|"
    r"(?:two|three|four|five|six|several)\s+times|(?:second|third|fourth|fifth)\s+time)\b|"
    r"\b\d+\b",
    re.IGNORECASE,
)
_SITUATION = re.compile(
    rf"\b(?:in|during|at|on|after|before)\s+(?:the|this|that|our|your|{_TIME_OWNER}|[a-z]+'s)\s+"
    rf"{_FILLER_WORD}{{0,2}}(?:{_OCCASIONS})\b(?:\s+(?:on\s+{_WEEKDAY}|this\s+morning|"
    rf"this\s+afternoon|yesterday|last\s+week|today))?|"
    rf"\b(?:yesterday|this\s+morning|this\s+afternoon|last\s+week|last\s+{_WEEKDAY}|"
    rf"on\s+{_WEEKDAY})\b(?!')",
    re.IGNORECASE,
)
_IMPACT = re.compile(
    r"\b(?:it|this|that)(?:'s|\s+is|\s+was)?\s+(?:made|makes|meant|means|left|leaves|caused|"
    r"causes|slowed|slows|delayed|delays|blocked|blocks|hurt|hurts|hurting|cost|costs|making)\b|"
    r"\bwhich\s+(?:meant|made|means|makes|left|caused)\b|\bas\s+a\s+result\b|"
    r"\b(?:we|i|the\s+team|she|he|they|people|customers)\s+(?:had\s+to|spent|lost|missed|"
    r"didn't\s+get|couldn't|felt)\b|\b(?:i|i'm|i\s+am)\s+(?:worry|worried|felt|feel|"
    r"concerned)\b|\bnobody\s+can\b",
    re.IGNORECASE,
)
_I_STATEMENT = re.compile(
    r"\b(?:i|i'd|i'm)\s+(?:noticed|felt|feel|appreciate|appreciated|was|am|think|worry|"
    r"would\s+love|would\s+like|'d\s+love|'d\s+like|like|love|loved|want|wanted|understand|"
    r"know)\b",
    re.IGNORECASE,
)
_APPRECIATION = re.compile(
    r"\b(?:thank\w*|appreciat\w*|grateful|loved|proud|kudos|well\s+done)\b", re.IGNORECASE
)
_NEVER_AFTER_YOU = re.compile(r"\b(you|we|i|they)\s+never\b", re.IGNORECASE)
_DROP_FROM_BEHAVIOUR = re.compile(
    r"\s*\b(?:always|constantly|continually|every\s+(?:single\s+)?time|all\s+the\s+time|"
    r"just|clearly|obviously|really|honestly|frankly|seriously)\b",
    re.IGNORECASE,
)
# "You are...", "Your attitude was...": the shape of a verdict about the person or their work.
_VERDICT_VERB = re.compile(
    r"^(?:you're|you\s+are|you\s+were|your\s+[\w-]+(?:\s+[\w-]+)?\s+(?:is|was|are|were))\b",
    re.IGNORECASE,
)
_EVERY_TIME_LEAD = re.compile(r"^every\s+(?:single\s+)?time\s+", re.IGNORECASE)
_WHY_YOU = re.compile(
    r"^(?:why|how\s+come)\s+(do|did|does|don't|didn't|would|wouldn't|can't|won't|are|aren't|"
    r"is|isn't|have|haven't|were|weren't)\s+you\s+",
    re.IGNORECASE,
)
_IMPACT_LEAD = re.compile(
    r"^(?:and\s+|so\s+|which\s+)?(?:i\s+(?:worry|think|feel|felt)|i'm\s+(?:worried|concerned)|"
    r"i\s+am\s+(?:worried|concerned))\s+(?:that\s+)?",
    re.IGNORECASE,
)
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:]|\s-\s|—)\s*|\s+(?:and|but)\s+", re.IGNORECASE)
_BEHAVIOUR_REFRAME = re.compile(r"^i\s+noticed\s+(?:that\s+)?", re.IGNORECASE)

# Pre-filled parts of the SBI modal stay small enough to travel in one button value.
SBI_PART_CHARS = 400
BUTTON_VALUE_LIMIT = 2000


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Finding:
    """One kind of issue, with the draft's exact words that show it."""

    kind: str
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tone:
    """VADER's reading of the whole draft."""

    score: float

    @property
    def label(self) -> str:
        """`harsh`, `negative`, `neutral` or `warm` (thresholds at the top of this module)."""
        if self.score <= HARSH_TONE_MAX:
            return "harsh"
        if self.score <= NEGATIVE_TONE_MAX:
            return "negative"
        if self.score >= WARM_TONE_MIN:
            return "warm"
        return "neutral"


QUESTIONS = ("view", "obstacle", "support")  # which open question ends the rewrite


@dataclass(frozen=True)
class Rewrite:
    """A Situation-Behaviour-Impact version of the draft; empty parts are for the person."""

    situation: str
    behaviour: str
    impact: str
    question: str  # which open question: "view", "obstacle" or "support" (wording in templates)

    def to_value(self) -> str:
        """The rewrite as a compact JSON string that fits in a Slack button value."""
        limit = SBI_PART_CHARS
        while True:
            value = json.dumps(
                {
                    "s": self.situation[:limit],
                    "b": self.behaviour[:limit],
                    "i": self.impact[:limit],
                    "q": self.question,
                },
                ensure_ascii=False,
                separators=(",", ":"),
            )
            if len(value) <= BUTTON_VALUE_LIMIT or limit <= 0:
                return value
            limit -= 50

    @classmethod
    def from_value(cls, value: str | None) -> Rewrite:
        """Read a button value written by `to_value`; anything unreadable gives empty parts."""
        try:
            data = json.loads(value or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}

        def text(key: str) -> str:
            found = data.get(key)
            return found if isinstance(found, str) else ""

        question = text("q")
        return cls(text("s"), text("b"), text("i"), question if question in QUESTIONS else "view")


@dataclass(frozen=True)
class Coaching:
    """Everything /kindly says about one draft."""

    draft: str
    english: bool
    tone: Tone
    findings: tuple[Finding, ...] = ()
    strengths: tuple[str, ...] = ()
    rewrite: Rewrite = field(default_factory=lambda: Rewrite("", "", "", "view"))

    @property
    def issues(self) -> set[str]:
        """The kinds of issue found (for tests and summaries)."""
        return {f.kind for f in self.findings}

    @property
    def is_kind(self) -> bool:
        """No issue found: the draft gets told what already works."""
        return not self.findings


# ---------------------------------------------------------------- coaching


def coach(draft: str) -> Coaching:
    """Read `draft` (at most MAX_DRAFT_CHARS) and say what to change and what works."""
    if len(draft) > MAX_DRAFT_CHARS:
        raise ValueError(f"a draft holds at most {MAX_DRAFT_CHARS} characters")
    folded = fold(draft)
    masked, quotes = mask_quotes(folded)
    # Hedges ("no offence, but") are sarcasm on their own; blank them so the words after them
    # are read as the real start of the sentence.
    hedges = [m.span() for m in _HEDGE.finditer(masked)]
    if not looks_english(draft):
        return Coaching(draft=draft, english=False, tone=Tone(0.0))
    tone = Tone(round(sentiment(emoji_as_words(masked)), 4))
    unhedged = _blank(masked, hedges)
    spans: dict[str, list[tuple[int, int]]] = {kind: [] for kind in ISSUE_KINDS}
    spans["sarcasm"] += hedges
    spans["sarcasm"] += [m.span() for m in _EYE_ROLL.finditer(folded)]
    spans["sarcasm"] += [m.span() for m in _SARCASTIC.finditer(unhedged)]
    spans["label"] += _labels(unhedged)
    spans["absolute"] += _absolutes(unhedged)
    spans["command"] += _commands(unhedged)
    spans["you_opening"] += _you_openings(unhedged, spans)
    specific = quotes > 0 or _is_specific(unhedged)
    findings = [Finding(kind, _quotes(draft, spans[kind])) for kind in ISSUE_KINDS if spans[kind]]
    if not specific:
        findings.append(Finding("no_specifics"))
    return Coaching(
        draft=draft,
        english=True,
        tone=tone,
        findings=tuple(findings),
        strengths=_strengths(unhedged, specific, tone, sarcastic=bool(spans["sarcasm"])),
        rewrite=_rewrite(unhedged, findings, spans),
    )


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _quotes(draft: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The draft's own words at `spans`, each once, in order of appearance."""
    seen: dict[str, None] = {}
    for start, end in sorted(spans):
        words = draft[start:end].strip(" ,")
        if words and words.lower() not in {w.lower() for w in seen}:
            seen[words] = None
    return tuple(seen)


def _labels(text: str) -> list[tuple[int, int]]:
    return [
        m.span() for m in _LABEL.finditer(text) if not _NEGATED_BEFORE.search(text[: m.start()])
    ]


def _absolutes(text: str) -> list[tuple[int, int]]:
    found = []
    for sentence in sentences(text):
        for match in _ABSOLUTE.finditer(sentence.text):
            if _ABSOLUTE_PRAISE.match(sentence.text[match.end() :]):
                continue
            if _FIRST_PERSON_BEFORE.search(sentence.text[: match.start()]):
                continue
            if sentiment(_clause_around(sentence.text, match.start())) >= WARM_CLAUSE_MIN:
                continue
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


def _clause_around(text: str, position: int) -> str:
    """The clause of `text` (between commas, semicolons, "but") that holds `position`."""
    start = 0
    for match in _CLAUSE_SPLIT.finditer(text):
        if match.start() >= position:
            return text[start : match.start()]
        start = match.end()
    return text[start:]


def _commands(text: str) -> list[tuple[int, int]]:
    found = []
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        if sentence.text.rstrip().endswith("?"):
            continue  # a question invites an answer; it is not an order
        following = parts[index + 1].text if index + 1 < len(parts) else ""
        if _REASON.search(sentence.text) or _REASON_NEXT.match(following):
            continue
        found += [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in _COMMAND.finditer(sentence.text)
        ]
    return found


def _you_openings(text: str, spans: dict[str, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    found = []
    flagged = spans["label"] + spans["absolute"]
    for sentence in sentences(text):
        lead = _OPENING_FILLER.match(sentence.text)
        offset = lead.end() if lead else 0
        rest = _PRAISE_IDIOM.sub("always helps", sentence.text[offset:])
        opening = _YOU_START.match(rest)
        if not opening or _YOU_COMMAND.match(rest):
            continue
        has_flag = any(sentence.start <= s < sentence.end for s, _ in flagged)
        critical = (
            sentiment(rest) <= NEGATIVE_TONE_MAX
            or has_flag
            or (_CRITICAL.search(rest) and sentiment(rest) < WARM_CLAUSE_MIN)
        )
        if critical:
            start = sentence.start + offset
            found.append((start, start + opening.end()))
    return found


def _is_specific(text: str) -> bool:
    return bool(_TIME.search(text) or _OCCASION.search(text) or _EXAMPLE.search(text))


def _strengths(text: str, specific: bool, tone: Tone, *, sarcastic: bool) -> tuple[str, ...]:
    """What already works, as keys the templates explain (sarcasm only sounds warm)."""
    found = []
    if specific:
        found.append("specific")
    if _I_STATEMENT.search(text):
        found.append("i_statement")
    if _IMPACT.search(text):
        found.append("impact")
    if any(s.text.endswith("?") for s in sentences(text)):
        found.append("question")
    if _APPRECIATION.search(text):
        found.append("appreciation")
    if tone.label == "warm" and not sarcastic:
        found.append("warm")
    return tuple(found)


# ---------------------------------------------------------------- the SBI rewrite


def _rewrite(
    text: str, findings: list[Finding], spans: dict[str, list[tuple[int, int]]]
) -> Rewrite:
    """Build Situation, Behaviour and Impact from the draft's own words, where it has them.

    The sentence holding the first flagged words is read first: that is what the feedback is
    about. Parts the draft does not give stay empty, for the person to fill in.
    """
    kinds = {f.kind for f in findings}
    parts = sentences(text)
    flagged = sorted(s for found in spans.values() for s, _ in found)
    focus = next((i for i, p in enumerate(parts) if flagged and p.start <= flagged[0] < p.end), 0)
    ordered = parts[focus:] + parts[:focus]
    situation_match = None
    for sentence in ordered:
        situation_match = _SITUATION.search(text, sentence.start, sentence.end)
        if situation_match:
            break
    situation = _tidy(situation_match.group(0)) if situation_match else ""
    behaviour = ""
    impact = ""
    for sentence in ordered:
        candidate = sentence.text
        if situation_match and sentence.start <= situation_match.start() < sentence.end:
            local = situation_match.start() - sentence.start
            candidate = candidate[:local] + " " + candidate[local + len(situation_match.group(0)) :]
        is_question = candidate.rstrip().endswith("?")
        for clause in _CLAUSE_SPLIT.split(candidate.strip(" ,")):
            clause = _tidy(_OPENING_FILLER.sub("", clause.strip()))
            if not clause or _LABEL.search(clause) or _HEDGE.search(clause):
                continue
            if not impact and _IMPACT.search(clause) and _is_impact(clause):
                impact = _IMPACT_LEAD.sub("", clause)
                continue
            if not behaviour and _is_behaviour(clause, is_question):
                behaviour = _as_behaviour(clause)
    if "command" in kinds:
        question = "obstacle"
    elif kinds & {"label", "you_opening", "absolute", "sarcasm"}:
        question = "view"
    else:
        question = "support"
    return Rewrite(_capitalise(situation), behaviour, _lower_first(impact), question)


def _is_impact(clause: str) -> bool:
    """An effect on people or work, not a description of what the person did."""
    return not (_YOU_START.match(clause) or _BEHAVIOUR_REFRAME.match(clause))


def _is_behaviour(clause: str, in_question: bool) -> bool:
    """What someone did: it points at them and is no order, judgement or ordinary question."""
    if _YOU_COMMAND.match(clause) or _COMMAND.match(clause) or _APPRECIATION.match(clause):
        return False
    if in_question and not _WHY_YOU.match(clause):
        return False
    if not (_YOU_START.match(clause) or re.search(r"\byou\b", clause, re.IGNORECASE)):
        return False
    if len(clause.split()) < 3:
        return False
    # "Your attitude was terrible" is a verdict, not behaviour; "you broke the build" is not.
    return not (_VERDICT_VERB.match(clause) and sentiment(clause) <= VERDICT_MAX)


def _as_behaviour(clause: str) -> str:
    """`You always interrupt people` -> `you interrupt people`; `why didn't you` -> `you didn't`."""
    clause = _BEHAVIOUR_REFRAME.sub("", clause)
    why = _WHY_YOU.match(clause)
    if why:
        auxiliary = why.group(1).lower()
        kept = "" if auxiliary in {"do", "does"} else auxiliary + " "
        clause = "you " + kept + clause[why.end() :]
    clause = _EVERY_TIME_LEAD.sub("when ", clause)
    clause = _NEVER_AFTER_YOU.sub(lambda m: m.group(1) + " didn't", clause)
    clause = re.sub(r"\bnever\b", "not", clause, flags=re.IGNORECASE)
    clause = _DROP_FROM_BEHAVIOUR.sub("", clause)
    clause = re.sub(r"\s{2,}", " ", clause).strip(" ,.?!")
    return _lower_first(clause)


def _tidy(text: str) -> str:
    return re.sub(r"\s{2,}", " ", text).strip(" ,.;:!?\"'")


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is "I" or looks like a name or acronym."""
    first = text.split(" ", 1)[0]
    if not first or first in {"I", "I'm", "I've", "I'd"} or first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------- the final wording


@dataclass(frozen=True)
class FinalWording:
    """The three SBI parts and the question as the person left them, ready for the template."""

    situation: str
    behaviour: str
    impact: str
    question: str


def final_wording(situation: str, behaviour: str, impact: str, question: str) -> FinalWording:
    """Tidy what the person typed in the SBI modal so the sentences join up."""
    behaviour = _BEHAVIOUR_REFRAME.sub("", behaviour.strip())
    question = question.strip()
    if question and not question.endswith("?"):
        question = question.rstrip(".!") + "?"
    impact = impact.strip().rstrip(".!")
    return FinalWording(
        situation=_capitalise(_tidy(situation)),
        behaviour=_tidy(behaviour),
        impact=_capitalise(impact),
        question=_capitalise(question),
    )
