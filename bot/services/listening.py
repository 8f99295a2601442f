"""The listening coach: checks a reply to someone who shared something hard, before it is sent.

Used in the processing space's reply modal and by `/kindly reply <draft>`. It advises and never
blocks: what it finds is shown beside the reply, and the person sends whatever they choose.

What it looks for (English word patterns, quoting the exact words), from the habits Kindred
nudges: keep the focus on the other person, acknowledge before solving, do not shift the
conversation to yourself.

- ``minimising``: "at least…", "it could be worse", "just…", "it's not a big deal".
- ``advice_first``: the reply opens by fixing ("you should…", "have you tried…", "just…")
  before it acknowledges anything.
- ``own_story``: turning to one's own story ("when I was…", "the same happened to me").
- ``toxic_positivity``: "everything happens for a reason", "stay positive", "look on the
  bright side".
- ``interrogation``: several questions in a row, or questions that probe for fault ("why did
  you…?", "are you sure…?").

A reply that acknowledges ("that sounds hard", "thank you for sharing") is told so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.services import phrases
from bot.services.feedback import Finding, quote_spans
from bot.services.language import (
    expand_contractions,
    fold,
    looks_english,
    mask_quotes,
    original_spans,
    sentences,
)

LISTENING_KINDS = (
    "minimising",
    "toxic_positivity",
    "advice_first",
    "own_story",
    "interrogation",
)
# Questions in one reply from which it reads as an interrogation rather than interest.
INTERROGATION_MIN_QUESTIONS = 3
QUOTE_SENTENCE_MAX = 100  # an opening sentence of advice up to this long is quoted whole

_MINIMISING = re.compile(
    r"\bat\s+least\b|\b(?:it|things)\s+could\s+(?:be|have\s+been)\s+(?:a\s+lot\s+|much\s+|way\s+)?"
    r"worse\b|\b(?:it's|it\s+is|that's|that\s+is|this\s+is)\s+(?:not|n't)\s+(?:that|so|such\s+a)\s+"
    r"(?:bad|big\s+(?:of\s+)?a\s+deal|serious|hard)\b|\b(?:it's|that's)\s+(?:not\s+)?(?:no|not\s+a)\s+"
    r"big\s+deal\b|\bno\s+big\s+deal\b|\bit's\s+only\s+(?:a|one|work)\b|"
    r"\b(?:just|simply)\s+(?:ignore|forget|relax|move\s+on|let\s+it\s+go|get\s+over|"
    r"don't\s+think|stop\s+worrying|shake\s+it\s+off|breathe|sleep\s+on\s+it|take\s+a\s+break)\b|"
    r"\byou're\s+(?:just\s+)?(?:overthinking|over-?reacting|being\s+(?:too\s+)?(?:sensitive|"
    r"dramatic))\b|\b(?:don't|do\s+not)\s+(?:worry|stress|be\s+(?:sad|upset))\s+(?:about\s+it|so\s+"
    r"much|too\s+much)?\b(?=[^.!?\n]*(?:[.!]|$))|\bcalm\s+down\b|\bcheer\s+up\b|"
    r"\b(?:others|other\s+people|lots\s+of\s+people|everyone)\s+(?:have|has|had)\s+it\s+"
    r"(?:worse|harder)\b|\beveryone\s+(?:goes\s+through|feels)\s+(?:this|that)\b|"
    r"\bit\s+happens\s+to\s+(?:everyone|all\s+of\s+us)\b|\byou'll\s+(?:be\s+fine|get\s+over\s+it)\b",
    re.IGNORECASE,
)
_TOXIC_POSITIVITY = re.compile(
    r"\beverything\s+happens\s+for\s+a\s+reason\b|\b(?:stay|be|think|keep\s+it)\s+positive\b|"
    r"\blook\s+on\s+the\s+bright\s+side\b|\bgood\s+vibes\s+only\b|\bsilver\s+lining\b|"
    r"\b(?:be|stay)\s+grateful\b|\bcount\s+your\s+blessings\b|\bhappiness\s+is\s+a\s+choice\b|"
    r"\b(?:it'll|it\s+will|everything\s+will|everything'll|things\s+will)\s+(?:all\s+)?work\s+"
    r"out\b|\bjust\s+smile\b|\bsmile\b(?=\s*[!.:)]|\s*$)|\bdon't\s+be\s+(?:sad|negative|down)\b|"
    r"\bit's\s+all\s+good\b|\b(?:choose|choosing)\s+happiness\b|\bpositive\s+vibes\b|"
    r"\bwhat\s+doesn't\s+kill\s+you\b|\bno\s+bad\s+days\b|\bgood\s+things\s+come\b",
    re.IGNORECASE,
)
_ADVICE = re.compile(
    r"^(?:(?:honestly|well|ok|okay|so|hey|hi|oh|look|listen)\b[,!]?\s*)*"
    r"(?:you\s+(?:should|need\s+to|have\s+to|must|ought\s+to|could\s+(?:just\s+)?try|"
    r"might\s+want\s+to|gotta|'ve\s+got\s+to)|have\s+you\s+(?:tried|thought\s+about|considered)|"
    r"why\s+(?:don't|not)\s+you|why\s+not\b|just\s+\w+|try\s+(?:to\s+)?\w+|"
    r"what\s+you\s+(?:need|should\s+do)|my\s+advice|if\s+i\s+were\s+you|"
    r"i\s+(?:would|'d)\s+(?:just\s+)?(?:talk|tell|go|ask|quit|leave|report|escalate|try|start|"
    r"stop|take)|(?:go|talk|tell|ask|quit|leave|report|stop|take|get|make|write|book)\s+\w+|"
    r"the\s+(?:trick|key|solution|answer|fix)\s+is)\b",
    re.IGNORECASE,
)
_OWN_STORY = re.compile(
    r"\b(?:when\s+i\s+(?:was|had|went|lost|got|worked)|the\s+same\s+(?:thing\s+)?happened\s+to\s+me|"
    r"that\s+happened\s+to\s+me|i\s+(?:had|went\s+through|have\s+had)\s+(?:the\s+same|something\s+"
    r"similar|exactly\s+that)|i\s+remember\s+when\s+i|reminds\s+me\s+of\s+(?:when|my|the\s+time)|"
    r"at\s+my\s+(?:last|old|previous)\s+(?:job|company|team)|same\s+here|me\s+too,?\s+i|"
    r"(?:my|mine)\s+was\s+(?:even\s+)?worse|i\s+know\s+exactly\s+how\s+you\s+feel|"
    r"let\s+me\s+tell\s+you\s+about|in\s+my\s+(?:case|experience))\b",
    re.IGNORECASE,
)
_PROBING = re.compile(
    r"\bwhy\s+(?:did|didn't|would|wouldn't|do|don't|haven't)\s+(?:you|u)\b|"
    r"\bare\s+you\s+sure\b|\bdid\s+you\s+(?:even|actually|really|not)\b|"
    r"\bwhat\s+did\s+you\s+do\s+to\b|\bwhat\s+were\s+you\s+thinking\b|"
    r"\bhave\s+you\s+(?:even|actually)\b|\bisn't\s+it\s+(?:your|partly)\b",
    re.IGNORECASE,
)
_VALIDATES = re.compile(
    r"\b(?:that|this|it)\s+(?:sounds|must\s+(?:be|have\s+been)|seems)\s+(?:\w+\s+){0,2}?"
    r"(?:hard|tough|awful|exhausting|painful|rough|difficult|lonely|scary|frustrating|"
    r"overwhelming|heavy|a\s+lot)|\bthank\s+you\s+for\s+(?:sharing|telling|trusting|writing)|"
    r"\bthanks\s+for\s+(?:sharing|telling|trusting)|\bi\s+hear\s+you\b|\bmakes\s+(?:total\s+)?"
    r"sense\s+(?:that\s+)?you\b|\bi'm\s+(?:so\s+|really\s+)?sorry\b|\bit's\s+(?:ok|okay|"
    r"understandable|normal)\s+to\s+feel\b|\byou're\s+not\s+alone\b|\bi'm\s+here\b|"
    r"\bthat's\s+(?:really\s+)?(?:hard|tough|a\s+lot)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ListeningCoaching:
    """What the listening coach says about one reply."""

    reply: str
    english: bool
    findings: tuple[Finding, ...] = ()
    validates: bool = False

    @property
    def issues(self) -> set[str]:
        return {f.kind for f in self.findings}


def listen(reply: str) -> ListeningCoaching:
    """Check `reply` for what makes someone who shared something hard feel unheard."""
    if not looks_english(reply):
        return ListeningCoaching(reply=reply, english=False)
    expanded, back = expand_contractions(reply)  # "dont" is read as "don't"
    masked, _ = mask_quotes(expanded)
    text = fold(masked)
    parts = sentences(text)
    spans: dict[str, list[phrases.Span]] = {kind: [] for kind in LISTENING_KINDS}
    spans["minimising"] = [m.span() for m in _MINIMISING.finditer(text)]
    spans["toxic_positivity"] = [m.span() for m in _TOXIC_POSITIVITY.finditer(text)]
    spans["own_story"] = [m.span() for m in _OWN_STORY.finditer(text)]
    validates = bool(_VALIDATES.search(text))
    if parts and not _VALIDATES.search(parts[0].text):
        first = parts[0]
        asked = first.text.rstrip().endswith("?")
        advice = _ADVICE_QUESTION.match(first.text) or (
            None if asked else _ADVICE.match(first.text)
        )
        if advice:  # the whole opening sentence, unless it is long
            end = first.end if len(first.text) <= QUOTE_SENTENCE_MAX else first.start + advice.end()
            spans["advice_first"] = [(first.start, end)]
    questions = [s for s in parts if s.text.rstrip().endswith("?")]
    probing = [
        (s.start + m.start(), s.start + m.end())
        for s in questions
        for m in _PROBING.finditer(s.text)
    ]
    if probing:
        spans["interrogation"] = probing
    elif len(questions) >= INTERROGATION_MIN_QUESTIONS:
        spans["interrogation"] = [(s.start, s.end) for s in questions]
    findings = tuple(
        Finding(kind, quote_spans(reply, original_spans(spans[kind], back)))
        for kind in LISTENING_KINDS
        if spans[kind]
    )
    return ListeningCoaching(reply=reply, english=True, findings=findings, validates=validates)


# Questions that are advice in disguise: "Have you tried talking to your manager?"
_ADVICE_QUESTION = re.compile(
    r"^(?:(?:honestly|well|ok|okay|so|hey|hi|oh)\b[,!]?\s*)*(?:have\s+you\s+(?:tried|thought\s+"
    r"about|considered)|why\s+(?:don't|not)\s+you|why\s+not\b|did\s+you\s+try|could\s+you\s+"
    r"(?:just\s+)?try)\b",
    re.IGNORECASE,
)
