"""Coaching a feedback draft before it is given (/kindly). Runs on the machine, stores nothing.

`coach(draft)` finds what a thoughtful colleague would flag, quoting the exact words and saying
(in prompts/feedback/issue.j2) why they land badly. Besides the phrase detectors shared with the
listening coach and Read the room (`bot.services.phrases`: passive-aggressive set phrases,
condescension, threats, public shaming, dismissiveness, shouting, accusing questions, verdicts
with no content, sarcasm, "you" inside a blaming clause), it looks for:

- ``absolute``: "always", "never", "every time"... turning moments into a verdict about a person;
  skipped in praise ("you never fail to help"), in clauses that read warm, in technical terms
  ("always-on", "never-expiring").
- ``label``: character judgements ("lazy", "careless", "incompetent", "a mess"), unless negated,
  said of the writer themselves ("I was careless") or a technical term ("lazy loading").
- ``sarcasm`` also covers hedged insults ("no offence, but") and eye-rolls.
- ``command``: "you need to", "you must", "stop ..." with no reason in the sentence or the next.
- ``undertone``: when no phrase is flagged, the sentence that weighs most towards harsh by word
  statistics (`bot.services.undertone`), if the draft as a whole reads harsh. The same
  statistics, with VADER, set aside phrases that are harsh only out of context when the passage
  around them reads as kind as the kindest drafts (``OUTWEIGHED_KINDS``).

A missing moment or example (``no_specifics``) is a tip, not an issue, and never offered on thanks
or praise. Tone is reported beside the findings, never flagged: VADER's compound score of the
whole draft (quoted words left out). VADER measures negative words, not unkindness (a kind
Situation-Behaviour-Impact draft about an outage scores negative because outages are).

Words inside quotation marks or code spans are someone else's (or a name) and never count
against the writer. Drafts that are not English get no findings (the word lists are English),
and say so. The Situation-Behaviour-Impact rewrite is built clause by clause from the draft's
own words and re-checked by the same detectors: a part that would still hurt is left out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from bot.services import phrases, undertone
from bot.services.language import (
    Sentence,
    emoji_as_words,
    expand_contractions,
    fold,
    looks_english,
    mask_quotes,
    original_spans,
    sentences,
    sentiment,
)

if TYPE_CHECKING:
    from bot.services.llm import ChatModel

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

# Harshness carried by the whole draft, read from word statistics (bot.services.undertone),
# looked for only when no phrase detector found anything.
UNDERTONE = "undertone"
# What the phrase detectors flag, in the order it is shown (what hurts most first).
PHRASE_KINDS = (
    "threat",
    "shaming",
    "sarcasm",
    "condescension",
    "dismissive",
    "passive_aggressive",
    "accusing_question",
    "shouting",
    "label",
    "verdict",
    "you_blame",
    "absolute",
    "command",
)
# Everything /kindly can flag, in the order it is shown.
ISSUE_KINDS = (*PHRASE_KINDS, UNDERTONE)
# Findings whose words are harsh only in some contexts, set aside when the draft as a whole reads
# as kind as the kindest drafts ("You absolutely killed it!!", "you never miss a thing, thank
# you"). Threats, shaming, talking down, waving off and accusing questions are never set aside.
OUTWEIGHED_KINDS = (
    "sarcasm",
    "passive_aggressive",
    "shouting",
    "label",
    "verdict",
    "you_blame",
    "absolute",
    "command",
)
# Tips: worth saying, never an issue on their own.
TIP_KINDS = ("no_specifics",)

# ---------------------------------------------------------------- word lists (English)

_ABSOLUTE = re.compile(
    r"\b(always|never|every\s+(?:single\s+)?time|every\s+single\s+\w+|constantly|continually|constant|"
    r"all\s+the\s+time|not\s+once|each\s+and\s+every|without\s+fail|nothing\s+ever)\b",
    re.IGNORECASE,
)
# Absolutes in idioms of praise: "never fails to help", "never lets us down".
_PRAISE_AFTER_NEVER = phrases.PRAISE_AFTER_NEVER
_OTHERS_BEFORE = re.compile(
    r"\b(?:they|people|customers|clients|everyone|everybody|users|folks)\s+$", re.IGNORECASE
)
_ABSOLUTE_PRAISE = re.compile(
    rf"^\s*(?:{_PRAISE_AFTER_NEVER}|(?:so\s+|such\s+a\s+|very\s+|really\s+)?(?:patient|kind|helpful|"
    r"there\s+for|happy\s+to|willing|ready\s+to|generous|calm|thoughtful|welcoming|supportive|"
    r"on\s+top|make\s+time|makes\s+time|take\s+the\s+time|takes\s+the\s+time|find\s+(?:the\s+)?time|"
    r"finds\s+(?:the\s+)?time|go(?:es)?\s+(?:the\s+extra|above)|bring|brings|have\s+time|has\s+time|"
    r"a\s+pleasure|a\s+joy|learn|learning|wanted|feel\s+welcome))\b",
    re.IGNORECASE,
)
# Someone an absolute could generalise about.
_PERSON = re.compile(
    r"\b(?:you|your|u|ur|yourself|he|she|they|him|her|them|his|their|people|everyone|everybody|"
    r"nobody|no\s+one|someone|team)\b|(?-i:(?<!^)\b[A-Z][a-z]+\b)",
    re.IGNORECASE,
)
# Encouragement to go on: whatever "always" or "never" said before it was praise.
_KEEP_IT_UP = re.compile(
    r"\b(?:please\s+)?(?:keep\s+(?:doing\s+(?:that|this|it)|it\s+up)|never\s+stop|don't\s+stop|"
    r"never\s+change)\b",
    re.IGNORECASE,
)
# "I'd never have found it": the writer speaking of themselves, not generalising about anyone.
_FIRST_PERSON_BEFORE = re.compile(
    r"\b(?:i|i'd|i'll|i've|i'm|i\s+would|i\s+have|we'd|you'd|they'd|it'd|would|could|might|"
    r"we\s+(?:should|must|can|will)|we'll|should|must)\s*$",
    re.I,
)
_LABELS = (
    r"lazy|laziness|lazier|careless(?:ly|ness)?|sloppy|sloppiness|incompetent|incompetence|"
    r"useless|stupid|stupidity|dumb|dumbest|stupidest|laziest|sloppiest|idiot|idiotic|"
    r"entitled|unmotivated|uncooperative|whiny|moron|moronic|brain-?dead|two-faced|dishonest|"
    r"a\s+liar|manipulative|spineless|self-centered|self-absorbed|a\s+know-it-all|obnoxious|"
    r"incapable|unqualified|petty|out\s+of\s+(?:your|his|her|their)\s+depth|"
    r"(?:try|learn|start)\s+to\s+be\s+a\s+team\s+player|rude|rudeness|selfish|arrogant|arrogance|"
    r"unprofessional|disrespectful|disorgani[sz]ed|irresponsible|hopeless|clueless|negligent|"
    r"unreliable|immature|pathetic|worthless|toxic|abrasive|bossy|inept|childish|ignorant|"
    r"insensitive|inconsiderate|condescending|passive[- ]aggressive|a\s+mess|a\s+joke|"
    r"you\s+people|your\s+mess|the\s+mess\s+(?:you|u)\s+(?:leave|left|made|make|created)|a\s+disgrace|a\s+liability|dead\s+weight|high-maintenance|"
    r"a\s+(?:nightmare|pain|disaster)\s+to\s+work\s+with|(?:hard|difficult|impossible)\s+to\s+work\s+with|"
    r"(?:not|n't)\s+(?:sure\s+(?:that\s+)?)?(?:(?:you're|you\s+are|he's|she's|they're)\s+)?cut\s+out\s+for|not\s+a\s+team\s+player|no\s+team\s+player|a\s+slacker|a\s+control\s+freak"
)
_LABEL = re.compile(rf"\b(?:{_LABELS})\b", re.IGNORECASE)
# Technical terms that borrow a label: "lazy loading", "a dumb terminal", "stupid-simple".
_LABEL_TECHNICAL = re.compile(
    r"[- ](?:load\w*|evaluat\w*|init\w*|import\w*|iterat\w*|propert\w*|terminal|simple|"
    r"pipe|mode|flag|fetch\w*|render\w*|compil\w*|instantiat\w*|allocat\w*|val\b|seq\b)",
    re.IGNORECASE,
)
_OWN_QUESTION = re.compile(r"\s+questions?\b", re.IGNORECASE)
_THEIR_QUESTION = re.compile(
    r"\b(?:you|your|that's|that\s+is|what|such|another)\s+(?:\w+\s+)?$", re.IGNORECASE
)
_HEDGE = re.compile(
    r"\b(?:no\s+offen[cs]e|with\s+(?:all\s+)?(?:due\s+)?respect|i\s+wasn't\s+going\s+to\s+say\s+anything|not\s+to\s+be\s+(?:rude|mean|harsh)|"
    r"don't\s+take\s+this\s+the\s+wrong\s+way|(?:i'm|i\s+am)\s+(?:just\s+)?saying|just\s+saying|"
    r"(?:i'm|i\s+am)\s+just\s+being\s+honest|i\s+don't\s+mean\s+to\s+be\s+(?:rude|mean|harsh)|"
    r"bless\s+(?:your|his|her|their)\s+heart|no\s+hard\s+feelings|not\s+to\s+be\s+that\s+"
    r"(?:person|guy|girl)|not\s+to\s+(?:nag|sound\s+\w+)|i\s+hate\s+to\s+say\s+(?:it|this)|"
    r"sorry\s+to\s+be\s+(?:that\s+person|blunt|harsh))\b,?(?:\s*but\b)?,?",
    re.IGNORECASE,
)
_EYE_ROLL = re.compile(r"🙄|😒|🙃|:(?:roll_eyes|face_with_rolling_eyes|unamused|upside_down_face):")
_COMMAND = re.compile(
    r"(?<!time\s)(?<!what\s)(?<!whatever\s)\byou\s+(?:really\s+|just\s+|seriously\s+)?(?:need|needs)\s+to\b|\bi\s+need\s+you\s+to\b|"
    r"\bi\s+need\s+(?:this|it|that)\s+(?:fixed|done|sorted|finished|ready)\s+(?:yesterday|now|asap|"
    r"immediately|today)\b|"
    r"\byou(?:'ve\s+got|\s+have\s+got|\s+have|\s+got)\s+to\b|\byou\s+gotta\b|"
    r"\byou(?:\s+must|\s+should|\s+ought\s+to|'d\s+better|\s+had\s+better|\s+better)\b|"
    r"^(?:just\s+|please\s+)?(?:stop(?!\s+(?:apologi[sz]ing|worrying|thanking))|quit|(?:don't|do\s+not)(?!\s+(?:worry|hesitate|stress|feel\s+bad|"
    r"apologi[sz]e|mind|thank\s+me|change\s+a\s+thing|be\s+(?:so\s+|too\s+)?hard\s+on\s+yourself|beat\s+yourself|blame\s+yourself|"
    r"let\s+(?:it|this|them|that)\s+(?:get\s+to|bother|worry|stress)))|fix|make\s+sure|"
    r"never(?!\s+(?:hesitate|be\s+afraid|feel|worry|apologi[sz]e|stop|change|i|we|have|had|seen|saw))|"
    r"get)\b"
    r"(?!-)|"
    r"^(?:just\s+)?(?:stay\s+(?:off|out\s+of|away\s+from)|keep\s+(?:out|away)|"
    r"sort\s+(?:it|this|that)\s+out|start\s+(?:over|again)|redo\s+(?:it|this)|"
    r"take\s+ownership|do\s+your\s+job|do\s+better|try\s+harder|pay\s+attention|step\s+up|"
    r"figure\s+it\s+out|read\s+the\s+(?:docs|ticket|wiki|manual|spec|thread)|get\s+it\s+done|"
    r"get\s+it\s+together|learn\s+to|act\s+like|come\s+prepared|be\s+prepared|"
    r"do\s+your\s+homework|(?:please\s+)?refrain\s+from|keep\s+it\s+short|"
    r"revert\s+(?:it|this|that))\b|"
    r"^just\s+do\b",
    re.IGNORECASE,
)
# "…if you need to print today": a condition, not an order.
_CONDITIONAL_BEFORE = re.compile(r"\b(?:if|when|whenever|in\s+case|unless|whether)\s+$", re.I)
_NO_OBLIGATION = re.compile(
    r"\b(?:don't|do\s+not|no\s+need\s+to)\s+feel\s+(?:like\s+)?(?:you|u)\b|\bno\s+need\s+to\b|"
    r"\b(?:don't|do\s+not)\s+have\s+to\b",
    re.IGNORECASE,
)
# An order opening with a work verb ("Update the deck by tonight."), when nothing softens it.
_BARE_ORDER = re.compile(
    r"^(?:and\s+|now\s+|just\s+)?(?:update|send|finish|redo|rewrite|change|move|remove|delete|write|"
    r"review|double-check|test|merge|rename|document|submit|reply|answer|call|email|proofread|"
    r"clean\s+up|deliver|complete|resend|re-?do|add|adjust|align|attach|book|build|cancel|close|"
    r"commit|confirm|correct|create|deploy|draft|drop|edit|escalate|explain|file|follow|format|"
    r"handle|implement|include|install|investigate|list|log|mark|notify|organi[sz]e|post|prepare|"
    r"prioriti[sz]e|push|read|rebase|refactor|reformat|rerun|resolve|respond|restart|revert|run|"
    r"schedule|ship|split|squash|submit|switch|tag|tidy|track|upload|verify|cc|loop\s+in)\b(?![:-])",
    re.IGNORECASE,
)
_NOUN_SUBJECT = re.compile(
    r"^\w+\s+(?:[\w-]+\s+){0,2}(?:is|are|was|were|came|went|has|have|had|looks?|seems?|dropped|"
    r"rose|fell)\b",
    re.IGNORECASE,
)
_SOFTENER = re.compile(
    r"\b(?:no\s+rush|whenever|when\s+you\s+(?:can|get\s+a\s+(?:chance|moment|sec)|have\s+(?:time|a\s+"
    r"moment))|if\s+you\s+(?:can|could|have\s+time|don't\s+mind)|if\s+possible|when\s+convenient|"
    r"no\s+pressure|thanks|thank\s+you|pls|please|when\s+(?:it's|you're|they're|it\s+is)\s+ready|"
    r"once\s+(?:it's|you're|they're)|when\s+(?:done|finished)|if\s+you\s+need|if\s+anything|"
    r"if\s+(?:you\s+)?(?:like|want|prefer))\b",
    re.IGNORECASE,
)
_REASON = re.compile(
    r"\bso\s+(?:that\s+)?\w+(?:\s+\w+)?\s+(?:can|could|will|won't|sees?|knows?|gets?|has|have|doesn't|"
    r"don't|isn't|aren't|stays?|needs?)\b|"
    r"\b(?:because|so\s+that|so\s+(?:we|the|you|i|they|customers|everyone|people)|since|"
    r"in\s+order\s+to|otherwise|that\s+way|this\s+way|which\s+means|to\s+make\s+sure|to\s+avoid|"
    r"to\s+keep|to\s+help|as\s+(?:it|this|that)\s+(?:will|would|helps|means))\b",
    re.IGNORECASE,
)
_REASON_NEXT = re.compile(
    r"^(?:it|this|that)\s+(?:touches|affects|changes|blocks|needs|feeds|goes|runs|holds|"
    r"is\s+(?:the|what|going|due|blocking|needed|for)|'s\s+(?:the|what|going|due|blocking|needed|for))\b|"
    r"^the\s+(?:\w+\s+)?(?:deadline|audit|launch|release|demo|review)\s+is\b|"
    r"^(?:i\s+know\s+[^.!?]{0,40}?,?\s+but\s+)?(?:the\s+)?last\s+time\b|"
    r"^(?:that\s+way|this\s+way|that's\s+because|this\s+is\s+because|because|otherwise|"
    r"it\s+would|it\s+will|it'll|so\s+that|that\s+means|this\s+means|that\s+will|this\s+will|"
    r"the\s+reason)\b",
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
_BEHAVIOUR_REFRAME = re.compile(r"^i\s+noticed\s+(?:that\s+)?", re.IGNORECASE)
_CONGRATS = re.compile(
    r"\b(?:congrat\w*|happy\s+(?:birthday|anniversary|holidays|new\s+year)|welcome\s+(?:back|"
    r"aboard|to)|well\s+deserved|so\s+happy\s+for|best\s+of\s+luck|good\s+luck|get\s+well)\b",
    re.IGNORECASE,
)
_PRAISE = re.compile(
    r"\b(?:(?:great|nice|amazing|awesome|brilliant|excellent|fantastic|wonderful|lovely|superb|"
    r"stellar|beautiful|impressive|solid|cool)\s+(?:job|work|talk|demo|presentation|catch|"
    r"idea|call|point|question|stuff|write-?up|design|effort|session)|well\s+done|bravo|"
    r"life-?saver|legend|you\s+rock|(?:love|loved|enjoyed)\s+(?:your|the|how|that|this)|"
    r"so\s+good|nailed\s+it|you're\s+(?:a\s+)?(?:star|great|amazing|awesome|the\s+best))\b",
    re.IGNORECASE,
)
# A sentence that is a condition ("If you had tested it…") never becomes behaviour.
_CONDITION = re.compile(r"^\s*(?:if|unless|when|whenever|once|as\s+long\s+as)\b", re.I)
# The behaviour of a rewrite says what the person did: "you…" or "your…".
_YOU_AS_AGENT = re.compile(r"^(?:you|your)\b", re.IGNORECASE)
_LEADING_LINK = re.compile(r"^(?:(?:so|then|because|since|and|but|also|plus|yet)\s+)+", re.I)

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
    tips: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    rewrite: Rewrite = field(default_factory=lambda: Rewrite("", "", "", "view"))
    # A fluent rewrite from the optional language model, already re-checked by the detectors.
    model_rewrite: str = ""

    @property
    def issues(self) -> set[str]:
        """The kinds of issue found (for tests and summaries)."""
        return {f.kind for f in self.findings}

    @property
    def is_kind(self) -> bool:
        """No issue found: the draft gets told what already works."""
        return not self.findings

    @property
    def verdict(self) -> str:
        """`issues` (something flagged), `nothing_specific` (nothing flagged, but the words read
        strongly negative: never "reads kindly" then) or `kind`."""
        if self.findings:
            return "issues"
        return "nothing_specific" if self.tone.label == "harsh" else "kind"


# ---------------------------------------------------------------- coaching


def coach(draft: str) -> Coaching:
    """Read `draft` (at most MAX_DRAFT_CHARS) and say what to change and what works."""
    if len(draft) > MAX_DRAFT_CHARS:
        raise ValueError(f"a draft holds at most {MAX_DRAFT_CHARS} characters")
    if not looks_english(draft):
        return Coaching(draft=draft, english=False, tone=Tone(0.0))
    # Read with apostrophes restored ("dont" -> "don't"); quote the words as they were typed.
    expanded, back = expand_contractions(draft)
    masked, quotes = mask_quotes(expanded)
    masked = fold(masked)
    tone = Tone(round(sentiment(emoji_as_words(masked)), 4))
    spans, unhedged = find_spans(masked, fold(expanded))
    set_aside = undertone.in_kind_passages(masked, (s for k in OUTWEIGHED_KINDS for s in spans[k]))
    for kind in OUTWEIGHED_KINDS:
        spans[kind] = [span for span in spans[kind] if span not in set_aside]
    if not any(spans.values()) and undertone.reads_harsh(masked):
        spans[UNDERTONE] += undertone.harshest_sentence(masked)
    findings = [
        Finding(kind, quote_spans(draft, original_spans(spans[kind], back)))
        for kind in ISSUE_KINDS
        if spans[kind]
    ]
    specific = quotes > 0 or _is_specific(unhedged)
    appreciative = bool(
        _APPRECIATION.search(unhedged) or _CONGRATS.search(unhedged) or _PRAISE.search(unhedged)
    )
    tips = () if specific or appreciative else ("no_specifics",)
    return Coaching(
        draft=draft,
        english=True,
        tone=tone,
        findings=tuple(findings),
        tips=tips,
        strengths=() if findings else _strengths(unhedged, specific, tone),
        rewrite=_rewrite(unhedged, findings, spans),
    )


async def coach_with_model(draft: str, model: ChatModel | None) -> Coaching:
    """`coach(draft)`, with the optional language model's second opinion and fluent rewrite.

    The rules stay the guard: the model may add a finding only for words found verbatim in the
    draft (outside quotation marks) that the rules did not already quote, and its rewrite is
    kept only when the detectors find nothing in it and it repeats no flagged words. Without a
    model, or when it fails or is slow, this is exactly `coach(draft)`.
    """
    coaching = coach(draft)
    if model is None or not coaching.english:
        return coaching
    opinion = await model.opinion(draft)
    if opinion is None:
        return coaching
    findings = coaching.findings
    masked, _ = mask_quotes(draft)
    already = [q.lower() for f in findings for q in f.quotes]
    quotes = tuple(
        q
        for q in opinion.quotes
        if q in draft
        and q in masked
        and not any(q.lower() in seen or seen in q.lower() for seen in already)
    )
    if opinion.harsh and quotes:
        findings = (*findings, Finding("model", quotes))
    rewrite = opinion.rewrite if findings and _fluent_is_sayable(opinion.rewrite, findings) else ""
    strengths = () if findings else coaching.strengths
    return replace(coaching, findings=findings, strengths=strengths, model_rewrite=rewrite)


def _fluent_is_sayable(text: str, findings: Iterable[Finding]) -> bool:
    """The model's rewrite passes the same re-check as the rules' own rewrite."""
    if not text or not looks_english(text) or _repeats(text, list(findings)):
        return False
    return not coach(text).findings


def find_spans(masked: str, folded: str) -> tuple[dict[str, list[tuple[int, int]]], str]:
    """Where each kind of issue is in `masked` (quotes blanked), and the text without hedges.

    `folded` is the draft with only its quotes made straight: eye-roll emoji and shouting are
    read there, since blanking quoted passages never hides them.
    """
    # Hedges ("no offence, but") are sarcasm on their own; blank them so the words after them
    # are read as the real start of the sentence.
    hedges = [m.span() for m in _HEDGE.finditer(masked)]
    unhedged = _blank(masked, hedges)
    spans: dict[str, list[tuple[int, int]]] = {kind: [] for kind in ISSUE_KINDS}
    spans["sarcasm"] += hedges
    spans["sarcasm"] += [m.span() for m in _EYE_ROLL.finditer(folded)]
    for kind, detector in phrases.DETECTORS.items():
        spans[kind] += detector(unhedged)
    spans["sarcasm"] += phrases.scare_quotes(folded)
    spans["label"] += _labels(unhedged)
    spans["absolute"] += _absolutes(unhedged)
    spans["command"] += _commands(unhedged)
    others = [span for kind, found in spans.items() if kind != "you_blame" for span in found]
    spans["you_blame"] += phrases.you_subjects(unhedged, others)
    return spans, unhedged


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def quote_spans(draft: str, spans: list[tuple[int, int]]) -> tuple[str, ...]:
    """The draft's own words at `spans`, each once, in order of appearance.

    Overlapping spans ("You" inside "You are ALWAYS late") are joined into one quote.
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    seen: dict[str, None] = {}
    for start, end in merged:
        words = draft[start:end].strip(" ,")
        if words and words.lower() not in {w.lower() for w in seen}:
            seen[words] = None
    return tuple(seen)


def _labels(text: str) -> list[tuple[int, int]]:
    found = []
    for sentence in sentences(text):
        for match in _LABEL.finditer(sentence.text):
            if _LABEL_TECHNICAL.match(sentence.text, match.end()):
                continue
            if phrases.negated(sentence.text, match.start()):
                continue
            if phrases.self_directed(sentence.text, match):
                continue
            if phrases.redeemed(sentence.text, match.end()):
                continue
            if _OWN_QUESTION.match(sentence.text, match.end()) and not _THEIR_QUESTION.search(
                sentence.text[: match.start()]
            ):
                continue  # "dumb question probably, but…": the writer belittling their own question
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


def _absolutes(text: str) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    if _KEEP_IT_UP.search(text):
        return found  # "You always ask the question others won't. Keep doing that.": praise
    for sentence in sentences(text):
        for match in _ABSOLUTE.finditer(sentence.text):
            if sentence.text[match.end() : match.end() + 1] == "-":
                continue  # "always-on", "never-expiring": a technical term
            if _ABSOLUTE_PRAISE.match(sentence.text[match.end() :]):
                continue
            if _FIRST_PERSON_BEFORE.search(sentence.text[: match.start()]):
                continue
            if not _PERSON.search(sentence.text):
                continue  # "the first month is always a lot": about a time or a thing, not anyone
            never = match.group(0).lower().startswith(("never", "not once", "nothing"))
            warm = sentiment(phrases.clause_around(sentence.text, match.start())) >= WARM_CLAUSE_MIN
            if warm and not never:
                continue  # "you always make time for us"; "you never X" is praise only as an idiom
            if not never and sentiment(sentence.text) >= phrases.CLEARLY_WARM_MIN:
                continue  # "Every time I open your PRs I learn something, they're so clear"
            if (
                _OTHERS_BEFORE.search(sentence.text[: match.start()])
                and sentiment(sentence.text) >= 0
            ):
                continue  # "they always ask for you by name": about others, not a verdict on you
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


def _commands(text: str) -> list[tuple[int, int]]:
    found = []
    parts = sentences(text)
    for index, sentence in enumerate(parts):
        if sentence.text.rstrip().endswith("?"):
            continue  # a question invites an answer; it is not an order
        following = parts[index + 1].text if index + 1 < len(parts) else ""
        if _REASON.search(sentence.text) or _REASON_NEXT.match(following):
            continue
        if _NO_OBLIGATION.search(sentence.text):
            continue  # "Please don't feel you have to reply tonight" lifts an order
        found += [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in _COMMAND.finditer(sentence.text)
            if not _CONDITIONAL_BEFORE.search(sentence.text[: m.start()])
        ]
        bare = _BARE_ORDER.match(sentence.text)
        softened = (
            _SOFTENER.search(sentence.text)
            or _APPRECIATION.search(text)
            or sentiment(text) >= phrases.CLEARLY_WARM_MIN  # "Ship it! Great work on the tests"
            or sentence.text.endswith("!")  # "Post your demo in the channel!": eager, not curt
        )
        if bare and _NOUN_SUBJECT.match(sentence.text):
            bare = None  # "Email open rates came in low": the verb was a noun
        if bare and not softened and sentiment(sentence.text) < phrases.CLEARLY_WARM_MIN:
            found.append((sentence.start + bare.start(), sentence.start + bare.end()))
    return found


def _is_specific(text: str) -> bool:
    return bool(_TIME.search(text) or _OCCASION.search(text) or _EXAMPLE.search(text))


def _strengths(text: str, specific: bool, tone: Tone) -> tuple[str, ...]:
    """What already works in a draft with nothing flagged, as keys the templates explain."""
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
    if tone.label == "warm":
        found.append("warm")
    return tuple(found)


# ---------------------------------------------------------------- the SBI rewrite


def _rewrite(
    text: str, findings: list[Finding], spans: dict[str, list[tuple[int, int]]]
) -> Rewrite:
    """Build Situation, Behaviour and Impact from the draft's own words, clause by clause.

    Behaviour comes only from an observable statement about what the person did: questions,
    conditions, verdicts and labels are never turned into "I noticed…", and a clause holding
    flagged words is left out (absolutes are simply dropped from it). Every part is re-checked
    by the detectors. Parts the draft does not give stay empty, for the person to fill in.
    """
    kinds = {f.kind for f in findings}
    # Absolutes are dropped from a clause, and "you" in a blaming clause is what the I-statement
    # reframes; any other flagged words keep their clause out of the rewrite.
    flagged = [
        span
        for kind, found in spans.items()
        if kind not in ("absolute", "you_blame")
        for span in found
    ]
    situation = ""
    behaviour = ""
    impact = ""
    for sentence in sentences(text):
        if sentence.text.rstrip().endswith("?") or _CONDITION.match(sentence.text):
            continue
        if not situation:
            match = _SITUATION.search(sentence.text)
            at = (sentence.start + match.start(), sentence.start + match.end()) if match else None
            if match and at and not _overlaps(flagged, *at):
                situation = _tidy(match.group(0))
        for start, clause in _clauses(sentence):
            if _overlaps(flagged, start, start + len(clause)):
                continue
            clause = _tidy(phrases.OPENING_FILLER.sub("", clause.strip()))
            if situation:
                clause = _tidy(clause.replace(situation, " "))
            if not clause or _LABEL.search(clause) or _HEDGE.search(clause):
                continue
            if (
                not impact
                and _IMPACT.search(clause)
                and _is_impact(clause)
                and not _repeats(clause, findings)
                and _sayable(clause)
            ):
                impact = _IMPACT_LEAD.sub("", clause)
                continue
            if not behaviour and _is_behaviour(clause):
                candidate = _as_behaviour(clause)
                if (
                    _YOU_AS_AGENT.match(candidate)
                    and not _repeats(candidate, findings)
                    and _sayable(f"I noticed {candidate}.")
                ):
                    behaviour = candidate
    if "command" in kinds:
        question = "obstacle"
    elif kinds:
        question = "view"
    else:
        question = "support"
    return Rewrite(_capitalise(situation), behaviour, _lower_first(impact), question)


def _clauses(sentence: Sentence) -> list[tuple[int, str]]:
    """The clauses of `sentence` (split at commas, "and", "but"...), with where each starts."""
    found = []
    start = 0
    for match in phrases.CLAUSE_SPLIT.finditer(sentence.text):
        found.append((sentence.start + start, sentence.text[start : match.start()]))
        start = match.end()
    found.append((sentence.start + start, sentence.text[start:]))
    return [(s, c) for s, c in found if c.strip()]


_EDGE_PUNCTUATION = " .,;:!?…"


def _repeats(words: str, findings: list[Finding]) -> bool:
    """Whether `words` still hold any of the words flagged in the draft.

    A clause flagged only for blaming "you" ("you skipped the checklist") may stay: said as
    "I noticed you skipped the checklist" it is an observation, which the re-check confirms.
    """
    return any(
        re.search(rf"(?<!\w){re.escape(said)}(?!\w)", words, re.IGNORECASE)
        for finding in findings
        if finding.kind != "you_blame"
        for quote in finding.quotes
        for said in {
            quote.strip(_EDGE_PUNCTUATION),
            expand_contractions(quote)[0].strip(_EDGE_PUNCTUATION),
        }
        if said
    )


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _sayable(words: str) -> bool:
    """The detectors find nothing in `words` (the re-check every rewritten part passes)."""
    masked = fold(words)
    spans, _ = find_spans(masked, masked)
    return not any(spans.values())


def _is_impact(clause: str) -> bool:
    """An effect on people or work, not a description of what the person did."""
    return not (_YOU_START.match(clause) or _BEHAVIOUR_REFRAME.match(clause))


def _is_behaviour(clause: str) -> bool:
    """What someone did: it points at them and is no order, judgement or question."""
    if _YOU_COMMAND.match(clause) or _COMMAND.match(clause) or _APPRECIATION.match(clause):
        return False
    if _WHY_YOU.match(clause) or _CONDITION.match(clause):
        return False
    if not re.search(r"\b(?:you|your)\b", clause, re.IGNORECASE):
        return False
    if len(clause.split()) < 3:
        return False
    if _VERDICT_VERB.match(clause) and sentiment(clause) < WARM_CLAUSE_MIN:
        return False  # "Your attitude was terrible" is a verdict, "you're slow" a label
    return sentiment(clause) > VERDICT_MAX


def _as_behaviour(clause: str) -> str:
    """`You always interrupt people` -> `you interrupt people`; `you never X` -> `you didn't X`."""
    clause = _BEHAVIOUR_REFRAME.sub("", clause)
    clause = _EVERY_TIME_LEAD.sub("when ", clause)
    clause = _NEVER_AFTER_YOU.sub(lambda m: m.group(1) + " didn't", clause)
    clause = re.sub(r"\bnever\b", "not", clause, flags=re.IGNORECASE)
    clause = _DROP_FROM_BEHAVIOUR.sub("", clause)
    clause = re.sub(r"\s{2,}", " ", clause).strip(" ,.?!")
    clause = _LEADING_LINK.sub("", clause)  # "so you moved it" -> "you moved it"
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
