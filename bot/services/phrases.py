"""Phrases that hurt in workplace chat, found by word patterns on the machine (English).

Shared by /kindly (`bot.services.feedback`), the listening coach (`bot.services.listening`) and
Read the room (`bot.services.room`), so the three agree on what sarcasm or shouting is.

Every detector takes text whose quoted passages and code spans are already blanked
(`language.mask_quotes`) and returns the spans of the exact words that show the problem. Each one
skips the innocent uses named beside it: the writer speaking of themselves ("I was careless"),
negation ("not lazy at all"), technical terms ("lazy loading", "kill the job"), praise idioms
("never hesitate to ask") and warm clauses.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise

from bot.services.language import Sentence, sentences, sentiment

Span = tuple[int, int]

# A clause at or above this VADER score reads warm ("you always make time for us").
WARM_CLAUSE_MIN = 0.05
# "Thanks for the fix. Great." is warm; "nobody checked the timezone. great." is not.
CLEARLY_WARM_MIN = 0.3
# A clause at or below this score reads negative enough that "everyone thinks…" is not praise.
NEGATIVE_CLAUSE_MAX = -0.05

YOU = r"(?:you|u|ya|yourself)"
YOUR = r"(?:your|ur|yours)"

# Words of failure or trouble: what sarcastic praise is wrapped around, and what makes a clause
# with "you" in it an accusation.
_FAILURE = (
    r"break(?:s|ing)?|broke(?:n)?|crash(?:es|ed|ing)?|delet(?:e|es|ed|ing)|forg[eo]t(?:ten|ting)?|"
    r"forget(?:s|ting)?|miss(?:es|ed|ing)?|ignor(?:e|es|ed|ing)|skip(?:s|ped|ping)?|"
    r"fail(?:s|ed|ing)?|mess(?:ed|ing)\s+up|screw(?:ed|ing)?\s+up|wip(?:e|ed|ing)|"
    r"drop(?:s|ped|ping)?|los(?:e|t|ing)|tak(?:e|ing|en)\s+down|took\s+down|blow(?:ing|n)?\s+up|"
    r"blew\s+up|ruin(?:s|ed|ing)?|wast(?:e|ed|ing)|late|down|outage|again"
)
_FAILURE_RE = re.compile(rf"\b(?:{_FAILURE})\b", re.IGNORECASE)

# ---------------------------------------------------------------- passive-aggressive set phrases

_PASSIVE_AGGRESSIVE = re.compile(
    r"\bas\s+(?:i|we)\s+(?:(?:have|had|'ve)\s+)?(?:already\s+|previously\s+|clearly\s+)?"
    r"(?:said|mentioned|discussed|stated|noted|explained|told\s+\w+|pointed\s+out|asked|"
    r"wrote|flagged)\b(?!\s+(?:in\s+)?(?:earlier|before)?\s*,?\s*(?:i'm|i\s+am)\s+(?:happy|glad))|"
    r"\bas\s+(?:previously\s+|already\s+)?(?:discussed|mentioned|stated|noted|explained)\b|"
    r"\b(?:per|as\s+per|see)\s+my\s+(?:last|previous|earlier|prior)\s+(?:\w+\s+)?"
    r"(?:e-?mail|message|msg|comment|note|reply|ping|dm)s?\b|"
    r"\blike\s+i\s+(?:said|told\s+\w+|mentioned)\b|"
    r"\bi(?:'ve|\s+have)?\s+already\s+(?:told|asked|explained\s+(?:this\s+)?to|reminded|said\s+this"
    r"\s+to)\s+\w+\b|"
    r"\bi\s+(?:already\s+)?(?:told|asked|explained\s+to|reminded)\s+\w+\s+(?:this\s+)?"
    r"(?:twice|(?:two|three|several|many|multiple)\s+times|before|already|last\s+week)\b|"
    r"\bfor\s+the\s+(?:second|third|fourth|fifth|last|hundredth|nth|umpteenth|\d+(?:st|nd|rd|th))"
    r"\s+time\b|"
    r"\b(?:some|certain)\s+(?:of\s+us|people)\s+(?:(?:actually|really|just|clearly|apparently)\s+)?"
    r"(?:don't|do\s+not|did\s+not|didn't|can't|never|seem|have|need|care|actually|read|bother|think|"
    r"used|still|forgot|weren't)\b|"
    r"\b(?:some(?:one|body)|a\s+certain\s+(?:someone|person))\s+(?:didn't|did\s+not|forgot|broke|"
    r"missed|skipped|ignored|can't|doesn't|never|clearly|obviously|apparently)\b|"
    r"\bi(?:'ll|\s+will)\s+just\s+do\s+it\s+myself\b|"
    r"\b(?:going\s+forward|in\s+(?:the\s+)?future|next\s+time),?\s+(?:please\s+)?"
    r"(?:actually|try\s+to\s+actually|make\s+sure\s+to\s+actually)\b|"
    r"\b(?:please|could\s+you|can\s+you|try\s+to)\s+actually\b|"
    r"\bif\s+you\s+(?:could\s+)?actually\b|"
    r"\bi\s+asked\s+for\s+(?:this|that|it)\s+(?:last\s+\w+|\w+\s+(?:days|weeks)\s+ago|twice)\b|"
    r"\bstill\s+(?:nothing|waiting|no\s+(?:answer|reply|update|word))\b|"
    r"\b(?:not\s+sure\s+if|in\s+case)\s+you\s+(?:saw|missed|read)\s+my\b|"
    r"\b(?:friendly|gentle)\s+reminder\s+(?:that\s+)?(?:again|(?:as\s+)?i\s+(?:said|asked))\b|"
    r"\bonce\s+again\b|"
    r"\bget\s+it\s+right\s+(?:this|next)\s+time\b|"
    r"\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:\w+\s+)?(?:tired|sick|fed\s+up)\s+(?:of|to)\b|"
    r"\bi(?:'m|\s+am)\s+(?:starting|beginning)\s+to\s+(?:wonder|think|doubt)\b|"
    r"\bi\s+wonder\s+if\s+(?:you|u)\s+(?:even|actually|ever)\b|"
    r"\b(?:i|we)\s+(?:had|have|'ve\s+had)\s+to\s+(?:redo|fix|rewrite|clean\s+up|finish|undo|repeat)\s+"
    r"(?:all\s+of\s+)?your\b|\bi'll\s+(?:just\s+)?assume\b|"
    r"\bmy\s+(?:two|three|four|five|six|\d+|many|several|multiple)\s+(?:\w+\s+)?(?:messages|emails|"
    r"pings|reminders|comments)\b|"
    r"\bit\s+would\s+be\s+nice\s+if\b[^.!?\n]*\b(?:at\s+least|for\s+once|actually|once\s+in\s+a\s+"
    r"while|ever|occasionally)\b|\b(?:what's|what\s+is)\s+taking\s+(?:you|u|so)\s+(?:so\s+)?long\b|"
    r"\bthis\s+is\s+(?:exactly\s+)?why\s+(?:nobody|no\s+one|we\s+can't|people|i\s+can't)\b|"
    r"(?:^|(?<=[.!?]\s))again\s*[.!?]+|"
    r"\b(?:has|have|had)\s+been\s+(?:communicated|mentioned|said|explained|discussed|raised|flagged|"
    r"shared|announced)\s+(?:\w+\s+)?(?:(?:multiple|several|many|numerous|\d+|two|three)\s+times|"
    r"repeatedly|before|already)\b|\b(?:don't|do\s+not)\s+get\s+paid\s+enough\b|"
    r"\bi\s+assume\s+(?:you|u)(?:'re|'ll|\s+are|\s+will|\s+have|'ve)\b|"
    r"\bfound\s+(?:the\s+)?time\s+(?:for|to)\b[^.!?\n]{0,60}\bbut\s+not\b|"
    r"\b(?:as\s+usual|like\s+always|per\s+usual|as\s+per\s+usual)\b(?=[^\n]{0,3}(?:[.?]|$))|"
    r"\bit's\s+not\s+like\s+(?:anyone|anybody|you|people|they|he|she)\s+(?:\w+\s+)?(?:listens?|cares?|"
    r"reads?|notices?|asks?)\b|\b(?:no\s*one|nobody)\s+(?:ever\s+)?listens\s+to\s+me\b|"
    r"(?:^|(?<=[.!?]\s)|\band\s+)(?:double-?check|check|read|test|proofread|do|get|try)\b[^.!?\n]{0,40}"
    r"\bthis\s+time\b|\b(?:can't|cannot)\s+believe\s+(?:this|that|you|we|it)\s+(?:went|got|was|were|"
    r"is|shipped|made|actually|still|didn't|forgot|missed)\b|"
    r"\b(?:you|u)\s+said\s+(?:it|this|that)\s+(?:will|would|'d|'ll)\s+be\s+(?:ready|done|finished|"
    r"fixed|live)\b|\b(?:this\s+is|that's|it's|this\s+was)\s+the\s+(?:second|third|fourth|fifth|\w+th|"
    r"\d+(?:st|nd|rd|th))\s+time\b|"
    r"\b(?:pull|pulling|pulls)\s+(?:their|your|his|her|its)\s+(?:own\s+)?weight\b|"
    r"(?:^|(?<=[.!?]\s))think\s+about\s+(?:that|it)\s*[.!]|"
    r"\bi\s+thought\s+i\s+(?:was|made\s+(?:it|myself|that))\s+(?:very\s+|perfectly\s+)?clear\b|"
    r"\b(?:refer|go\s+back)\s+(?:back\s+)?to\s+my\s+(?:earlier|previous|last|prior)\b|"
    r"\b(?:asking|ask|asked)\s+(?:me\s+)?the\s+same\s+question\b|"
    r"\bcome\s+on\b(?!\s+in\b)|\b(?:i'm|i\s+am)\s+(?:losing|running\s+out\s+of)\s+(?:my\s+)?patience\b|"
    r"\bcan't\s+keep\s+(?:fixing|covering|cleaning|doing|chasing|redoing)\b|"
    r"\bat\s+this\s+rate\b[^.!?\n]{0,30}\b(?:never|won't|not|no\s+one|nobody)\b|"
    r"\bto\s+reiterate\b|(?:^|(?<=[.!?]\s))again,\s(?![^.!?\n]{0,80}\b(?:thank|thanks|appreciate|grateful|kudos))|\bif\s+you\s+(?:had\s+)?(?:read|checked|opened)\s+my\b|"
    r"\bit's\s+(?:all|literally|clearly)\s+(?:in|on)\s+the\b|"
    r"\bsays\s+a\s+lot\b|\bspeaks\s+volumes\b|\bthe\s+fact\s+that\s+i\s+(?:have|had|need)\s+to\b|"
    r"\bhow\s+many\s+(?:more\s+)?(?:ways|times)\s+(?:(?:can|do|must|should|will)\s+i|i\s+(?:can|have\s+"
    r"to|need\s+to|must))\b|"
    r"\bnot\s+covering\s+for\b|\blost\s+count\s+of\b|,\s*including\s+(?:you|yours)\b|"
    r"\bor\s+should\s+i\s*\?|\bthis\s+is\s+what\s+happens\s+when\b|"
    r"\bwould\s+have\s+been\s+(?:more\s+|a\s+lot\s+more\s+)?(?:useful|helpful|nice|good)\s+(?:a\s+\w+\s+"
    r"ago|earlier|yesterday|last\s+\w+)\b|"
    r"\b(?:per|as\s+per)\s+our\s+(?:conversation|discussion|call|chat|agreement|last\s+\w+)\b|"
    r"\b(?:nobody|no\s*one)\s+(?:thought|bothered|cared)\s+to\b|"
    r"\b(?:you|u)\s+keep\s+(?:saying|promising|telling\s+me)\b|\b(?:been|said)\s+(?:it's\s+)?"
    r"almost\s+done\s+for\b|\b(?:double-?check|re-?check|verify|check)\s+everything\s+(?:you|u)\b|"
    r"\b(?:rather|easier\s+to|faster\s+to|quicker\s+to)\s+(?:just\s+)?do\s+it\s+myself\b|"
    r"\ba\s+(?:second|third|fourth|fifth|tenth|hundredth)\s+time\b|"
    r"\b(?:following\s+up|circling\s+back|bumping\s+(?:this|it)|re-?sending)\s+(?:on\s+)?(?:my\s+)?"
    r"(?:previous|last|earlier|below)\b|\b(?:since|as)\s+i\s+(?:haven't|have\s+not)\s+heard\s+"
    r"(?:back|anything)\b|"
    r"\bfed\s+up\b|\bshouldn't\s+have\s+to\s+(?:keep|ask|chase|remind|explain|tell|repeat)\w*\b|"
    r"\b(?:asked|told|reminded|mentioned|said|explained)\s+(?:\w+\s+){0,2}?(?:twice|(?:three|four|"
    r"five|several|multiple|many|\d+)\s+times|repeatedly|over\s+and\s+over)\b|"
    r"\bi\s+(?:explained|said|wrote|told\s+\w+|mentioned)\b[^.!?\n]{0,50}?\b(?:very|quite|really)\s+"
    r"clearly\b|\b(?:please|try\s+to|make\s+sure\s+(?:to|you))\s+[^.!?\n]{0,40}?\bthis\s+time\b|"
    r"\benough\s+is\s+enough\b|\byet\s+again\b|\bas\s+(?:agreed|we\s+agreed|you\s+know)\b|"
    r"\bi\s+(?:literally|clearly|specifically|explicitly)\s+(?:explained|told|said|asked|wrote|"
    r"mentioned)\b|\b(?:you|u)\s+apparently\b|\b(?:cover|covering|covered)\s+for\s+(?:you|u)\b|"
    r"\bchas(?:e|ing)\s+(?:you|u)\b|\bwhy\s+(?:do|did|should)?\s*(?:we|i)\s+(?:even\s+)?bother\b|"
    r"\bthanks\s+for\s+nothing\b|\bi\s+guess\b(?=[^.!?\n]*\b(?:some|care|whatever|fine|not)\b)",
    re.IGNORECASE,
)
# "Again" closing a clause about a failure ("the build is broken again"), not "thanks again".
_TRAILING_AGAIN = re.compile(r"\bagain\b(?=\s*(?:[.!?,;:…]|$|\n|\s+(?:and|so|but)\b))", re.I)
_AGAIN_OK_BEFORE = re.compile(
    r"\b(?:thanks?|thank\s+you|try|tried|trying|see\s+you|welcome|meet|work\s+together|sorry|"
    r"bother|bothering|ping|pinging|pester|bug|bugging|could\s+you|can\s+you|would\s+you|please|"
    r"happen|happens|pair|ask|asked|hear|read|run|ran|re-?run|deploy|check|saved|rescued|helped|"
    r"came\s+through|nailed\s+it|did\s+it)\b[^.!?\n]*$",
    re.IGNORECASE,
)
_AGAIN_NOT_HAPPEN = re.compile(
    r"\b(?:won't|can't|doesn't|never|not|will\s+not|cannot)\s+(?:\w+\s+){0,2}"
    r"(?:happen|break|fail|miss|forget|do\s+that)\s+again\b",
    re.IGNORECASE,
)


# A sentence of one cold word: "Twice." "Anyone?" "Seriously?" (never with "!", which is warm).
_COLD_FRAGMENT = re.compile(
    r"^(?:twice|again|anyone|anybody|seriously|really|typical|classic|figures|noted|k|kk|hmm+|"
    r"whatever|wow|ok\s+then|right|shocker|surprise|several\s+times|multiple\s+times|many\s+times|"
    r"again\s+and\s+again|your\s+call|progress|interesting|impressive)\s*(?:\.+|\?+|…|!)?$|"
    r"^all\s+\w+\s+(?:minutes|hours|pages|slides|days)\s+of\s+(?:them|it)\s*[.!]?$",
    re.IGNORECASE,
)
# Exasperation, wherever it stands: "Ugh. Another typo in the client email."
_EXASPERATED = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:ugh+|sigh|smh|ffs|jeez|geez|omg|facepalm|🤦\S*)\s*(?:[.!…]+|$)|"
    r"^(?:ugh+|smh|omg)\b(?=[^.!?\n]*\b(?:no|read|again|why|seriously|just)\b)|\bjust\s+no\b|"
    r"\b(?:wtf|ffs|smh|fml)\b",
    re.IGNORECASE,
)
# Praise as a sentence of its own after something went wrong: "…check the timezone. great."
_PRAISE_FRAGMENT = re.compile(
    r"^(?:great|perfect|nice|lovely|fantastic|brilliant|cool|awesome|amazing|super|wonderful|"
    r"good\s+job|well\s+done)\s*(?:\.+|…)$",
    re.IGNORECASE,
)


# A heads-up about a system ("the VPN broke the printer again, IT is on it") blames nobody.
_STATUS_UPDATE = re.compile(
    r"\b(?:heads[- ]up|fyi|is\s+on\s+it|are\s+on\s+it|looking\s+into\s+it|investigating|"
    r"working\s+on\s+it|i'm\s+(?:re-?)?running|i've\s+opened\s+a\s+ticket)\b",
    re.IGNORECASE,
)


# The writer owning up in the same sentence ("I thought I was clear, but I wasn't. Sorry").
_OWNING_UP = re.compile(
    r"\b(?:i\s+wasn't|i\s+was\s+wrong|sorry(?!,?\s+but)|my\s+bad|my\s+fault|my\s+mistake|"
    r"apologi[sz]e)\b",
    re.IGNORECASE,
)


# Blame and resentment said by implication, with no rude word in it: "since apparently that's
# how things work here", "I've apologised to the customer on your behalf".
_IMPLIED_BLAME = re.compile(
    r"\bsince\s+apparently\b|\bapparently\s+(?:that's|this\s+is|that\s+is)\s+how\b|"
    r"\bthat's\s+how\s+things\s+(?:work|are\s+done)\s+(?:here|now|around\s+here)\b|"
    r"\bapologi[sz]ed?\s+(?:to\s+[\w\s]{1,20}?\s+)?on\s+your\s+behalf\b|"
    r"\b(?:rather|prefer)\s+not\s+(?:to\s+)?make\s+(?:a\s+)?habit\s+of\b|"
    r"\b(?:we|i)(?:'re|\s+are|'ve\s+been|\s+have\s+been)\s+(?:still\s+)?waiting\s+(?:for|on)\s+"
    rf"{YOU}\s+(?:since|for\s+(?:two|three|four|several|many|\d+|a)\s+(?:days?|weeks?|months?))\b|"
    r"\bnot\s+(?:everyone|everybody|all\s+of\s+us)\s+(?:has|have|gets?)\s+the\s+luxury\b|"
    r",\s*but\s+sure\s*[.!]*\s*$|\band\s+you\s+know\s+it\b|"
    r"\b(?:the|an?)\s+(?:only\s+)?(?:one|person)\s+who\s+(?:hasn't|has\s+not|didn't|did\s+not|"
    r"never|still\s+hasn't)\b|"
    r"\bnext\s+time,?\s+i(?:'ll|\s+will)\s+(?:\w+\s+)?(?:check|review|double-check|go\s+over|"
    r"look\s+over|redo)\s+(?:your|it|everything)\b|"
    r"\b(?:i'm|i\s+am|i'll|i\s+will|gonna)\s+(?:going\s+to\s+)?(?:just\s+)?assume\s+"
    r"(?:this|that|it|you)\b|\bbefore\s+(?:\w+\s+)?coffee\b|"
    r"\bit\s+won't\s+be\s+me\b|\bwho(?:'s|\s+is)\s+going\s+to\s+explain\s+(?:this|that|it)\b|"
    r"\b(?:goes|go|get|gets|went)\s+anywhere\s+near\b|"
    r"\bbut\s+(?:it's|that's|ok|okay|sure|fine)(?:\s+fine)?\s*[.!]*\s*$|"
    r"\bnot\s+what\s+we\s+(?:discussed|agreed|talked\s+about)\b|"
    r"\bi\s+guess\s+(?:nobody|no\s*one|not|we're|we\s+are)\b|\bguess\s+not\b|"
    r"\bnot\s+(?:everyone|everybody|all\s+of\s+us)\s+(?:found|had|took|made|bothered)\b|"
    r"\b(?:i'm|i\s+am)\s+required\s+to\s+remind\b|\b(?:are|is)\s+not\s+(?:a\s+)?suggestions?\b|"
    r"\b(?:copy|cc|include)\s+me\s+on\s+(?:every|all)\b|"
    r"(?:^|(?<=[.!?]\s))every\s+(?:single\s+)?one\s*[.!]|"
    r"\b(?:maybe|perhaps)\s+for\s+(?:you|u)\b|\bfor\s+(?:you|u)\s+(?:deadlines|rules|the\s+rules)\b|"
    r"\bsee\s+exactly\s+what\s+(?:you're|you\s+are)\s+doing\b|"
    r"\b(?:monitor|track|review|check)(?:ing)?\s+your\s+(?:calendar|hours|screen|activity)\b|"
    r"\b(?:remind|tell|ask)\s+(?:certain|some)\s+(?:people|folks|individuals)\b|"
    r"\bcertain\s+(?:people|individuals)\b|"
    r"(?:^|(?<=[.!?]\s))just\s+(?:an\s+idea|a\s+thought|a\s+suggestion)\s*[.!]*\s*$|"
    r"\bbefore\s+you\s+touch\s+my\b|"
    r"\b(?:it|this)\s+(?:is|'s)\s+not\s+(?:from|on)\s+my\s+side\b|\bi\s+did\s+my\s+part\b|"
    r"\bis\s+apparently\s+(?:empty|free|optional|fine|nothing)\b|"
    r"\b(?:for|to)\s+(?:the\s+)?(?:people|those|folks|anyone|whoever)\s+(?:of\s+you\s+)?who\s+"
    r"(?:weren't|didn't|don't|haven't|missed|can't|couldn't|forgot)\b|"
    r"\bthe\s+same\s+(?:two|three|few|couple\s+of)\s+people\b|"
    r"\bit's\s+not\s+like\s+i\s+(?:had|have|get|got)\s+a\s+choice\b|"
    r"\b(?:double-?check|check|review|look\s+over)\s+(?:all\s+(?:of\s+)?)?your\s+work\b|"
    r"\bthe\s+last\s+to\s+know\b|\bmake\s+this\s+the\s+last\s+(?:round|time|one)\b|"
    r"\b(?:fixed|did|finished|rewrote|redid)\s+(?:your|it|this)\s+(?:\w+\s+)?myself\b|"
    r"\b(?:better|faster|easier|quicker|rather)\s+(?:if\s+)?i\s+(?:just\s+)?(?:make|do|write|build|fix|"
    r"handle|redo)\s+(?:\w+\s+){0,2}?myself\b|"
    r"\bat\s+least\s+(?:that|the\s+old|this|the\s+last)\s+(?:one\s+)?(?:was|is|works|worked)\b|"
    r"\bnot\s+because\s+i\s+(?:think|agree|believe)\s+(?:it's|it\s+is|this\s+is|you're|you\s+are)\s+"
    r"(?:right|good|ready|correct)\b|"
    r"\b(?:i'm|i\s+am)\s+sure\s+there(?:'s|\s+is|\s+was)\s+a\s+(?:good\s+)?reason\b(?![^.!?\n]*\?)|"
    r"\bi\s+will\s+repeat\b|\bi'll\s+repeat\b|\bwhich\s+you\s+(?:signed\s+off\s+on|agreed\s+to|approved)\b|"
    r"\bif\s+you\s+think\s+(?:that's|this\s+is|it's|that\s+is)\s+good\s+enough\b|"
    r"\bi\s+guess\s*[.!]*\s*$|"
    r"\b(?:i'll|i\s+will)\s+just\s+(?:\w+\s+){1,4}?myself\b|\bfaster\s+than\s+explaining\b|"
    r"\bstopped\s+expecting\b|\bclean\s+up\s+after\s+(?:you|u)\b|"
    r"\b(?:gotten|got|become|grown)\s+used\s+to\s+(?:doing|covering|fixing|cleaning|writing|being|"
    r"picking)\b|\bfor\s+both\s+of\s+us\b(?=\s*[.!]*\s*$)|"
    r"\b(?:redo|rewrite|fix|clean\s+up)\s+your\s+\w+\b[^.!?\n]*\bagain\b|"
    r"(?:^|(?<=[.!?]\s))you're\s+welcome\s*\.|"
    r"\b(?:doing|working\s+on)\s+all\s+(?:day|week|sprint|month|morning|afternoon)\b|"
    r"\b(?:a\s+lot|too\s+much)\s+to\s+ask\b|"
    r"\b(?:don't|do\s+not)\s+need\s+(?:to\s+ask\s+)?(?:for\s+)?my\s+(?:opinion|input|view|feedback)\b|"
    r"\bgood\s+to\s+know\s+(?:the|that)\b[^.!?\n]*\balready\b|"
    r"\b(?:like|as)\s+we\s+(?:discussed|agreed|said)\b|"
    r"\bat\s+least\s+(?:it|that|this|the\s+old\s+\w+)\s+(?:one\s+)?(?:was|is|works|worked)\b|"
    r"\b(?:explain|tell|ask|repeat)\s+(?:\w+\s+){0,3}?to\s+(?:you|u)\s+(?:two|three|four|several|\d+)\s+"
    r"times\b|\byours\s+keep\b|\bmyself\s+from\s+now\s+on\b|"
    r"\bi\s+see\s+(?:you|u)\s+(?:have\s+not|haven't|didn't|did\s+not|still|found\s+(?:the\s+)?time)\b|"
    r"\b(?:i\s+will|i'll)\s+ask\s+someone\s+else\b|"
    r"\bi've\s+asked\s+(?:the\s+)?\w+\s+to\s+(?:take\s+(?:another\s+pass|over)|redo|rewrite|double-check)\b|"
    r"\bwhenever\s+you\s+get\s+around\s+to\s+it\b|"
    r"\b(?:don't|do\s+not)\s+(?:think\s+i\s+)?need\s+to\s+say\s+(?:more|anything\s+else|much\s+more)\b|"
    r"\bpromised\s+(?:\w+\s+){0,3}?(?:twice|(?:two|three|four|several|many|\d+)\s+times)\b|"
    r"\bwhen\s+(?:you|u)\s+know\s+(?:someone's|someone\s+is|i'm|i\s+am)\s+(?:checking|watching|looking)\b|"
    r"\bmost\s+of\s+us\s+got\s+it\b|\balways\s+(?:so\s+)?busy,?\s+but\b|"
    r"\b(?:people|those|someone|others)\s+who\s+(?:are|is)\s+doing\s+nothing\b|"
    r"\b(?:maybe|perhaps|in\s+case)\s+you\s+(?:did\s+not|didn't|haven't|have\s+not)\s+(?:notice|noticed|"
    r"realised|realized|heard)\b|\bi\s+only\s+asked\s+(?:on|last|yesterday|this|\w+\s+days?\s+ago)\b|"
    r"\b(?:double-?check|check|review)\s+(?:anything|everything)\s+(?:he|she|they)\s+(?:touches|does|writes|"
    r"ships)\b|\b(?:i\s+am|i'm)\s+waiting\s+since\b|\bthis\s+is\s+not\s+normal\b",
    re.IGNORECASE,
)


def passive_aggressive(text: str) -> list[Span]:
    """Reminding someone you already told them, "as discussed", "some of us", a trailing "again"."""
    found = [m.span() for m in _IMPLIED_BLAME.finditer(text)]
    parts = sentences(text)
    for sentence in parts:
        if _OWNING_UP.search(sentence.text):
            continue
        if _STATUS_UPDATE.search(sentence.text) and not _YOU_ANYWHERE.search(sentence.text):
            continue  # "Heads up: this is the second time the export failed": a system, no one
        found += [
            (sentence.start + m.start(), sentence.start + m.end())
            for m in _PASSIVE_AGGRESSIVE.finditer(sentence.text)
        ]
        for match in _TRAILING_AGAIN.finditer(sentence.text):
            lead = sentence.text[: match.start()]
            if _AGAIN_OK_BEFORE.search(lead) or _AGAIN_NOT_HAPPEN.search(sentence.text):
                continue
            if _STATUS_UPDATE.search(text):
                continue
            if not (_FAILURE_RE.search(lead) or re.search(rf"\b(?:{YOU}|{YOUR})\b", lead, re.I)):
                continue
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    found += [(s.start, s.end) for s in parts if _COLD_FRAGMENT.match(s.text) and s.start > 0]
    found += [m.span() for m in _EXASPERATED.finditer(text)]
    for previous, sentence in pairwise(parts):  # "You've had two weeks. Two weeks."
        echo = sentence.text.lower().strip(" .!?…")
        said = previous.text.lower().strip(" .!?…")
        if 0 < len(echo.split()) <= 3 and said.endswith(echo) and said != echo:
            found.append((sentence.start, sentence.end))
    return found


# ---------------------------------------------------------------- condescension

_CONDESCENSION = re.compile(
    r"\b(?:it's|it\s+is|this\s+is|that's|that\s+is|it's\s+really|it\s+really)?\s*"
    r"(?:not|isn't|ain't)\s+(?:that|so|exactly|very)\s+(?:hard|difficult|complicated|complex)\b|"
    r"\bnot\s+rocket\s+science\b|\b(?:isn't|is\s+not|it's\s+not)\s+rocket\s+science\b|"
    r"\beven\s+the\s+(?:new\s+hires|interns|juniors|new\s+joiners|trainees|students)\b|"
    r"\b(?:even\s+(?:a|an|the|my)\s+(?:junior|intern|child|kid|new\s+hire|beginner|grandma|"
    r"grandmother|first[- ]year|student|trainee)|even\s+(?:juniors|interns|kids|children|"
    r"beginners))\b|"
    r"\b(?:any(?:one|body)|every(?:one|body))\s+(?:with\s+(?:a|half\s+a)\s+brain\s+)?"
    r"(?:could|would|can|should)\s+(?:have\s+)?(?:see|seen|tell|told|do|done|figure|figured|know|"
    r"known|understand|understood|spot|spotted)\b(?![^.!?\n]*\?)|"
    r"\bi\s+shouldn't\s+have\s+to\s+(?:explain|tell|say|remind|spell)\b|"
    r"\blet\s+me\s+(?:explain|spell)\s+(?:this|it)\s+(?:out\s+)?(?:slowly|again|for\s+you|simply)\b|"
    r"\b(?:try\s+to\s+keep\s+up|welcome\s+to\s+the\s+real\s+world|basic\s+stuff(?!\s+for\s+you)|"
    r"(?:this|it)\s+is\s+(?:really\s+)?basic(?!\s+(?:stuff\s+)?for\s+you)|the\s+basics|101)\b|"
    r"\bsurely\s+(?:you|u)\s+(?:know|understand|realise|realize|can\s+see)\b|"
    r"\b(?:not\s+sure\s+why|i\s+don't\s+(?:know|get|understand)\s+why)\s+(?:this|it)\s+is\s+"
    r"(?:so\s+)?(?:hard|difficult|complicated|confusing)\b|"
    r"\byou\s+had\s+one\s+job\b|"
    rf"\b{YOU}\s+do\s+(?:realise|realize|know|understand|get)\b|"
    r"\bdo\s+i\s+(?:really\s+|seriously\s+)?(?:need|have)\s+to\s+(?:spell|explain|remind|tell|"
    r"walk)\b|\b(?:not|isn't)\s+my\s+job\s+to\b|\bbaby-?sit\w*|\bhold(?:ing)?\s+your\s+hand\b|"
    r"\bhand-?hold\w*|\bspoon-?feed\w*|\bdisappointed\s+(?:in|with)\s+(?:you|u)\b|"
    r"\bthought\s+you\s+were\s+better\b|\bbetter\s+than\s+this\b|"
    r"\b(?:the\s+kind\s+of\s+)?mistakes?\s+(?:an?\s+)?(?:interns?|juniors?|beginners?|students?)"
    r"\s+(?:make|would\s+make)\b|\bact\s+like\s+(?:one|a\s+\w+|an\s+\w+|it)\b|"
    r"\bwe\s+hired\s+you\b|\bgrow\s+up\b|\bsomeone\s+with\s+(?:\w+\s+)?years\s+of\b|"
    r",\s*(?:shall\s+we|okay|ok|alright|capisce)\s*\?|"
    r"\b(?:not|isn't|is\s+not)\s+how\s+(?:a|an|any)\s+(?:senior|professional|real|good|competent|"
    r"experienced)\b|\b(?:maybe|perhaps)\s+(?:next\s+time\s+)?(?:you\s+could\s+)?try\s+(?:actually\s+)?\w+ing\b|"
    r"\bnext\s+time,?\s+(?:maybe\s+|try\s+(?:to\s+)?)?(?:think|read|look|check(?!\s+(?:with|in)\b)|"
    r"listen)\b|"
    r"\bthink\s+before\s+(?:you|u)\b|\bpay\s+(?:more\s+|closer\s+)?attention\b|"
    r"\b(?:not|aren't|don't|do\s+not|are\s+not)\s+pay(?:ing)?\s+you\s+to\b|"
    r"\bwhat\s+we\s+pay\s+you\s+for\b|\byou(?:'re|\s+are)\s+paid\s+to\b|"
    r"\bif\s+you\s+can't\s+(?:handle|manage|cope|do)\b|"
    r"\bwhen\s+you(?:'ve|\s+have)\s+(?:figured\s+out|learned|learnt|worked\s+out|understood)\b|"
    r"\b(?:please\s+)?remember\s+that\s+you(?:'re|\s+are)\b|\bi'm\s+not\s+seeing\s+it\b|"
    r"\b(?:someone|somebody|people)\s+(?:competent|capable|who\s+knows\s+what\s+(?:they're|they\s+are)"
    r"\s+doing)\b|\b(?:shouldn't|should\s+not)\s+be\s+allowed\s+(?:near|to\s+touch|anywhere)\b|"
    r"\bwhat(?:'s|\s+is)\s+so\s+(?:difficult|hard|complicated)\s+(?:in|about)\b|"
    r"\bat\s+your\s+(?:level|stage|seniority|age)\b|"
    r"\b(?:at\s+least\s+)?pretend\s+to\s+(?:care|listen|try|be\s+interested)\b|"
    r"\bwhat\s+part\s+of\b[^.?!\n]{0,40}\b(?:was|is|wasn't|isn't)\s+(?:unclear|confusing|hard|"
    r"difficult)\b|\b(?:intern|junior|new\s+hire|trainee|child|kid|student)s?\s+could\s+have\s+done\b|"
    r"\b(?:don't|do\s+not)\s+know\s+how\s+(?:else|many\s+more\s+ways)\s+to\s+(?:explain|say|put)\b|"
    r"\b(?:read|say|explain)\b[^.!?\n]{0,30}\bslowly\b|\bslowly\s+this\s+time\b|"
    r"\b(?:it's|this\s+is|it\s+is|that's)\s+(?:a\s+|such\s+a\s+|a\s+really\s+)?(?:simple|easy|trivial)\s+"
    r"(?:task|thing|fix|change|job|request|question)\b|"
    r"\bi\s+(?:don't|do\s+not)\s+see\s+why\s+(?:it\s+takes\s+)?(?:you|u)\b|"
    r"\bis\s+english\s+(?:not\s+)?your\s+first\s+language\b|\bdo\s+you\s+(?:even\s+)?speak\s+english\b|"
    r"\b(?:it's|it\s+is|this\s+is)\s+(?:literally|just|only)\s+(?:one|a|two)\s+(?:line|click|command|"
    r"button|field|word|setting)s?\b|"
    r"\bnot\s+angry,?\s+(?:just|only)\s+disappointed\b|"
    r"\ba\s+(?:child|kid|monkey|toddler)\s+could\b|\bany\s+(?:idiot|fool|moron)\b|"
    r"\b(?:it's|it\s+is|that's|just|basic|use\s+(?:your|some))\s+common\s+sense\b|"
    r"\blike\s+(?:you're|you\s+are)\s+(?:five|5|a\s+child)\b|\b(?:keep|make)\s+it\s+simple\s+for\s+you\b|"
    r"\b(?:sweetie|sweetheart|honey|darling|kiddo|champ|sunshine)\b|"
    r"\b(?:good|nice)\s+(?:effort|try)\s*,?\s*(?:though|tho)\b|"
    r"\bi'm\s+going\s+to\s+need\s+you\s+to\b|\bdo\s+(?:us\s+all|everyone|me)\s+a\s+favou?r\b|"
    r"\bcan't\s+believe\s+i\s+(?:have|had|need)\s+to\b|"
    r"\btake\s+(?:this|it|your\s+\w+|things)\s+(?:a\s+(?:lot|bit)\s+|much\s+)?more\s+seriously\b|"
    r"\b(?:beginner|rookie|newbie|amateur|junior|school-?boy|first-?year)\s+(?:mistake|error|move)\b|"
    r"\bnot\s+everyone\s+can\s+be\b|\bwhat\s+the\s+(?:more\s+)?(?:experienced|senior|grown-?ups|"
    r"adults)\b|"
    r"\b(?:perhaps|maybe)\s+(?:you\s+should\s+)?(?:ask|get|let)\s+someone\s+(?:more\s+)?(?:senior|"
    r"experienced|competent|qualified)\b|"
    r"\b(?:someone|somebody|anyone|people)\s+who(?:'ve|\s+have)?\s+actually\s+(?:understands?|knows?|cares?|reads?|"
    r"tests?|gets?|worked|works|did|built|wrote|was\s+there|read)\b|\bi\s+would\s+have\s+thought\b|\bwith\s+your\s+(?:experience|seniority|"
    r"background|title)\b|"
    r"\b(?:expected|expect|thought)\s+(?:you|u)\s+(?:to\s+|would\s+)?(?:know|understand|get|have)\b"
    r"[^.!?\n]{0,30}\bby\s+now\b|\b(?:should|would)\s+(?:know|understand|get)\s+(?:this|that|it)\s+"
    r"by\s+now\b|"
    r"\bi\s+(?:expected|expect)\s+(?:a\s+lot\s+|much\s+|far\s+|way\s+)?(?:better|more)\s+from\b|"
    r"\b(?:someone|somebody|a\s+person|people)\s+(?:at|with)\s+your\s+(?:level|experience|"
    r"seniority|salary)\b|"
    r"\bas\s+(?:any|every)\s*(?:one|body)\s+knows\b|\bas\s+you\s+(?:should|ought\s+to)\s+know\b|"
    r"\bdo\s+(?:you|u)\s+(?:even\s+)?(?:understand|know)\s+(?:how|what|the)\b",
    re.IGNORECASE,
)
# "Obviously" and "simply" talk down when the sentence is about a mistake or an instruction.
_TALKING_DOWN = re.compile(r"\b(?:obviously|clearly|simply|just\s+simply)\b", re.IGNORECASE)
_TALKING_DOWN_OK = re.compile(
    r"\b(?:simply\s+put|simply\s+(?:the\s+best|amazing|great|brilliant|wonderful|excellent)|"
    r"(?:obviously|clearly),?\s+(?:i|i'm|i've|i'll|we|we're|we'll)\b|"
    r"(?:obviously|clearly),?\s+(?:this\s+is\s+|it's\s+)?(?:a|just\s+a|only\s+a)\s+(?:nit|nitpick|"
    r"suggestion|minor|small|tiny)\b|"
    r"(?:obviously|clearly),?\s+(?:this\s+is\s+|it's\s+|you're\s+|you\s+are\s+)?(?:your\s+call|up\s+to\s+you|"
    r"the\s+expert|the\s+best\s+person)\b|"
    r"(?:obviously|clearly)\s+(?:happy|glad|thrilled|delighted|grateful|proud|loved|"
    r"enjoyed|put|cares?|worked\s+hard|(?:it's|it\s+is|that's)\s+(?:your|up\s+to\s+you)|"
    r"up\s+to\s+you))\b",
    re.IGNORECASE,
)
_INSTRUCTION_OR_FAULT = re.compile(
    rf"\b(?:{YOU}|{YOUR}|need(?:s|ed)?\s+to|should|must|wrong|not|n't|never|{_FAILURE})\b|"
    r"^\s*(?:obviously|clearly|simply)\b",
    re.IGNORECASE,
)


# Talking down by implication: "I thought it was your area", "once you've tried searching first".
_IMPLIED_DOWN = re.compile(
    r"\b(?:it's|it\s+is|this\s+is|that's)\s+(?:simply|just|only|merely)\s+a\s+matter\s+of\b|"
    rf"\bnot\s+sure\s+why\s+(?:this|it|that)\s+(?:took|takes|is\s+taking)\s+{YOU}\b|"
    r"\b(?:it's|it\s+is|this\s+is|that's|is)\s+not\s+(?:hard|difficult|complicated)\s*(?:[.!]|$)|"
    r"(?:^|(?<=[.!?]\s)|\bplease\s+)learn\s+(?:to|how\s+to)\b|"
    r"\bask\s+(?:someone|somebody|people)\s+(?:else\s+)?who\s+(?:actually\s+)?(?:knows|understands|"
    r"can)\b|"
    r"\bnot\s+sure\s+what\s+the\s+(?:hold-?up|problem|issue|big\s+deal|difficulty)\s+is\b|"
    r"\btoo\s+much\s+(?:free|spare)\s+time\b|"
    r"\bthe\s+(?:adults|grown-?ups)\s+in\s+the\s+room\b|"
    r"\blike\s+(?:a\s+)?(?:professional|grown-?up|adult|real\s+\w+)\s+(?:made|did|wrote|built|"
    r"designed|drew)\b|"
    r"\btried\s+(?:searching|googling|looking\s+(?:it\s+)?up|reading\s+the\s+\w+)\s+(?:for\s+it\s+)?"
    r"first\b|\b(?:google|search\s+for)\s+it\s+first\b|"
    rf"\b(?:i'm|i\s+am)\s+(?:a\s+bit\s+|quite\s+|really\s+)?surprised\s+(?:that\s+)?{YOU}\s+"
    r"(?:need|needed|don't|didn't|can't|couldn't|had|have|still)\b|"
    r"\bi\s+thought\s+(?:it|this|that)\s+was\s+(?:your|ur)\s+(?:area|job|thing|speciality|"
    r"specialty|field|expertise)\b|"
    r"\b(?:can't|cannot|couldn't)\s+(?:see|find)\s+(?:one|any)\s*[.!]*\s*$|"
    r"\b(?:when|once)\s+you(?:'ve|\s+have)?\s+(?:got\s+|gained\s+|had\s+)?(?:have\s+)?more\s+experience\b|"
    r"\bgiven\s+how\s+(?:much\s+time|long)\s+(?:you|u)\s+(?:had|have|took)\b|"
    r"\b(?:it|they|there|that)\s+exists?\s+for\s+a\s+reason\b|"
    r"\bi\s+thought\s+(?:it|this)\s+was\s+(?:simple|easy|straightforward)\b|"
    r"\bevery\s+(?:new\s+(?:person|hire|joiner|starter)|junior|intern)\s+(?:knows|can|gets|understands)\b|"
    r"\bthe\s+basic\s+thing\b|\bwe\s+literally\s+have\b|"
    r"\bit's\s+(?:literally\s+)?the\s+first\s+(?:one|thing|result|link)\b|"
    r"\beven\s+i\s+(?:can|could)\s+(?:see|tell|do|understand|spot)\b|\bshouldn't\s+still\s+be\b|"
    r"\bkindly\s+refrain\b|\bclearly\s+not\s+my\b|"
    r"\bsomething\s+people\s+(?:will|can|would)\s+(?:understand|use|get)\b|"
    r"\bfor\s+a\s+(?:senior|lead|principal|staff|manager|\w+\s+that\s+took)\b[^.!?\n]{0,60}\b(?:surprising|"
    r"expected|thought|would\s+have|i'd\s+have)\b|\bsurprising\s+amount\s+of\b|"
    r"\bexpected\s+(?:a\s+(?:bit|lot|little)\s+)?more\s+than\b|"
    r"\bit(?:'s|\s+is)\s+only\s+(?:one|two|three|a\s+few|\d+)\s+(?:pages?|lines?|paragraphs?|minutes?|"
    r"steps?|clicks?)\b|"
    r"\bread\s+the\s+(?:thread|docs|ticket|wiki|manual|faq|channel|doc)\s+before\s+(?:asking|you\s+ask|"
    r"posting)\b|\bnot\s+sure\s+why\s+(?:you|u)\s+(?:think|thought|would\s+think)\b|"
    r"\beasier\s+than\s+actually\b|\bstart\s+acting\s+like\b|"
    r"\bso\s+(?:she|he|they)\s+(?:has|have)\s+an\s+excuse\b|"
    r"\b(?:don't|do\s+not)\s+know\s+how\s+(?:you|u)\s+(?:passed|got\s+(?:hired|the\s+job|in)|made\s+it)\b|"
    r"\bmy\s+(?:\w+-year-old|kid|son|daughter|child|grandma|nan)\s+could\b|"
    rf"\b{YOU}\s+have\s+no\s+idea\s+what\s+(?:you're|you\s+are)\s+doing\b",
    re.IGNORECASE,
)


def condescension(text: str) -> list[Span]:
    """ "Obviously", "simply", "it's not that hard", "even a junior would…"."""
    found = [m.span() for m in _CONDESCENSION.finditer(text)]
    found += [m.span() for m in _IMPLIED_DOWN.finditer(text)]
    for sentence in sentences(text):
        for match in _TALKING_DOWN.finditer(sentence.text):
            if _TALKING_DOWN_OK.match(sentence.text, match.start()):
                continue
            if negated(sentence.text, match.start()) or self_directed(sentence.text, match):
                continue
            if not _INSTRUCTION_OR_FAULT.search(sentence.text):
                continue
            if _warm(clause_around(sentence.text, match.start())):
                continue
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


# ---------------------------------------------------------------- threats and ultimatums

_THREAT = re.compile(
    r"\bor\s+else\b|"
    r"\b(?:this\s+is|consider\s+this|that's|that\s+is)\s+(?:your|a|the|my)\s+(?:last|final)\s+"
    r"(?:warning|chance|reminder)\b|\b(?:your\s+)?(?:last|final)\s+warning\b|"
    r"\blast\s+chance\b|"
    r"\b(?:i'll|i\s+will|i'm\s+going\s+to|i\s+am\s+going\s+to|we'll|we\s+will|i'll\s+have\s+to|"
    r"i\s+will\s+have\s+to|i'd\s+have\s+to|we'll\s+have\s+to|i\s+have\s+to)\s+"
    r"(?:have\s+to\s+)?(?:escalate|report|take\s+(?:this|it)\s+(?:to|up\s+with|further)|"
    r"(?:involve|loop\s+in|cc|tell|talk\s+to|go\s+to|bring\s+in)\s+(?:hr|your\s+(?:manager|boss|"
    r"lead)|management|leadership|the\s+(?:director|vp|cto|ceo))|"
    r"(?:reconsider|rethink|review)\s+(?:your|whether\s+you)|"
    r"(?:find|get|hire)\s+someone\s+(?:else|who)|replace\s+you|remember\s+this)\b|"
    r"\b(?:escalat(?:e|ing)|report(?:ing)?|tak(?:e|ing)|bring(?:ing)?|rais(?:e|ing))\s+"
    r"(?:this|you|it)\s+(?:up\s+)?(?:to|with)\s+(?:hr|your\s+(?:manager|boss|lead)|management|"
    r"leadership|the\s+(?:director|vp|cto|ceo))\b|"
    r"\b(?:there\s+will\s+be|you'll\s+face|with)\s+consequences\b|"
    r"\b(?:your|you're|you\s+are)\s+(?:job|position|role|bonus|future\s+here)\s+(?:is|will\s+be|"
    r"might\s+be|could\s+be)?\s*(?:on\s+the\s+line|at\s+risk|in\s+danger)\b|"
    r"\b(?:on\s+thin\s+ice|don't\s+make\s+me|you'll\s+regret|you\s+will\s+regret)\b|"
    r"\b(?:in|into|on|for)\s+your\s+(?:next\s+)?(?:performance\s+review|review\s+cycle|"
    r"performance\s+plan|pip|file|record|permanent\s+record)\b|"
    r"\b(?:performance\s+improvement\s+plan|formal\s+warning|written\s+warning|disciplinary)\b|"
    r"\bi\s+won't\s+(?:ask|say\s+(?:this|it)|tell\s+you)\s+again\b|"
    r"\b(?:this|that)\s+is\s+the\s+last\s+time\s+i\b|"
    r"\bmaybe\s+(?:this|the)\s+(?:job|role|team|company)\s+(?:isn't|is\s+not)\s+for\s+you\b|"
    r"\bi'm\s+done\s+(?:asking|waiting|reminding|covering)\b|"
    r"\b(?:don't|do\s+not|never)\s+let\s+(?:it|this|that)\s+happen\s+again\b|\byou're\s+lucky\b|"
    r"\bor\s+(?:else\s+)?i(?:'ll|\s+will)?\s+(?:stop|tell|report|escalate|take|go)\b|"
    r"\bwe(?:'ll|\s+will)\s+(?:talk|discuss|speak)\s+about\s+(?:this|it)\s+(?:later|tomorrow|in\s+(?:your|"
    r"our)\s+(?:1:1|one-on-one|one-to-one|review))\b|"
    r"\b(?:i'd|i\s+would)\s+think\s+twice\s+before\b|\bkeep\s+(?:this|that|it)\s+up\s+and\s+(?:you|u)\b|"
    r"\b(?:you'll\s+be|you\s+will\s+be|you're)\s+(?:off|removed\s+from|taken\s+off)\s+(?:the|this)\s+"
    r"(?:project|team|account|rota)\b|\bconsider\s+yourself\s+warned\b|\byou've\s+been\s+warned\b|"
    r"\b(?:do|try)\s+(?:that|this|it)\s+again\s+and\b|"
    r"\bsee\s+how\s+(?:your|that)\s+(?:review|bonus|promotion|rating|appraisal)\b|"
    r"\b(?:i'm|i\s+am)\s+taking\s+(?:it|this)\s+(?:to|up\s+with)\b|"
    r"\b(?:not|isn't|is\s+not)\s+(?:the\s+)?right\s+fit\s+for\s+(?:you|u)\b|"
    r"\b(?:different|difficult|serious|formal)\s+conversation\s+(?:with|involving)\s+(?:hr|your\s+manager|"
    r"management)\b|\bif\b[^.!?\n]{0,60},?\s+(?:i'm|i\s+am)\s+(?:out|leaving|done|gone|walking)\b|"
    r"\bfinal\s+notice\b|\b(?:don't|do\s+not)\s+(?:show\s+up|come|bother\s+coming)\s+at\s+all\b|\bconsider\s+this\s+(?:your|a|my)\s+(?:\w+\s+)?warning\b|"
    r"\bgo(?:ing|es)?\s+over\s+your\s+head\b|\bwent\s+over\s+your\s+head\b|"
    r"\b(?:i'm|i\s+am|we're|we\s+are)\s+(?:escalating|reporting)\s+(?:this\s+|you\s+|it\s+)?"
    r"(?:to|with)\s+(?:hr|your\s+(?:manager|boss|lead)|management|leadership)\b|\b(?:affect|impact|reflect\s+(?:badly\s+)?on|show\s+up\s+in)\s+your\s+"
    r"(?:review|bonus|rating|promotion|performance\s+review|appraisal)\b|"
    r"\bthere\s+won't\s+be\s+a\s+next\s+time\b|"
    r"\bno\s+more\s+(?:extensions|excuses|chances|delays)\b|\bno\s+exceptions\b|\bnon-?negotiable\b|"
    r"\bexpect\s+to\s+(?:handle|deal\s+with|own|clean\s+up|fix)\b[^.!?\n]{0,40}\byourself\b|"
    r"\b(?:let\s+(?:it|this)\s+(?:slide|go)|overlook\s+(?:it|this))\s+this\s+time\b|"
    r"\b(?:serious|difficult|formal|different)\s+(?:conversation|talk|discussion)\s+about\s+(?:your|you)\b|"
    r"\b(?:moving|going)\s+forward,?\s+(?:all\s+(?:of\s+)?)?(?:your|you)\b[^.!?\n]*\b(?:will\s+"
    r"(?:need|have\s+to|be\s+(?:reviewed|checked|approved))|need\s+my|require)\b|"
    r"\bi(?:'ll|\s+will)\s+(?:let|tell)\s+(?:the\s+)?\w+\s+(?:know\s+)?(?:that\s+)?(?:it|this|the\s+\w+)"
    r"\s+(?:is|was)\s+(?:on\s+you|your\s+fault|on\s+your\s+side|because\s+of\s+you)\b",
    re.IGNORECASE,
)
# "If this happens again, I'll…" is an ultimatum; "if this happens again, let's add a check" is not.
_CONDITION_THREAT = re.compile(
    r"\b(?:if|unless)\b[^.!?\n]{0,80}?,?\s*(?:then\s+)?(?:i'll|i\s+will|i'm\s+(?:going\s+to|"
    r"taking)|we'll\s+have\s+to|i\s+have\s+to|i'll\s+have\s+to)\s+"
    r"(?:have\s+to\s+)?(?:escalate|report|take\s+(?:this|it)|involve|loop\s+in|tell\s+your|start\s+\w+ing|"
    r"talk\s+to\s+your|go\s+to|raise\s+(?:this|it)\s+with|remove|replace|pull\s+you|reassign)\b",
    re.IGNORECASE,
)


# "I'll be raising this with Sarah if it happens one more time": an action plus a repeat.
_ESCALATION = re.compile(
    r"\b(?:i'll|i\s+will|i'm\s+going\s+to|we'll|we\s+will)\s+(?:be\s+|have\s+to\s+)?"
    r"(?:rais|escalat|report|tak|bring|involv|flag)\w*\s+(?:this|it|you|that)\b",
    re.IGNORECASE,
)
_REPEAT = re.compile(
    r"\b(?:if\s+(?:it|this|that)\s+happens\s+(?:again|one\s+more\s+time)|one\s+more\s+time|"
    r"next\s+time\s+(?:it|this)\s+happens|again)\b",
    re.IGNORECASE,
)


_HEARING_ABOUT = re.compile(r"\b(?:will|'ll)\s+be\s+hearing\s+about\s+(?:this|it)\b", re.I)


def threats(text: str) -> list[Span]:
    """Threats and ultimatums: "or else", "last warning", "I'll take this to your manager"."""
    found = [m.span() for m in _THREAT.finditer(text)]
    for sentence in sentences(text):
        for match in _HEARING_ABOUT.finditer(sentence.text):
            if sentiment(sentence.text[match.end() :]) < CLEARLY_WARM_MIN:  # "…, in the best way"
                found.append((sentence.start + match.start(), sentence.start + match.end()))
    found += [m.span() for m in _CONDITION_THREAT.finditer(text)]
    for sentence in sentences(text):
        escalation = _ESCALATION.search(sentence.text)
        if escalation and _REPEAT.search(sentence.text):
            found.append((sentence.start + escalation.start(), sentence.start + escalation.end()))
    return found


# ---------------------------------------------------------------- public shaming, comparisons

_SHAMING = re.compile(
    r"\b(?:every(?:one|body)|all\s+the\s+others|the\s+rest\s+of\s+(?:the\s+team|us|them))\s+else"
    r"(?:\s+(?:on|in)\s+(?:the|this|my|our)\s+\w+)?\s+(?:managed|manages|did|does|got|gets|can|"
    r"could|was\s+able|seems|has|had|knows|finished|remembered|understood|understands)\b|"
    r"\bevery(?:one|body)\s+else\b(?=[^.!?\n]*\b(?:but|except)\s+you\b)|"
    r"\b(?:why\s+can't\s+you\s+be|be\s+more)\s+(?:more\s+)?like\s+\w+|"
    r"\b(?:unlike|compared\s+(?:to|with))\s+(?:\w+\s+){0,3}?(?:you|the\s+rest|everyone\s+else)\b|"
    r"\b(?:twice|three\s+times|\d+x)\s+as\s+(?:many|much|fast|quick)\s+[^.!?\n]{0,40}?\bas\s+you\b|"
    r"\b(?:you're|you\s+are|you\s+were)\s+the\s+only\s+(?:one|person)\s+(?:who|that)\b|"
    r"\bnobody\s+else\s+(?:has|had|needed|needs|seems|is|was|made|makes|struggles)\b|"
    r"\b(?:in\s+front\s+of|so)\s+(?:the\s+(?:whole|entire)\s+(?:team|company|org)|everyone|"
    r"the\s+client|the\s+customer|the\s+board)\s*(?:can\s+see|could\s+see|knows)?\b"
    r"(?=[^.!?\n]*\b(?:see|saw|watch|know|embarrass|look|laugh|heard))|"
    r"\bso\s+(?:everyone|everybody|the\s+(?:whole\s+)?team)\s+(?:can|could|will)\s+(?:see|learn)\b|"
    r"\b(?:i'm|i\s+am|i'll|i\s+will|i'm\s+going\s+to)\s+(?:share|post|forward|show|send|sharing|"
    r"posting|forwarding)\s+(?:this|it|your\s+\w+)\s+(?:to|with|in)\s+(?:the\s+(?:whole\s+)?team|"
    r"everyone|#\w+|the\s+(?:\w+\s+)?channel|management)\b|"
    r"\b(?:the\s+(?:whole|entire)\s+team|every(?:one|body)|people)\s+(?:is|are)\s+"
    r"(?:tired|sick|fed\s+up|talking|laughing|complaining)\b|"
    r"\bthe\s+rest\s+of\s+us\s+(?:fix|clean|have\s+to|had\s+to|do|pick|cover)\b|"
    r"\b(?:the\s+(?:whole\s+|entire\s+)?(?:\w+\s+)?team|every(?:one|body)|people|they)\s+"
    r"(?:is|are|were|was)\s+laughing\b|"
    r"\b(?:makes?|made|making)\s+(?:me|us|the\s+(?:whole\s+)?team|everyone|all\s+of\s+us)\s+look\s+"
    r"(?:bad|stupid|like\s+(?:idiots|fools|amateurs|clowns)|unprofessional|incompetent|terrible|awful)\b|"
    r"\bdeserves?\s+better\s+than\s+(?:your|you|this)\b|"
    r"\b(?:the\s+)?(?:worst|slowest|weakest)\s+(?:\w+\s+)?(?:on|in|of)\s+the\s+team\b",
    re.IGNORECASE,
)
_COMPARED = re.compile(
    r"\b(?:manage|managed|manages|do|did|does|cope|run|runs)\s+(?:just\s+)?fine\s+without\s+(?:you|u)\b|"
    r"\bin\s+half\s+(?:of\s+)?the\s+time\b|\b(?:do|be|work)\s+(?:more\s+)?like\s+(?:her|him|them)\b|"
    r"\bas\s+an\s+example\s+of\s+what\s+not\s+to\s+do\b|"
    r"\b(?:shared|posted|forwarded)\s+your\s+(?:reply|message|email|work|code|doc|answer)\s+(?:in|to|with)\s+"
    r"the\s+(?:team|channel|whole|group)\b|\bbefore\s+(?:you|u)\s+did\b|"
    r"\bthrew\s+(?:\w+\s+){0,3}?under\s+the\s+bus\b|"
    r"\b(?:nobody|no\s+one)\s+(?:here\s+)?(?:thinks|believes|agrees)\b(?!\s+(?:you|you're|u|your)\b)|"
    r"\bother\s+(?:people|colleagues|devs|engineers|designers)\s+(?:in\s+(?:the\s+)?team\s+)?(?:finish|do|"
    r"did|manage|ship|handle|close)\b|\b(?:has|have)\s+a\s+better\s+(?:eye|feel|sense|grasp)\s+for\b|"
    r"\b(?:better|more\s+\w+|cleaner|faster|nicer|neater|clearer)\s+than\s+(?:yours|ur(?:s)?)\b|"
    r"\bother\s+teams?\s+(?:\w+\s+)?(?:do|did|does|manage|managed|finish|finished|ship|shipped|"
    r"deliver|delivered)\s+(?:this|it|that)\s+in\b|"
    r"\b(?:isn't|is\s+not|who's\s+not|not)\s+(?:even\s+)?an?\s+\w+,?\s+(?:and\s+)?(?:she|he|they)\s+"
    r"(?:got|understood|figured|did)\s+it\b|"
    r"\b(?:the\s+)?(?:new\s+hire|intern|interns|junior|juniors|new\s+guy|new\s+girl|graduate|"
    r"rest\s+of\s+the\s+team|others)\s+(?:picked|did|does|managed|figured|got|finished|handled)\b"
    r"(?=[^.!?\n]*\b(?:you|u)\b)|"
    r"\b(?:nobody|no\s*one)\s+(?:wants|likes|enjoys)\s+(?:to\s+work\s+with|working\s+with)\s+"
    r"(?:you|your)\b",
    re.IGNORECASE,
)
_REST_MANAGE = re.compile(
    r"\bthe\s+rest\s+of\s+(?:the\s+team|us|them)\s+(?:manages?|managed|can|could|did|does|gets?|got|"
    r"seems?|hits?)\b(?=[^\n]*\b(?:you|your)\b)",
    re.IGNORECASE,
)
_EXCEPT_YOU = re.compile(
    r"\bevery(?:one|body)\b[^.!?\n]*\b(?:except|but)\s+(?:for\s+)?(?:you|u)\b|"
    r"\b(?:the|my|your|our)\s+(?:manager|boss|director|vp|client|customer|ceo|cto|lead)\s+(?:noticed|saw|"
    r"spotted|found|caught|complained\s+about)\s+(?:your|you)\b",
    re.IGNORECASE,
)
# Case matters only for the name in "Priya never has this problem".
_AUDIENCE_BROUGHT_IN = re.compile(
    r"(?i:\b(?:cc(?:'ing|ing|'d|ed)?|copied|copying|looped\s+in|looping\s+in|forwarded\s+this\s+to)\s+"
    r"(?:in\s+)?(?:your|the)\s+(?:manager|boss|lead|director|whole\s+team|team)\b|"
    r"\bwhat\s+not\s+to\s+do\b)|\b[A-Z]\w+\s+never\s+has\s+(?:this|that|these)\s+problems?\b",
)
_THEY_DID_IT = re.compile(
    r"\b(?:[Ss]ince|[Bb]ecause)\s+[A-Z][a-z]+\s+(?:couldn't|didn't|can't|failed\s+to|forgot\s+to|never)\b|"
    r"\b[A-Z]\w+\s+(?:shipped|finished|delivered|did|sent|submitted|closed)\s+(?:his|her|their)\s+"
    r"(?:part|bit|share|work|tickets?|section)\b(?=[^\n]*\b(?:you|your)\b)",
)
_COMPLAINTS = re.compile(
    r"\b(?:customers|clients|people|colleagues|others|everyone|users)\s+(?:\w+\s+)?(?:complain|"
    r"complained|complaining|are\s+complaining)\s+about\s+(?:you|your)\b|"
    r"\b(?:obvious|clear|visible|embarrassing|painful)\s+to\s+(?:everyone|everybody|the\s+whole\s+"
    r"(?:team|room)|all\s+of\s+us|the\s+client)\b",
    re.IGNORECASE,
)
_EXPOSED = re.compile(
    r"\b(?:the|my|your|our)\s+(?:manager|boss|director|vp|client|customer|ceo|cto|lead|head\s+of\s+\w+)"
    r"\s+(?:asked|complained|noticed|said|mentioned|wanted\s+to\s+know)\s+(?:me\s+|to\s+me\s+)?"
    r"(?:why|how|about|that)\s+(?:you|your)\b",
    re.IGNORECASE,
)
_NOTICING = re.compile(
    r"\b(?:people|everyone|everybody|others|the\s+team|folks|the\s+client)\s+(?:are|is|have|has)\s+"
    r"(?:starting\s+to\s+|beginning\s+to\s+|already\s+)?(?:notice|noticing|noticed|talking|asking)\b"
    r"(?=[^.!?\n]*\b(?:you|your)\b)",
    re.IGNORECASE,
)
_EVERYONE_THINKS = re.compile(
    r"\b(?:every(?:one|body)|the\s+whole\s+team|people|the\s+team)\s+(?:has\s+|have\s+)?"
    r"(?:thinks|knows|saw|noticed|seen|heard|"
    r"agrees|said|complained)\b",
    re.IGNORECASE,
)


_AUDIENCE = re.compile(
    r"\bin\s+front\s+of\s+(?:the\s+(?:whole\s+|entire\s+)?(?:team|client|customer|board|company|"
    r"channel)|everyone|everybody|the\s+others|all\s+of\s+us|leadership)\b",
    re.IGNORECASE,
)


def shaming(text: str) -> list[Span]:
    """Public shaming and comparisons: "everyone else managed", "why can't you be like Sam"."""
    found = [m.span() for m in _SHAMING.finditer(text)]
    found += [m.span() for m in _NOTICING.finditer(text)]
    found += [m.span() for m in _COMPARED.finditer(text)]
    found += [m.span() for m in _EXPOSED.finditer(text)]
    found += [m.span() for m in _REST_MANAGE.finditer(text)]
    found += [m.span() for m in _COMPLAINTS.finditer(text)]
    found += [m.span() for m in _EXCEPT_YOU.finditer(text)]
    found += [m.span() for m in _THEY_DID_IT.finditer(text)]
    for sentence in sentences(text):
        if (
            sentiment(sentence.text) < CLEARLY_WARM_MIN
        ):  # not "cc'ing your manager so she sees the praise"
            found += [
                (sentence.start + m.start(), sentence.start + m.end())
                for m in _AUDIENCE_BROUGHT_IN.finditer(sentence.text)
            ]
    for sentence in sentences(text):
        matches = [*_EVERYONE_THINKS.finditer(sentence.text), *_AUDIENCE.finditer(sentence.text)]
        for match in matches:
            if sentiment(sentence.text) <= NEGATIVE_CLAUSE_MAX:
                found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


# ---------------------------------------------------------------- dismissiveness

_DISMISSIVE = re.compile(
    r"(?:^|(?<=[.!?]\s))\s*(?:whatever|fine|k|noted|sure|ok|okay)\s*[.!]+(?=\s|$)|"
    r"\bwhatever(?:\s+you\s+(?:say|want|think))?(?=\s*[.,!]|\s*$)|"
    r"\bwho\s+cares\b|\b(?:not\s+my|that's\s+your|that\s+is\s+your|your)\s+problem\b|"
    r"\bi\s+(?:don't|do\s+not)\s+have\s+time\s+for\s+(?:this|that|it|your)\b|"
    r"\b(?:not|isn't|is\s+not)\s+worth\s+(?:my|our|the)\s+time\b|\bno\s*(?:one|body)\s+asked\b|"
    r"\bnobody\s+cares\b|\bno\s*one\s+cares\b|\bif\s+you\s+say\s+so\b|"
    r"\bdo\s+whatever\s+you\s+want\b|\b(?:do\s+it|have\s+it)\s+your\s+way\b|"
    r"\b(?:you're|you\s+are|stop)\s+(?:over-?thinking|over-?reacting|being\s+(?:dramatic|"
    r"sensitive|emotional))\b|"
    r"\bcalm\s+down\b|\bget\s+over\s+it\b|\bdeal\s+with\s+it\b|\bmove\s+on\b(?=\s*[.!]|\s*$)|"
    r"\bgood\s+luck\s+with\s+that\b|\bnot\s+interested\b|"
    r"(?<!not\s)(?<!n't\s)(?<!never\s)\bforget\s+it\b(?=\s*[.!,]|\s*$)|"
    r"\b(?:let\s+me\s+know|tell\s+me)\s+when\s+you(?:'re|\s+are)\s+(?:ready|willing)\s+to\s+"
    r"(?:take|do|be)\b|"
    r"\b(?:if|when)\s+you\s+(?:ever\s+)?(?:get|find)\s+(?:a|the)\s+(?:minute|moment|chance)\s+"
    r"(?:to\s+)?(?:care|bother)\b|\bit\s+is\s+what\s+it\s+is\b|"
    r"\bthat's\s+(?:not\s+)?(?:how\s+it\s+works|the\s+way\s+it\s+is)\b(?=\s*[.!]|\s*$)|"
    r"\bi'm\s+not\s+(?:going\s+to|gonna)\s+(?:repeat|argue|explain)\b|"
    r"\bnot\s+(?:up\s+for|open\s+to)\s+(?:discussion|debate)\b|"
    r"\bnot\s+what\s+i\s+(?:asked|wanted|need)\b|\bdon't\s+bother\b|"
    r"\bdo\s+whatever\s+you\s+(?:think|like|feel)\b|"
    r"\b(?:don't|do\s+not)\s+have\s+to\s+(?:explain|justify)\s+myself\b|"
    r"\bnot\s+my\s+(?:concern|department|responsibility)\b|"
    r"\b(?:let's\s+not|don't)\s+waste\s+(?:any\s+more\s+|more\s+)?(?:time|my\s+time|our\s+time)\b|"
    r"(?:^|(?<=[.!?]\s))(?:next|irrelevant|not\s+now|moving\s+on)\s*[.!]|\b(?:that's|that\s+is)\s+irrelevant\b|"
    r"\b(?:don't|do\s+not)\s+care\s+(?:how|why|what\s+your|about\s+your)\b|"
    r"\bstop\s+pretending\b|\b(?:don't|do\s+not)\s+need\s+a\s+lecture\b|\bspare\s+me\s+the\s+lecture\b|"
    r"\bnice\s+try\b|\byou\s+do\s+you\b|\bi\s+don't\s+remember\s+asking\b|"
    r"(?:^|(?<=[.!?]\s))i'm\s+done\s*[.!]|\byeah,?\s+no\b|\bwe're\s+not\s+doing\s+that\b|\bwhat's\s+the\s+point\s+of\s+(?:having\s+)?(?:you|u|your)\b|"
    r"\b(?:don't|do\s+not)\s+come\s+(?:to\s+me|crying|running)\b|\ba\s+(?:you|u|your)\s+problem\b|"
    r"\b(?:nobody|no\s*one)\s+(?:is\s+going\s+to|will|would|is\s+gonna)\s+(?:use|read|want|care|buy|"
    r"notice)\b|"
    r"\b(?:i'm|i\s+am)\s+done\s+(?:with\s+this|here|talking|discussing)\b|"
    r"\b(?:i'm|i\s+am)\s+not\s+your\s+(?:personal\s+)?(?:assistant|secretary|mom|mother|mum|dad|"
    r"babysitter|nanny|servant|maid|therapist|google)\b|"
    r"\b(?:not\s+going\s+to|won't|refuse\s+to)\s+(?:review|look\s+at|read|approve)\s+(?:this|it)\s+"
    r"until\b|\bin\s+a\s+state\s+worth\b|"
    r"\bgood\s+luck\s+(?:explaining|convincing|getting|fixing|finding|selling|justifying)\b|"
    r"\b(?:nobody|no\s*one)\s+has\s+(?:the\s+)?time\s+(?:for|to)\b|"
    r"\bwhat\s+(?:you|he|she|they)\s+(?:even\s+|actually\s+)?do\s+all\s+day\b|"
    r"\b(?:don't|do\s+not)\s+want\s+(?:to\s+hear\s+)?(?:any\s+)?excuses\b|\bno\s+excuses\b|"
    r"\bnot\s+sure\s+what\s+you\s+were\s+(?:going\s+for|trying\s+to\s+do|thinking)\b|"
    r"\b(?:nobody|no\s+one)\s+(?:reads|uses|looks\s+at|needs|wants)\s+(?:your|those|these|them)\b|"
    r"\bstop\s+(?:complaining|whining|moaning|making\s+excuses)\b|\bspare\s+me\b|"
    r"\b(?:figure|sort)\s+it\s+out\s+(?:yourself|on\s+your\s+own)\b|\bgoogle\s+it\b|"
    r"\b(?:k|ok|okay|fine|sure)\s+whatever\b|\bwhatever,?\s+(?:do|just)\b|"
    r"\bdo\s+what\s+(?:you|u)\s+(?:want|like)\b|"
    r"(?:^|(?<=[.!?]\s))(?:okay|ok|fine|sure),?\s+noted\b|"
    r"\banyway,?\s+the\s+real\s+(?:question|issue|point|problem)\b|"
    r"\bwhat\s+the\s+rest\s+of\s+us\s+think\b|"
    r"\b(?:feedback|input|opinions?|thoughts|views|comments|help)\s+(?:from\s+[\w\s]{1,20}?\s+)?"
    r"(?:isn't|is\s+not|aren't|are\s+not)\s+(?:really\s+)?(?:needed|required|necessary|wanted)\b|"
    r"\b(?:not\s+going\s+to|won't|not\s+gonna)\s+(?:review|read|go\s+through)\s+(?:this|it)\s+line\s+by\s+"
    r"line\b|\bready\s+for\s+a\s+real\s+(?:review|look|discussion)\b|"
    r"\bfile\s+(?:it|this|that)\s+with\s+the\s+(?:rest|others)\b|"
    r"\b(?:nvm|never\s*mind),?\s+(?:i'll|ill|i\s+will)\s+ask\s+someone\b|"
    r"\bi\s+(?:don't|do\s+not)\s+need\s+(?:an?\s+|your\s+)?(?:explanation|excuses?|reasons?|story)\b|"
    r"\b(?:feelings|concerns|opinions?)\s+(?:\w+\s+){0,4}?(?:are|is)\s+noted\b|"
    r"\bnot\s+(?:really\s+)?relevant\s+here\b|"
    r"\blet's\s+not\s+make\s+(?:this|it)\s+(?:a\s+thing|a\s+big\s+deal|about\s+you)\b|"
    r"\b(?:you're|you\s+are)\s+upset\s+about\b[^.!\n]*\?|"
    r"\bwouldn't\s+get\s+(?:too\s+)?attached\b|"
    r"\b(?:don't|do\s+not)\s+(?:speak|talk|comment)\s+(?:up\s+)?in\s+(?:the|our)\s+(?:meeting|call)\b|"
    r"\bhard\s+no\b|\bstop\s+wasting\s+(?:time|our\s+time|my\s+time)\s+on\b|"
    r"\b(?:don't|do\s+not)\s+want\s+to\s+hear\s+(?:any\s+)?(?:explanations?|reasons?|stories)\b",
    re.IGNORECASE,
)


def dismissive(text: str) -> list[Span]:
    """Waving someone off: "whatever", "not my problem", "I don't have time for this"."""
    return [m.span() for m in _DISMISSIVE.finditer(text)]


# ---------------------------------------------------------------- shouting

# Capitalised words that are acronyms, not shouting ("the API is down" shouts at nobody).
_ACRONYMS = frozenset(
    """
    api apis pr prs qa ci cd ui ux sla slas okr okrs kpi kpis ceo cto cfo vp hr it id ids url
    urls sql css html json yaml xml pdf csv aws gcp sso mfa db dns http https tls ssl ssh vpn
    ios os sdk cli ram cpu gpu eta eod eow asap fyi tbh imo imho afaik btw lgtm wip tldr ooo pto
    faq nda b2b b2c saas roi q1 q2 q3 q4 h1 h2 gdpr soc utc est pst gmt usa uk eu nyc sf la cet
    bst ok mvp poc rfc adr jira svg png jpg gif npm pip mr mrs dm dms irl rip ai ml llm nps
    readme todo fixme changelog license makefile dockerfile nb ps cc bcc rsvp aka etc tba tbd
    ga rc qa sre devops oncall sev sev1 sev2 p0 p1 p2 p3 rca kb gb mb tb ms
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']{1,}\b")
_PUNCT_RUN = re.compile(r"[!?]{2,}|!{1,}\?+|\?+!+")


def shouting(text: str) -> list[Span]:
    """Runs of capitals ("WHO APPROVED THIS") and piled-up "!!" / "??" outside warm sentences."""
    found: list[Span] = []
    glad = sentiment(text) >= CLEARLY_WARM_MIN  # "The export bug is DEAD. Thank you!"
    for sentence in sentences(text):
        caps = [
            m
            for m in _CAPS_WORD.finditer(sentence.text)
            if m.group(0).lower().strip("'") not in _ACRONYMS
            and m.group(0) != "I"
            and not m.group(0).startswith("I'")
        ]
        run: list[re.Match[str]] = []
        for match in caps:
            if run and sentence.text[run[-1].end() : match.start()].strip(" ,"):
                _add_caps(found, sentence, run, glad)
                run = []
            run.append(match)
        _add_caps(found, sentence, run, glad)
        warm = _THANKS.search(sentence.text) or (
            (glad or _warm(sentence.text) or _EAGER.search(sentence.text))
            and not _FAILURE_RE.search(sentence.text)
        )
        if not warm and not _OWNING_UP.search(sentence.text):  # "i broke it, sorry!!"
            found += [
                (sentence.start + m.start(), sentence.start + m.end())
                for m in _PUNCT_RUN.finditer(sentence.text)
            ]
    return found


# Capitalised names in code talk ("ABORT and PANIC are constants"), and eager exclamations
# ("otherwise ship it!!"): no one is shouted at.
_CODE_TALK = re.compile(
    r"\b(?:constants?|enums?|env\s+vars?|variables?|keys?|flags?|functions?|columns?|macros?|"
    r"formulas?|commands?|snake_case|[A-Z]+_[A-Z_]+)\b",
    re.IGNORECASE,
)
_EAGER = re.compile(
    r"\b(?:ship\s+it|let's\s+go|go\s+for\s+it|you\s+got\s+this|can't\s+wait|yay|woo+|whoa|wow|"
    r"congrats|congratulations|thank|thanks|omg|obsessed|love)\b",
    re.IGNORECASE,
)


# Words capitalised to raise the voice ("Can you PLEASE stop"), whatever the sentence's tone,
# and the short words of a shouted sentence ("READ THE DOCS"). Other short capitalised words are
# names and acronyms ("WCAG AA").
_EMPHASIS = frozenset(
    """
    PLEASE STOP NOW NEVER ALWAYS NOT NO WHY WHAT AGAIN STILL EVER SO REALLY ACTUALLY EVERY ALL MUST
    NEED DO DON'T READ LISTEN ONE ONCE TWICE ANY ANYONE NOBODY THE AND YOU WHO HOW THIS THAT DID
    DOES WAS ARE IS IT TO OF IN ON FOR JUST WITH MY YOUR ME WE OUR CAN GET FIX DONE BEEN HAVE HAS
    HAD OUT UP OFF YES TOO VERY MORE LESS TIME BE AT AN IF OR BUT GO SEE EVEN HERE THEM THEY HE
    SHE HIS HER WILL LATE WORK SEND CALL
    """.split()  # noqa: SIM905 (a word list reads better as words)
)
_LONG_WORD = 5


def _add_caps(
    found: list[Span], sentence: Sentence, run: list[re.Match[str]], glad: bool = False
) -> None:
    """A run of two capitalised words, or one of four letters or more, is shouting.

    A single word is not shouting in a warm sentence or draft (`glad`), or in talk about code
    ("show me VLOOKUP"), unless people raise their voice with it ("Can you PLEASE stop").
    """
    if not run:
        return
    words = [m.group(0) for m in run]
    if all(len(w) < _LONG_WORD and w not in _EMPHASIS for w in words):
        return  # "WCAG AA", "DEAD": short names, acronyms or a single emphatic word
    emphasis = len(run) == 1 and words[0] in _EMPHASIS
    calm = sentiment(sentence.text) > NEGATIVE_CLAUSE_MAX and not _FAILURE_RE.search(sentence.text)
    quiet = glad or calm or _CODE_TALK.search(sentence.text)
    if len(run) == 1 and not emphasis and (quiet or run[0].start() == 0):
        return  # …or the first word: "HIPAA refresher is due Friday" names a thing
    if len(run) >= 2 or len(words[0]) >= 4:
        found.append((sentence.start + run[0].start(), sentence.start + run[-1].end()))


# ---------------------------------------------------------------- accusing rhetorical questions

_ACCUSING = re.compile(
    r"\b(?:did|have|do)\s+(?:you|u)\s+[^.!?\n]{0,40}?\bat\s+all\b(?=\s*(?:\?|or\b))|"
    r"\bstill\s+(?:not|isn't|hasn't|haven't|wasn't)\s+(?:\w+\s+)?(?:done|fixed|ready|merged|finished|"
    r"sent|here|updated|answered|started)\b|"
    r"\bthis\s+is\s+what\s+(?:you|u)(?:'ve|\s+have)\s+been\s+(?:doing|working\s+on)\b|"
    r"\b(?:did|does|has|have|is)\s+(?:anyone|anybody|someone|somebody|no\s*one|nobody)\s+"
    r"(?:even|actually|bother)\b|"
    rf"\b(?:did|do|have|does|were|are|can|could)\s+{YOU}\s+(?:even|actually|ever|really|not)\s+"
    r"(?!get\s+(?:a\s+)?chance|have\s+(?:a\s+)?(?:chance|time|a\s+moment)|mind)\w+|"
    r"\bwho\s+(?:on\s+earth\s+|the\s+hell\s+)?(?:approved|wrote|signed\s+off|thought|decided|"
    r"merged|reviewed|let|allowed|designed|okayed|ok'd)\b|"
    rf"\bwhat\s+(?:on\s+earth\s+|the\s+hell\s+|exactly\s+)?(?:were|was)\s+{YOU}\s+thinking\b|"
    rf"\bwho\s+(?:told|asked|allowed|said\s+to)\s+{YOU}\b|"
    r"\b(?:did|does|has)\s+it\s+(?:ever\s+)?(?:occur(?:red)?|cross(?:ed)?\s+your\s+mind)\b|"
    r"\bwhy\s+(?:does|do|is|are)\s+(?:every|all|each)\b[^?\n]{0,30}\b(?:you|your)\b|"
    r"\b(?:are|were)\s+we\s+(?:really|seriously|honestly)\s+(?:doing|having|going|back)\b|"
    r"\b(?:can't|cannot|couldn't|won't|don't)\s+(?:you|u)\s+(?:do|just|ever|even|at\s+least|manage|"
    r"remember)\b|"
    r"(?<!know\s)(?<!knows\s)(?<!wondering\s)\bwho\s+(?:exactly\s+)?(?:is|was)\s+responsible\s+for\b|"
    rf"\b(?:did|have|do|were|are|can|could)\s+{YOU}\s+not\b|"
    rf"\b{YOU}\s+(?:didn't|did\s+not|haven't|have\s+not|never)\s+(?:think|bother|check|read|test|ask|"
    r"notice|see)\b|"
    r"\bhave\s+you\s+ever\s+heard\s+of\b|\bwhat's\s+your\s+excuse\b|"
    r"\bdid\s+(?:anyone|anybody|someone|somebody)\s+(?:test|check|review|read|look\s+at|try)\b|\bwhat's\s+wrong\s+with\s+(?:you|u)\b|"
    r"\bhow\s+hard\s+can\s+it\s+(?:really\s+)?be\b|\bwhy\s+is\s+(?:this|it)\s+so\s+(?:hard|difficult|"
    r"complicated)\b|"
    r"\bhow\s+is\s+(?:this|it|that)\s+still\s+(?:happening|broken|a\s+thing|an\s+issue|a\s+problem)\b|"
    r"\bdid\s+\w+(?:\s+\w+)?\s+really\s+(?:need|have)\s+to\b|"
    r"\bwhy\s+would\s+(?:anyone|anybody|someone|you|u)\s+(?:think|do|choose|decide|ship|approve|"
    r"write|build|design)\b|"
    r"\bwhy\s+am\s+i\s+(?:only\s+)?(?:hearing|finding\s+out|learning)\b|"
    rf"\b(?:did|have)\s+{YOU}\s+(?:read|check|look\s+at|test|open|try)\b[^?\n]{{0,40}}\bor\s+"
    r"(?:just|did\s+you\s+just)\b|"
    r"\b(?:what|why|how)\s+(?:on\s+earth|the\s+hell|the\s+heck|in\s+the\s+world)\b|"
    r"\bhow\s+(?:hard|difficult)\s+(?:is|can)\s+it\s+(?:be\s+)?(?:to|for)\b|"
    r"\bhow\s+many\s+(?:more\s+)?times\s+(?:do|have|must|will|should)\s+(?:i|we)\b|"
    r"\bare\s+(?:you|u)\s+(?:serious|kidding|joking|for\s+real|even\s+\w+)\b|"
    r"\b(?:is|was)\s+it\s+(?:really\s+)?(?:too\s+much|so\s+hard|that\s+hard|so\s+difficult|that\s+"
    r"difficult)\s+to\b|"
    r"\b(?:is|are|does|do)\s+(?:anyone|anybody|someone|somebody)\b[^?\n]{0,30}\b(?:actually|even|ever)\b|"
    rf"\bwhy\s+(?:on\s+earth\s+)?(?:didn't|don't|can't|won't|wouldn't|haven't|hasn't|isn't|aren't|"
    rf"wasn't|weren't|couldn't|would|did\s+nobody|does\s+nobody|is\s+no\s*one)\s+{YOU}\b|"
    r"\bwhy\s+(?:is|are|was|were)\s+(?:this|these|it|that|there)\s+(?:still|always|never|again)\b|"
    r"\bwhy\s+(?:do|does)\s+(?:this|it)\s+(?:always|keep|never)\b|"
    rf"\bwhy\s+(?:do|does|did|must|would)\s+{YOU}\s+(?:always|never|keep|constantly|insist|even)\b|"
    rf"\bwhy\s+{YOU}\s+(?:not|never|don't|didn't|no|always|keep)\b|"
    rf"\bhow\s+(?:could|can|did|do)\s+{YOU}\s+(?:not|possibly|even|miss|forget|break|manage\s+to|"
    r"let|think)\b|"
    r"\bi\s+(?:don't|do\s+not|can't|cannot)\s+(?:understand|see|believe|fathom|get)\s+how\s+"
    r"(?:you|anyone|someone|somebody)\s+(?:could|would|can|managed|missed|forgot|broke)\b|"
    r"\b(?:care\s+to\s+explain|any\s+reason\s+(?:why\s+)?(?:you|u))\b|"
    rf"\bis\s+there\s+a\s+reason\s+(?:why\s+)?{YOU}\s+(?:didn't|haven't|never|don't|can't|won't|"
    r"ignored|skipped)\b|"
    r"\bwhat\s+part\s+of\b[^?\n]{0,40}\b(?:don't|didn't)\s+(?:you|u)\b|"
    r"\b(?:seriously|really)\s*\?|\bwas\s+(?:that|this)\s+(?:really\s+)?necessary\s*\?|"
    r"\bwhere\s+(?:were|was)\s+(?:you|u)\b(?=[^.!\n]*\?)|"
    r"\beven\s+once\s*\?|\bor\s+did\s+(?:you|u)\s+just\s+want\b|\byou're\s+asking\s+me\s+now\b|"
    r"\bafter\s+you\s+already\b|\bwhy\s+(?:it|this)\s+takes?\s+(?:you|so)\b",
    re.IGNORECASE,
)


# Accusations that need no question mark.
_ACCUSING_ALWAYS = re.compile(
    r"\bsurprised\s+(?:this|it|that)\s+(?:passed|got\s+through|made\s+it)\b|"
    r"\bnot\s+sure\s+how\s+(?:this|it)\s+(?:got|made\s+it)\s+(?:this\s+far|past|through)\b|"
    r"(?:^|(?<=[.!?]\s))what\s+(?:is|was|'s)\s+(?:this|that)\s*\?+|"
    r"(?:^|(?<=[.!?]\s))(?:please\s+)?explain\s+(?:to\s+me\s+)?(?:how|why)\b|"
    r"\bi\s+(?:don't|do\s+not|can't|cannot)\s+(?:understand|see|believe|fathom|get)\s+how\s+"
    r"(?:you|u|anyone|someone|somebody)\s+(?:could|would|can|managed|missed|forgot|broke|didn't)\b|"
    rf"\bwhat\s+(?:exactly\s+|the\s+hell\s+)?(?:have|had|were)\s+{YOU}\s+been\s+doing\b|"
    r"\bwhat\s+(?:is|was)\s+(?:this|that)\s+(?:supposed\s+to\s+(?:be|mean)|even)\b",
    re.IGNORECASE,
)


def accusing_questions(text: str) -> list[Span]:
    """Questions that accuse: "did you even…?", "who approved this?", "how hard is it to…?".

    Only in questions (a "?" ends the sentence) or chat with no punctuation at all, so "I don't
    know who wrote the runbook, but it's great" is left alone.
    """
    found = [m.span() for m in _ACCUSING_ALWAYS.finditer(text)]
    for sentence in sentences(text):
        question = sentence.text.rstrip().endswith("?") or not re.search(r"[.!]", sentence.text)
        if not question and "?" not in sentence.text:
            continue
        for match in _ACCUSING.finditer(sentence.text):
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


# ---------------------------------------------------------------- content-free verdicts

_VERDICTS = (
    r"pointless|half-?baked|garbage|trash|rubbish|crap|crappy|terrible|awful|horrible|horrendous|"
    r"atrocious|embarrassing|amateur(?:ish)?|nonsense|unacceptable|sub-?par|mediocre|"
    r"a\s+waste\s+of\s+(?:time|everyone's\s+time|space|effort)|waste\s+of\s+time|"
    r"makes\s+no\s+sense|(?:doesn't|does\s+not|didn't)\s+make\s+(?:any\s+)?sense|lame|"
    r"boring|unreadable|unusable|ugly|a\s+nightmare|spaghetti|ridiculous|absurd|laughable|shoddy|"
    r"not\s+good\s+enough|below\s+(?:the\s+)?(?:bar|standard)|not\s+up\s+to\s+(?:par|standard|scratch)|"
    r"meh|junk|a\s+dumpster\s+fire|a\s+train\s*wreck|a\s+clown\s+show|a\s+circus|"
    r"a\s+step\s+backwards|disappointing|sub-?standard|bad|so\s+bad|really\s+bad|"
    r"(?:a\s+)?waste\s+of\s+(?:an?\s+)?(?:\w+\s+)?(?:hour|day|morning|afternoon|meeting|money|week)|"
    r"(?:a|less\s+of\s+a|more\s+of\s+a|such\s+a)\s+(?:disaster|catastrophe|shambles|fiasco|trainwreck|"
    r"train\s+wreck)|"
    r"(?:sounds?|reads?|looks?)\s+like\s+(?:a\s+)?(?:robot|machine|bot|chatgpt|child|kid|toddler)\s+"
    r"(?:wrote|made|drew|did)|it's\s+not\s+even\s+funny|"
    r"(?:this|that|what\s+a)\s+(?:disaster|catastrophe|shambles|fiasco|trainwreck)|"
    r"(?:doesn't|does\s+not|didn't)\s+(?:look|seem|sound|feel)\s+like\s+(?:you|u|anyone|someone)\s+"
    r"(?:spent|put|tried|read|tested|checked|thought|cared|bothered)|"
    r"(?:(?<=\bis\s)|(?<=\bare\s)|(?<=\bwas\s)|(?<=\bwere\s))(?:\w+\s+)?(?:exhausting|tedious|"
    r"a\s+chore|a\s+pain)|looks?\s+like\s+(?:a\s+(?:child|kid|toddler|five-year-old|monkey)|my\s+kid)\s+"
    r"(?:drew|made|wrote|did|designed|built)|"
    r"(?:embarrassed|ashamed)\s+to\s+(?:show|share|send|present|put\s+my\s+name)|"
    r"(?:reads?|looks?|feels?)\s+like\s+(?:it\s+was|they\s+were)\s+(?:written|made|done|thrown\s+together|"
    r"put\s+together)\s+(?:the\s+night\s+before|in\s+a\s+hurry|in\s+five\s+minutes|at\s+the\s+last\s+"
    r"minute|on\s+the\s+bus)|"
    r"dreadful|abysmal|appalling|shambolic|lackluste?re|inadequate|amateur\s+hour|what\s+a\s+mess|"
    r"(?:very|really|pretty)\s+poor|poor\s+(?:work|quality|job|effort|performance|attempt|showing)|"
    r"nowhere\s+near|(?:not|un)\s*impressed|(?:no\s*one|nobody)\s+(?:is|was)\s+impressed|"
    r"not\s+even\s+close|(?<![\w,]\s)(?<=^)not\s+(?:great|good)\b|"
    r"not\s+(?:great|good)\s+at\s+all|"
    r"not\s+acceptable|thrown\s+together|slapped\s+together|half-(?:finished|done|assed|hearted)|"
    r"(?<!at\s)(?:the\s+)?worst(?![- ]case)|the\s+(?:weakest|poorest|sloppiest)|"
    r"painful\s+to\s+(?:sit\s+through|watch|read|listen\s+to|review)|least\s+productive|"
    r"(?:this|the)\s+whole\s+(?:approach|thing|idea|design|plan)\s+is\s+wrong|"
    r"(?:made|written|done|designed|built)\s+in\s+(?:five|5|two|2|ten|10)\s+minutes|"
    r"(?:can|could)\s+tell\s+(?:this|it|that)\s+was\s+(?:done|written|made|put\s+together)\s+"
    r"(?:quickly|fast|in\s+a\s+(?:hurry|rush))|"
    r"(?:a|an)\s+(?:total|complete|absolute|utter)\s+(?:mess|disaster|failure|joke|waste|"
    r"shambles|nightmare|trainwreck|fiasco|embarrassment)"
)
_VERDICT = re.compile(rf"\b(?:{_VERDICTS})\b", re.IGNORECASE)
# The writer's reaction to the work, said of themselves but still a verdict on it.
_REACTION = re.compile(r"impressed|embarrassed|ashamed", re.IGNORECASE)
# Technical or idiomatic uses: "garbage collection", "trash icon", "bad request", "not bad".
_VERDICT_OK_AFTER = re.compile(
    r"^[\s-]*(?:collect\w*|collector|can|bin|icon|button|folder|request|gateway|data|input|"
    r"actor|debt|habit|way|shape|day|week|news|luck|mood|feeling|weather|cold|headache|"
    r"connection|timing|payloads?|values?|records?|rows?|entries|inputs)\b",
    re.IGNORECASE,
)


# Words that judge the work but are fair when hedged ("feels a little cluttered to me").
_SOFT_VERDICT = re.compile(
    r"\b(?:bland|cluttered|dated|outdated|generic|clunky|messy|uninspired|amateurish|ugly|sloppy|weak)\b",
    re.IGNORECASE,
)
_HEDGED = re.compile(
    r"\b(?:a\s+(?:bit|little|tad)|slightly|somewhat|kind\s+of|sort\s+of|to\s+me|for\s+me|i\s+think|"
    r"i\s+feel|feels?|might|maybe|perhaps|seems?|could\s+be|in\s+places|still|yet)\b",
    re.IGNORECASE,
)


_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might)(?:\s+have|'ve)\s+been\s+$", re.I)
_WHATEVER_BEFORE = re.compile(
    r"\b(?:anything|whatever|something|if\s+(?:it|anything|something))(?:\s+[\w'-]+){0,4}?\s+"
    r"(?:that\s+)?$",
    re.IGNORECASE,
)


def verdicts(text: str) -> list[Span]:
    """Verdicts on the work with no content: "pointless", "half-baked", "garbage", "boring"."""
    found = []
    for sentence in sentences(text):
        for match in _VERDICT.finditer(sentence.text):
            words = match.group(0).lower()
            if _VERDICT_OK_AFTER.match(sentence.text[match.end() :]):
                continue
            if negated(sentence.text, match.start()):
                continue
            if self_directed(sentence.text, match) and not _REACTION.search(words):
                continue  # "my first draft was terrible"; "I'm not impressed" judges the work
            if words in {"bad", "so bad", "really bad", "terrible", "awful", "horrible"} and (
                _feeling_before(sentence.text, match.start())
            ):
                continue  # "I feel bad", "that could have been awful": no verdict on anyone
            if redeemed(sentence.text, match.end()):
                continue
            if _COUNTERFACTUAL.search(_clause_before(sentence.text, match.start())):
                continue  # "it would have been a disaster without you"
            if _WHATEVER_BEFORE.search(_clause_before(sentence.text, match.start())):
                continue  # "ignore anything that doesn't make sense": no verdict on anyone's work
            if _EVENT_SUBJECT.search(_clause_before(sentence.text, match.start())):
                continue  # "the outage was bad": said of an event, not of anyone's work
            found.append((sentence.start + match.start(), sentence.start + match.end()))
        for match in _SOFT_VERDICT.finditer(sentence.text):
            if _HEDGED.search(sentence.text) or negated(sentence.text, match.start()):
                continue
            if _VERDICT_OK_AFTER.match(sentence.text[match.end() :]):
                continue  # "a messy week": said of the time, not the work
            if redeemed(sentence.text, match.end()):
                continue
            if self_directed(sentence.text, match) or _EVENT_SUBJECT.search(
                _clause_before(sentence.text, match.start())
            ):
                continue
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


# ---------------------------------------------------------------- sarcasm

_PRAISE = (
    r"great|nice|good|fantastic|brilliant|wonderful|amazing|awesome|stellar|lovely|perfect|"
    r"impressive|genius|superb|excellent|bravo|congrats|congratulations|well\s+done|way\s+to\s+go|"
    r"love|loving|thanks|thank\s+you|thx|ty|appreciate|really\s+appreciate|cool|sweet"
)
# A destructive act right after the praise ("great job breaking prod"), not a rescue
# ("great job catching the bug", "thanks for fixing the broken build").
_DESTRUCTIVE = (
    r"breaking|broke|crashing|crashed|deleting|deleted|forgetting|forgot|missing|missed|"
    r"ignoring|ignored|skipping|skipped|wiping|wiped|dropping|dropped|losing|lost|taking\s+down|"
    r"took\s+down|blowing\s+up|blew\s+up|ruining|ruined|wasting|wasted|leaving|left|being\s+late|"
    r"showing\s+up\s+late|pushing\s+to\s+(?:main|master|prod)|reverting\s+my|overwriting|"
    r"overwrote|killing|killed|ghosting|derailing|derailed"
)
_SARCASM = re.compile(
    rf"\b(?:{_PRAISE})\s+(?:\w+\s+){{0,3}}?(?:for\s+|on\s+|at\s+|how\s+(?:you|u)\s+|that\s+"
    rf"(?:you|u)\s+|(?:you|u)\s+|of\s+(?:you|u)\s+to\s+)?(?:\w+\s+)?(?:{_DESTRUCTIVE})\b|"
    r"\b(?:thanks?|thank\s+you|nice|good|great|glad|happy|so\s+glad)\s+(?:\w+\s+){0,3}?"
    r"(?:finally|eventually)\b|"
    r"\b(?:nice|good|kind|sweet)\s+of\s+(?:you|u)\s+to\s+(?:finally\s+|actually\s+)?"
    r"(?:show|join|turn|reply|respond|answer|let|grace|bother|remember|notice)\b|"
    r"\bmust\s+be\s+nice\b|\bthanks\s+for\s+nothing\b|\blook\s+who(?:'s|\s+is)\s+"
    r"(?:finally\s+)?(?:here|awake|back|joining)\b|"
    r"\b(?:interesting|bold|brave)\s+(?:choice|decision|move|approach|strategy)\b(?=[^.!?\n]*"
    r"(?:[.!]|$))(?![^\n]*\?)|(?:^|[.!?]\s+)(?:bold|genius|classic|cool\s+cool|love\s+that\s+"
    r"for\s+us)\s*[.!]|\bcool\s+cool\b|\bslow\s+clap\b|\breal\s+(?:genius|smart)\s+move\b|"
    r"\bwhat\s+a\s+(?:surprise|shock|shocker)\b|\bshocking,?\s+(?:i\s+know|really)\b|"
    r"\bwho\s+(?:would\s+have|could\s+have|would've)\s+(?:thought|guessed)\b|"
    r"\bso\s+we(?:'re|\s+are)\s+just\s+\w+ing\b|"
    r"\b(?:great|nice|good|fantastic|brilliant|wonderful|amazing|awesome|stellar|lovely)\s+"
    r"(?:job|work|going|one)\b[^.!?\n]*?\b(?:break\w*|broke|crash\w*|fail\w*|miss\w*|"
    r"forg[eo]t\w*|again)\b|"
    r"\boh,?\s+(?:great|wonderful|perfect|fantastic|brilliant|joy|nice|lovely|good|cool|sure)\b|"
    r"\b(?:great|wonderful|perfect|fantastic|brilliant|lovely|awesome),?\s+(?:another|more)\s+"
    r"(?:outage|bug|incident|delay|meeting|failure)\b|(?:another|more)\s+(?:outage|bug|incident|"
    r"delay|failure)s?[.!]\s*(?:nice|great|good|well\s+done|awesome)\b|"
    r"(?:^|(?<=[.!?]\s))(?:typical|classic|shocking|figures|surprise,?\s+surprise|"
    r"how\s+original|just\s+wow|wow,?\s+just\s+wow)\s*[.!]|\bjust\s+wow\b|"
    r"\bi'll\s+pretend\s+i\s+(?:didn't|did\s+not|never)\b|"
    rf"\b(?:cute|adorable|sweet|funny)\s+(?:that|how)\s+{YOU}\s+(?:think|thought|believe)\b|"
    r"\bis\s+this\s+your\s+idea\s+of\b|\bso-called\b|"
    r"\b(?:can't|cannot)\s+say\s+i'm\s+surprised\b|"
    r"\b(?:i'm\s+)?not\s+(?:at\s+all\s+|even\s+)?surprised\b|"
    r"\bno\s+surprise\s+there\b|\bsomehow\b[^.!?\n]{0,30}\b(?:never|always|not)\b|"
    r"\blet's\s+see\s+if\s+(?:you|u)\s+can\b|\bmanage\s+to\s+not\b|"
    r"\b(?:fine|ok|okay|good|great|nice|sure)\s*,?\s*i\s+guess\b|"
    r"\banother\s+(?:brilliant|great|genius|amazing|fantastic|wonderful)\s+(?:idea|plan|decision|move|"
    r"suggestion)\b|\bi'm\s+sure\s+(?:they|\w+)\s+will\s+(?:love|enjoy|appreciate)\s+(?:it|that|this)\b|"
    r"\b(?:i\s+guess|apparently|seems?)\b[^.!?\n]{0,40}\b(?:was|is|are|were)\s+optional\b|"
    r"\bonly\s+took\s+(?:a|an|two|three|four|six|\w+)\s+(?:months?|weeks?|years?|days?)\b|"
    r"\bif\s+i\s+wanted\b[^.!?\n]{0,40}\bi(?:'d|\s+would)\b|"
    r"\bthanks?\s+(?:\w+\s+)?for\s+the\s+last[- ]minute\b|"
    r"\b(?:i'd|i\s+would)\s+love\s+to\s+(?:know|hear|understand)\s+why\b|"
    r"\bi'm\s+sure\s+(?:\w+\s+){1,3}(?:will|would)\s+be\s+(?:thrilled|delighted|happy|pleased|glad)\s+to\s+"
    r"(?:hear|know|learn)\b|"
    r"\b(?:real|special|rare)\s+(?:talent|gift|knack)\s+for\s+(?:making|breaking|turning|over\w+|losing|"
    r"missing|forgetting|confusing|complicating)\b|"
    r"\bnot\s+(?:a|an)\s+(?:novel|essay|book|thesis|dissertation|bible|saga|encyclopa?edia)\b|"
    r"\bhope\s+it\s+was\s+worth\s+it\b|\bthanks?,?\s+i\s+guess\b|"
    r"\bmust\s+(?:have|'ve)\s+been\s+(?:a\s+)?(?:nice|long|good)\s+(?:lunch|break|weekend|nap|holiday|"
    r"vacation|coffee)\b|"
    r"\bwe'll\s+see\s+(?:how\s+long|if|about\s+that)\b|\b(?:i'd|i\s+would)\s+be\s+surprised\s+if\b|"
    r"\bplease\s+tell\s+me\s+(?:this|that|you)\s+(?:isn't|is\s+not|didn't|aren't|wasn't)\b|"
    r"\b(?:i\s+see\s+)?(?:you've|you\s+have)\s+decided\s+to\s+(?:ignore|skip|not)\b|"
    r"\bwhen\s+(?:you|u)\s+actually\b|"
    r"\blast\s+time\s+i\s+checked\b|\boh\s+wait\b|\blet's\s+just\s+say\b|"
    r"\bor\s+anything\s*[.!?]*\s*$|\bit's\s+not\s+like\b[^.!?\n]{0,40}\b(?:waiting|matters?|"
    r"important|urgent|asked|told|warned|deadline)\b|,\s*for\s+once\s*,|"
    r"\b(?:brilliant|great|good|nice|well\s+done|congrats|amazing|impressive|wow)(?:\s+job)?,?\s+"
    r"(?:you|u)(?:'ve|\s+have)?\s+(?:managed|found\s+a\s+way)\s+to\b|"
    r"\bi\s+don't\s+know\s+what\s+(?:you|u)\s+(?:were|are)\s+doing\b[^.!?\n]{0,40}\bbut\b|"
    r"\bgood\s+to\s+know\s+(?:you|someone|somebody)\b[^.!?\n]{0,40}\b(?:eventually|finally|at\s+least|"
    r"actually)\b|(?:^|(?<=[.!?]\s))funny,\s|"
    r"\b(?:i'm|i\s+am)\s+sure\s+(?:you|u)\s+(?:did|tried)\s+(?:your|ur)\s+best\s*\.|"
    r"\binteresting\s+(?:that|how)\s+(?:you|u)\b|\bfunny\s+(?:how|that)\s+(?:you|your|u)\b|"
    r"\banother\s+\w+,\s+another\b|\bi'm\s+sure\s+you\s+had\s+a\s+(?:very\s+)?good\s+reason\b"
    r"(?=[^.!?\n]*\b(?:ignor|skip|miss|forg|break|broke|not)\w*)|\bor\s+are\s+we\s+just\b|"
    r"\b(?:nice|good|great)\s+to\s+see\s+(?:you|u)\s+(?:remembered|made\s+it|decided|bothered|finally|"
    r"actually|found)\b|\byou\s+(?:must|have\s+got\s+to|gotta)\s+be\s+(?:joking|kidding)\b|"
    r"\b(?:such|what)\s+a\s+(?:surprise|shock|shocker)\b|"
    rf"\b{YOU}\s+call\s+(?:this|that)\s+(?:a|an)?\s*\w+\s*\?|"
    r"\bfor\s+once\b(?=[^\n!]{0,5}(?:[.?]|$))|\b(?:wow|oh),?\s+(?:you|u)\s+actually\b|"
    r"\bhope\s+you\s+enjoyed\b[^.!?\n]{0,40}\bwhile\s+(?:we|i|the\s+rest|everyone)\b|"
    r"\b(?:should|shall)\s+i\s+(?:\w+\s+){1,5}for\s+(?:you|u)\s+(?:as\s+well|too)\b|"
    r"\bsure,?\s+because\b|\byeah,?\s+right\b|\bworked\s+out\s+so\s+well\b|(?:^|\s)/s\b|"
    rf"\bthanks?\s+(?:a\s+lot|so\s+much|a\s+bunch|again)\b(?=[^.!?\n]*\b(?:{_DESTRUCTIVE})\b)|"
    r"\b(?:add|adding|put|putting)\s+(?:it|this|that)\s+(?:to|on)\s+the\s+pile\b|"
    r"\bthings\s+(?:you|u)(?:'ve|\s+have)\s+decided\s+(?:are|is)\b|"
    r"\bglad\s+(?:you|u)\s+could\s+(?:fit\s+us\s+in|make\s+it|grace|spare|find\s+the\s+time)\b"
    r"(?=[^\n]*\blate\b)|\b(?:fit|squeeze)\s+us\s+in\b(?=[^\n]*\blate\b)|"
    r"\b(?:love|loving)\s+how\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:just|only|still|never|always)\b|"
    r"(?:^|(?<=[.!?]\s))(?:amazing|great|wonderful|perfect|brilliant|fantastic|lovely|awesome),\s+"
    r"another\s+\w+|\btruly\s+(?:world-class|impressive|outstanding|inspiring|next-level)\b(?=\s*[.!]*$)|"
    r"\binteresting\s+(?:that|how)\s+(?:the\s+only|nobody|no\s+one|the\s+one|someone|somebody)\b|"
    r"\bi'm\s+sure\s+(?:you|u)\s+had\s+(?:your|ur)\s+reasons\b|"
    r"\b(?:decision|choice)\s+(?:you|u)(?:'ve|\s+have)\s+already\s+made\b|"
    r"\bwe\s+all\s+know\s+how\s+(?:this|it|that)\s+(?:one\s+)?(?:is\s+going\s+to|will|'ll)?\s*ends?\b|"
    r"\b(?:so\s+)?that's\s+where\s+(?:the|all\s+the|your|my|our)\s+(?:\w+\s+)?(?:afternoon|morning|"
    r"day|week|time|budget|hours?)\s+went\b|"
    r"\bi'd\s+love\s+to\s+hear\s+it\s*[.!]*\s*$|"
    r"\bthanks?\s+(?:\w+\s+){0,2}for\s+(?:letting\s+me\s+know|telling\s+me|the\s+heads[- ]up)\s+"
    r"(?:\w+\s+){0,3}?(?:minutes?|hours?|seconds?)\s+before\b|"
    r"\bi'm\s+sure\s+(?:you|u)\s+had\s+a\s+(?:very\s+)?good\s+reason\b(?![^.!?\n]*\?)|"
    r"\bthe\s+hard\s+part\s+is\s+(?:done|over)\b|\byou've\s+discovered\b|"
    r"(?:^|(?<=[.!?]\s))took\s+(?:a\s+while|long\s+enough|you\s+long\s+enough)\s*[.!]|"
    r"\bfunny\s+how\s+(?:the\s+)?\w+\s+(?:only|always|never)\b|"
    r"\bmust\s+have\s+been\s+a\s+busy\s+\w+\b(?=[^\n]*\b(?:given|nothing|since)\b)|"
    r"\bso\s+little\s+on\s+your\s+plate\b|"
    r"\b(?:very|so|quite|really)\s*(?:\.\.\.|…)\s*\w+|"
    r"\bwe\s+were\s+just\s+(?:finishing|wrapping\s+up|leaving|about\s+to\s+finish)\b|"
    r"\b(?:out\s+loud|aloud)\s+to\s+us\b|"
    r"\bit's\s+only\s+the\s+(?:client|customer|ceo|board|deadline|launch|release|audit)\b|"
    r"\bcan't\s+wait\s+for\s+the\s+(?:next|fifth|fourth|third|sequel|next\s+one)\b|\byet\s+another\b|"
    r"\blet's\s+aim\s+for\s+(?:two|one|fewer|less|under)\b|"
    r"(?:^|(?<=[.!?]\s))of\s+course,\s+(?:the|that|this)\b|"
    r"\binteresting\s+(?:that|how)\s+my\s+\w+\b|"
    r"\b(?:great|good|fantastic|nice)\s+look\s*[.!]*\s*$|"
    r"(?:^|(?<=[.!?]\s))(?:shame|pity|too\s+bad)\s+(?:none|nobody|no\s+one|the|that|it|you)\b",
    re.IGNORECASE,
)


# Scare quotes: 'thanks for the "update".' (read on the draft before quotes are blanked).
_SCARE_QUOTES = re.compile(
    r"\b(?:thanks?\s+for\s+(?:the|your)|your|this|that)\s+(?:\"[\w' -]{1,20}\"|'[\w -]{1,20}')"
    r"(?=\s*[.!?,]|\s+(?:took|broke|crashed|caused|failed|made|cost)\b)",
    re.IGNORECASE,
)


# "I hope you're proud of yourself" is praise when what follows is warm, and sarcasm otherwise.
_PROUD = re.compile(
    rf"\bhope\s+(?:you're|{YOU}\s+are|ur)\s+(?:\w+\s+)?proud\s+of\s+yourself\b", re.I
)


_THANKS = re.compile(r"\b(?:thank|thanks|appreciate|grateful|kudos)\w*", re.IGNORECASE)
# Praise for a virtue next to its failure: "Another missed standup. Impressive commitment."
_VIRTUE = re.compile(
    r"\b(?:impressive|admirable|great|stellar|amazing|excellent|top-notch)\s+(?:commitment|dedication|"
    r"work\s+ethic|attention\s+to\s+detail|time\s+management|planning|communication|teamwork)\b",
    re.IGNORECASE,
)


# Credit given for what someone did: praise after it is praise.
_CREDIT = re.compile(
    rf"\b(?:{YOU}|{YOUR})\b[^.!?\n]{{0,60}}\b(?:handled|fixed|solved|saved|rescued|nailed|calmed|"
    r"turned\s+(?:it\s+)?around|cleaned|caught|sorted|shipped|delivered|won|tamed|untangled|"
    r"stayed\s+(?:calm|patient|polite|professional)|kept\s+(?:calm|your\s+cool))\b",
    re.IGNORECASE,
)


# Praise as a sentence of its own, congratulating a virtue: sarcastic unless credit came before.
_MOCK_PRAISE = re.compile(
    r"^(?:very|so|really)\s+(?:efficient|helpful|professional|mature|original|impressive),\s+"
    r"(?:congrats|congratulations|thanks|bravo|well\s+done)\b",
    re.IGNORECASE,
)


def sarcasm(text: str) -> list[Span]:
    """Praise wrapped around a failure ("great job breaking prod"), "thanks for finally…"."""
    found = [m.span() for m in _SARCASM.finditer(text)]
    for match in _VIRTUE.finditer(text):
        elsewhere = text[: match.start()] + text[match.end() :]
        if _FAILURE_RE.search(elsewhere) and not _THANKS.search(elsewhere):
            found.append(match.span())
    for sentence in sentences(text):
        for match in _PROUD.finditer(sentence.text):
            if sentiment(sentence.text[match.end() :]) < CLEARLY_WARM_MIN:
                found.append((sentence.start + match.start(), sentence.start + match.end()))
    parts = sentences(text)
    # "Perfect. Now the release is blocked.": praise as a cold opening before bad news.
    bad_news = len(parts) > 1 and (
        _FAILURE_RE.search(parts[1].text) or sentiment(parts[1].text) <= NEGATIVE_CLAUSE_MAX
    )
    if bad_news and _PRAISE_FRAGMENT.match(parts[0].text):
        found.append((parts[0].start, parts[0].end))
    for before, sentence in pairwise(parts):
        if _CREDIT.search(before.text) and not _FAILURE_RE.search(before.text):
            continue  # "…and you handled it cleanly. Nice."
        mock = _MOCK_PRAISE.match(sentence.text)
        if mock:  # "…with the copy-paste text again. Very efficient, congratulations."
            found.append((sentence.start + mock.start(), sentence.start + mock.end()))
        if _PRAISE_FRAGMENT.match(sentence.text) and sentiment(before.text) < CLEARLY_WARM_MIN:
            found.append((sentence.start, sentence.end))
    return found


def scare_quotes(unmasked: str) -> list[Span]:
    """Sarcastic quotation marks ('thanks for the "update".'), found in the text with its quotes
    still in (the other detectors read it with quoted passages blanked)."""
    return [m.span() for m in _SCARE_QUOTES.finditer(unmasked)]


# ---------------------------------------------------------------- "you" in a negative clause

_YOU_NEGATIVE = re.compile(
    rf"\b(?:{YOU}(?:'ve|'d)?\s+(?:(?:just|clearly|obviously|still|also|again|even|then|"
    r"completely|totally|basically)\s+)?"
    r"(?:didn't|did\s+not|don't|do\s+not|can't|cannot|couldn't|won't|wouldn't|haven't|have\s+not|"
    r"never|keep\s+\w+ing|kept\s+\w+ing|forgot|forget|broke|break|missed|miss|ignored|ignore|"
    r"failed|fail|messed|mess\s+up|screwed|dropped\s+the\s+ball|ruined|wasted|blew|skipped|"
    r"derailed|overlooked|neglected|botched|refused|refuse|ghosted|let\s+(?:us|me|the\s+team|"
    r"everyone)\s+down|made\s+(?:this|it|us|everything|things|me)\s+(?:\w+\s+)?(?:worse|harder|"
    r"late|look\s+bad)|caused|left\s+(?:\w+\s+){0,2}(?:hanging|broken|out|behind)|"
    r"went\s+(?:rogue|silent|dark)|disappeared|wouldn't|dumped|said\s+nothing|did\s+nothing|"
    r"told\s+(?:no\s*one|nobody)|"
    r"(?:are|were)\s+making\s+(?:my|our|everyone's|the\s+team's)\s+(?:life|lives|job|work)\s+"
    r"(?:\w+\s+)?(?:difficult|harder|hell|miserable)|"
    r"\w+(?:\s+[\w'-]+){0,4}?\s+without\s+(?:even\s+|first\s+|actually\s+)?(?:asking|telling|"
    r"testing|checking|reading|reviewing|running|looking|answering|replying|responding|saying|"
    r"letting|talking|consulting|waiting|a\s+review|any\s+(?:tests|review|warning|notice)|tests|"
    r"approval|permission|notice|warning))|"
    r"(?:means|matters)\s+nothing\s+to\s+(?:you|u)|"
    r"were\s+supposed\s+to\s+(?!be\s+(?:off|on\s+(?:holiday|leave|vacation)|resting|away|out))|"
    r"(?:could|should)\s+have\s+(?:just\s+)?(?:asked|told|checked|said|warned|read|tested)\b[^.!?\n]{0,30}"
    r"\binstead\b|"
    rf"(?:because\s+of|thanks\s+to)\s+{YOU}(?:r\s+\w+)?\b(?=\s*[.!?]|\s*$|[^.!?\n]*\b(?:{_FAILURE}|"
    r"mess|problem|delay|slipped|bug|issue)\b)|(?<=\bmissed\s)it\s+because\s+of\s+you\b|"
    r"(?:is|was|'s)\s+(?:all\s+|entirely\s+|completely\s+|totally\s+)?on\s+(?:you|your\s+side|your\s+team)\b|"
    r"(?:don't|do\s+not|can't)\s+(?:believe|trust)\s+(?:you|u|a\s+word)\s+(?:anymore|any\s+more)\b|"
    r"(?:\d+%\s+|entirely\s+|totally\s+|completely\s+|all\s+)?your\s+fault\b|"
    r"working\s+with\s+(?:you|u)\b[^.!?\n]{0,40}\b(?:has\s+been|is|was)\s+(?:\w+\s+)?(?:exhausting|draining|"
    r"painful|frustrating|difficult|hard|a\s+nightmare|a\s+struggle|tiring)\b|"
    r"(?:won't|can't|cannot)\s+(?:be\s+able\s+to\s+)?trust\s+(?:you|your)\b|"
    r"because\s+(?:of\s+)?(?:you|u)\s+(?:didn't|don't|can't|never|forgot|broke|missed|ignored|"
    r"kept|keep)|"
    rf"{YOUR}\s+(?:\w+\s+){{0,2}}?(?:broke|breaks|crashed|caused|failed|keeps\s+\w+ing|"
    r"is\s+(?:broken|wrong|late|a\s+mess|the\s+reason)|was\s+(?:broken|wrong|late|the\s+reason)|"
    r"are\s+(?:broken|wrong|late)|were\s+(?:broken|wrong|late)|took\s+down|made\s+(?:\w+\s+)?"
    r"(?:worse|late))|"
    r"(?:your|ur)\s+(?:not|never)\s+\w+ing|"
    r"(?:you're|you\s+are|you\s+were)\s+(?:so\s+|too\s+|really\s+|always\s+|constantly\s+)?"
    r"(?:slow|late|behind|wrong|difficult|negative|the\s+reason|the\s+problem|the\s+bottleneck|"
    r"in\s+the\s+way|not\s+(?:listening|pulling|helping|getting|taking|understanding|reading|"
    r"following|paying)|holding\s+(?:us|the\s+team|"
    r"everyone)\s+back))\b",
    re.IGNORECASE,
)
# Idioms of praise after "never": "never fails to help", "never raised her voice".
PRAISE_AFTER_NEVER = (
    r"(?:fails?\s+to|failed\s+to|lets?\s+(?:\w+\s+)?down|hesitates?|complains?|"
    r"disappoints?|miss(?:es)?\s+a\s+(?:beat|detail|thing|deadline|trick)|ceases?\s+to\s+amaze|"
    r"been\s+(?:so|more)\s+\w+|felt\s+(?:so|more)\s+\w+|seen\s+(?:a|anyone|such)|"
    r"worked\s+with\s+(?:a|anyone|someone)|too\s+(?:busy|late)\s+to\s+(?:help|ask)|forget\b|"
    r"(?:need|have)\s+to\s+(?:apologi[sz]e|ask|worry|thank|explain\s+yourself)|"
    r"let\s+(?:a|any|anyone|anybody|one|\w+)\s+(?:\w+\s+)?(?:go|leave|slip|fall)\s+(?:without|through)|"
    r"raised?\s+(?:your|his|her|their)\s+voice|lost\s+(?:your|his|her|their)\s+(?:cool|temper|"
    r"patience)|gave\s+up|give\s+up)"
)
# Kind idioms with "you" and a negative word: thanks, reassurance, praise.
_YOU_NEGATIVE_OK = re.compile(
    r"\b(?:don't|do\s+not)\s+(?:worry|hesitate|mind|apologi[sz]e|feel\s+bad|stress|rush|"
    r"need\s+to\s+apologi[sz]e)\b|"
    r"\b(?:didn't|don't|never)\s+(?:have|need)\s+to\b|\bcan't\s+(?:thank|wait|go\s+wrong)\b|"
    rf"\bnever\s+(?:once\s+)?{PRAISE_AFTER_NEVER}|"
    r"\b(?:didn't|did\s+not)\s+(?:miss|drop)\s+a\s+(?:beat|thing|detail)\b|"
    r"\bwon't\s+regret\b|\bcouldn't\s+have\s+(?:done|made|asked)\b|\bwouldn't\s+(?:have|be)\b|"
    r"\b(?:didn't|did\s+not|never)\s+(?:get|got|become|seem|sound)\s+(?:defensive|angry|upset|"
    r"flustered|rattled|annoyed|frustrated|impatient|rude)\b|\b(?:didn't|did\s+not|never)\s+"
    r"(?:panic|flinch|complain|lose\s+(?:your|his|her)\s+(?:cool|temper))\w*\b|"
    r"\bbroke\s+(?:\w+\s+){0,4}?(?:into|down)\b|"
    r"\bproved?\s+(?:me|us|them|everyone|the\s+\w+)\s+wrong\b|"
    r"\b(?:didn't|did\s+not|don't|never)\s+(?:break|ruin|mess\s+up|do\s+(?:anything|something)\s+wrong)"
    r"(?:\s+anything)?\b|"
    r"\bthe\s+reason\s+(?:i|we|this\s+team)\s+(?:didn't\s+quit|stayed|survived|made\s+it|love|enjoy|still)\b|\b(?:you\s+were|you're|you\s+are)\s+"
    r"(?:so\s+|totally\s+|absolutely\s+|completely\s+)?right\b",
    re.IGNORECASE,
)
# What turns an observation into a kind one: said from the writer's side, or as a question.
_OWN_SIDE = re.compile(
    r"\b(?:i\s+(?:noticed|saw|see|think|thought|felt|feel|wonder|wondered|understand|know|heard|"
    r"realise|realize|get\s+(?:it|that)|'m\s+not\s+sure|am\s+not\s+sure|guess\s+you)|i've\s+noticed|"
    r"it\s+(?:seemed|seems|looked|looks)|when|if|whether|maybe|perhaps|could|would|can\s+we|"
    r"let's|i'd\s+like|no\s+worries|no\s+problem|not\s+a\s+problem|totally\s+fine|that's\s+ok|"
    r"that's\s+fine|it's\s+ok|it's\s+fine|happens|sorry|understandable)\b",
    re.IGNORECASE,
)


# Fillers that may open a clause without changing who it points at ("Honestly, you…").
OPENING_FILLER = re.compile(
    r"^\s*(?:(?:honestly|frankly|seriously|look|listen|well|ok|okay|so|and|but|also|again|"
    r"quite\s+frankly|to\s+be\s+honest|tbh|i\s+mean|sorry|man|dude)\b[,:]?\s*)*",
    re.IGNORECASE,
)
_YOU_SUBJECT = re.compile(
    rf"^(?:{YOU}(?:'re|'ve|'d|'ll)?|{YOUR}(?:\s+[\w-]+){{0,8}}?(?=\s+(?:is|was|are|were|has|"
    r"have|keeps?|looks?|seems?|reads?)\b))\b",
    re.IGNORECASE,
)
YOU_CLAUSE_NEGATIVE_MAX = -0.3
_YOU_MODAL = re.compile(
    rf"{YOU}(?:\s+really|\s+just)?(?:\s+need|\s+needs|\s+have\s+to|'ve\s+got|\s+must|\s+should|"
    r"\s+ought|'d\s+better|\s+better|\s+gotta|\s+got\s+to)\b",
    re.IGNORECASE,
)
_NEGATIVE_CUE = re.compile(
    r"\b(?:way\s+|far\s+|much\s+)?too\s+(?:long|short|slow|late|vague|messy|complicated|noisy|"
    r"loud|wordy|much|many|often|negative|defensive|sensitive|emotional|touchy|pushy|aggressive)\b|"
    r"\b(?:really\s+|very\s+|so\s+)?(?:hard|difficult|impossible|painful)\s+to\s+(?:follow|read|"
    r"understand|review|work\s+with|use|navigate|maintain)\b",
    re.IGNORECASE,
)


# "Maybe if you spent less time on Slack…": a reproach dressed as a condition.
_IF_ONLY_YOU = re.compile(
    rf"\bif\s+{YOU}(?:'d|\s+had)\s+(?:just\s+|actually\s+)?\w+\b[^.!?\n]{{0,60}}\b(?:we|this|it|i)\s+"
    r"(?:wouldn't|would\s+not)\b|"
    rf"\b(?:maybe|perhaps)?\s*if\s+(?:only\s+)?{YOU}\s+(?:spent|focused|worked|paid|stopped|read|"
    r"listened|bothered|tried|cared|actually)\s+(?:less|more|to|attention|harder|on)\b|"
    rf"\bif\s+{YOU}\s+(?:had\s+)?(?:bothered|cared|taken\s+the\s+time)\s+to\b",
    re.IGNORECASE,
)


def you_in_negative_clause(text: str) -> list[Span]:
    """ "You" inside a clause that blames, anywhere in the sentence: "…because you kept changing".

    Left alone: the same words said from the writer's side ("I noticed you missed…", "When you
    skipped…"), in a question, reassurance ("don't worry", "you didn't have to") and praise
    idioms ("you never miss a detail").
    """
    found = [m.span() for m in _IF_ONLY_YOU.finditer(text)]
    for sentence in sentences(text):
        if sentence.text.rstrip().endswith("?"):
            continue
        for match in _YOU_NEGATIVE.finditer(sentence.text):
            if negated(sentence.text, match.start()):
                continue  # "nobody thinks you're slow"
            after = sentence.text[match.end() : match.end() + 40]
            if _YOU_NEGATIVE_OK.search(sentence.text, match.start(), match.end() + 30):
                continue
            if _OWN_SIDE.search(sentence.text[: match.start()]) or _OWN_SIDE.search(after):
                continue
            clause = clause_around(sentence.text, match.start())
            if match.group(0).lower().startswith("thanks") and not _FAILURE_RE.search(clause):
                continue  # "she's calm now thanks to you": credit, not blame
            found.append((sentence.start + match.start(), sentence.start + match.end()))
    return found


def you_subjects(text: str, flagged: list[Span]) -> list[Span]:
    """ "You…" / "Your…" opening a clause that reads negative or holds other flagged words.

    "Your documentation is useless" points the label at the person; "You were not lazy at all"
    and "you always make time for us" do not read negative and hold nothing flagged.
    """
    found = []
    for sentence in sentences(text):
        for start, clause in _clause_spans(sentence):
            lead = OPENING_FILLER.match(clause)
            offset = lead.end() if lead else 0
            subject = _YOU_SUBJECT.match(clause[offset:])
            if not subject or _YOU_NEGATIVE_OK.search(clause) or clause.rstrip().endswith("?"):
                continue
            if _YOU_MODAL.match(clause[offset:]):
                continue  # "you need to…": an order, which /kindly weighs on its own
            begin = sentence.start + start + offset
            end = sentence.start + start + len(clause)
            holds_flag = any(begin <= s < end for s, _ in flagged)
            negative = sentiment(clause[offset:]) <= YOU_CLAUSE_NEGATIVE_MAX
            if holds_flag or negative or _NEGATIVE_CUE.search(clause):
                found.append((begin, end))  # the whole clause: who is blamed, and for what
    return found


def _clause_spans(sentence: Sentence) -> list[tuple[int, str]]:
    """The clauses of `sentence`, each with where it starts in the sentence."""
    found = []
    start = 0
    for match in CLAUSE_SPLIT.finditer(sentence.text):
        found.append((start, sentence.text[start : match.start()]))
        start = match.end()
    found.append((start, sentence.text[start:]))
    return [(s, c) for s, c in found if c.strip()]


# ---------------------------------------------------------------- stress (Read the room)

# Stress and overload signals (English). Each pattern is reported by the words actually used.
_STRESS = re.compile(
    r"\b(?:exhaust(?:ed|ing|ion)|overwhelm(?:ed|ing)|burn(?:ed|t)\s+out|burnout|"
    r"stress(?:ed|ful)?(?:\s+out)?|swamped|drowning|underwater|snowed\s+under|disaster|"
    r"nightmare|chaos|chaotic|(?:can't|cannot|can\s+not)\s+(?:keep\s+up|cope|handle\s+(?:this|it|"
    r"any\s+more)|take\s+(?:this|it|any\s+more))|too\s+much|at\s+(?:my|our|the)\s+limit|"
    r"breaking\s+point|(?:no|zero)\s+bandwidth|running\s+on\s+empty|no\s+sleep|"
    r"(?:didn't|haven't|barely)\s+slept|sleepless|all[- ]nighter|working\s+(?:late|all\s+weekend|"
    r"weekends|every\s+weekend)|struggl(?:e|ing)|falling\s+behind|behind\s+schedule|"
    r"panic(?:king|ked)?|freaking\s+out|anxious|dreading|fried|frazzled|worn\s+out|"
    r"firefighting|on\s+fire|(?:so|really|very)\s+tired|urgent(?:ly)?|asap)\b|"
    r"😩|😫|😰|😱|😭|😓|🥵|:(?:weary|tired_face|sob|scream|cold_sweat|sweat|"
    r"face_with_spiral_eyes|anguished|fearful|persevere):",
    re.IGNORECASE,
)


def stress(text: str) -> list[Span]:
    """Stress and overload words: "exhausted", "can't keep up", "working all weekend", 😩."""
    return [m.span() for m in _STRESS.finditer(text)]


# ---------------------------------------------------------------- shared helpers

_NEGATION_BEFORE = re.compile(
    r"\b(?:not(?!\s+(?:sure|certain|convinced))|never|no|hardly|isn't|wasn't|aren't|weren't|far\s+from|anything\s+but|"
    r"don't\s+think|didn't\s+think|wouldn't\s+say|wouldn't\s+call|(?:nobody|no\s+one)\s+(?:thinks|"
    r"thought|said|says|would\s+say|believes))(?:\s+[\w'-]+){0,3}\s*$|"
    r"\b(?:can't|cannot|couldn't)\s+imagine(?:\s+[\w'-]+){0,5}\s*$",
    re.IGNORECASE,
)
_SELF_SUBJECT = re.compile(
    r"\b(?:i|i'm|i\s+am|i\s+was|i've\s+been|i\s+feel|i\s+felt|my|mine|myself|sorry\s+(?:for|about))\b"
    r"(?:\s+[\w'-]+){0,6}\s*$",
    re.IGNORECASE,
)
_YOU_ANYWHERE = re.compile(rf"\b(?:{YOU}|{YOUR}|you're)\b", re.IGNORECASE)
_SECOND_SUBJECT = re.compile(rf"\b(?:{YOU}|{YOUR}|you're|they|he|she|it|this|that)\b", re.I)
_FEELING = re.compile(
    r"\b(?:feel|felt|feeling|feels|sounds?|must\s+(?:be|have\s+been)|must've\s+been|seems?|"
    r"(?:could|would|might)(?:\s+have|'ve)?\s+(?:been|be|gone)|"
    r"looks?\s+like\s+(?:a|an)?|i'm\s+so|that's\s+so)\s*(?:\w+\s+)?$",
    re.IGNORECASE,
)
# Where one clause ends and the next begins: commas, semicolons, dashes, "and", "but"…
CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:]|\s-\s|—)\s*|\s+(?:and|but|though|although)\s+", re.I)


_REDEEMED = re.compile(
    r"[^.!?\n]{0,30}?\bbefore\s+(?:you|your)\s+(?:\w+\s+)?(?:\w+ed|took|wrote|rewrote|made|did|"
    r"got|came|stepped|joined)\b|"
    r"[^.!?\n]{0,40}?\b(?:and|but|until)\s+(?:you|your)\b[^.!?\n]{0,40}?\b(?:fixed|solved|saved|"
    r"rescued|turned|cleaned|rewrote|rebuilt|improved|sorted|tamed|handled|untangled|calmed|"
    r"made\s+sense\s+of|got\s+(?:it|us)\s+through|found|caught|spotted|tracked\s+(?:it\s+)?down|"
    r"figured\s+(?:it\s+)?out)\b|"
    r"[^.!?\n]{0,60}?\bnot\s+(?:on\s+)?(?:you|your\s+fault|your\s+doing)\b",
    re.IGNORECASE,
)


_EVENT_SUBJECT = re.compile(
    r"\b(?:outage|incident|week|day|weekend|quarter|month|year|situation|traffic|weather|news|"
    r"storm|flu|cold|night|crash|timing|luck|season|market|commute|connection|wifi|signal|sprint|"
    r"crunch|stretch|period|shift|travel|trip|move|flight|journey)s?\s+"
    r"(?:was|is|has\s+been|were|are|looked|felt|got)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


def redeemed(text: str, position: int) -> bool:
    """ "The spec was a mess before you rewrote it": the flagged words praise what they did."""
    return bool(_REDEEMED.match(text, position))


def negated(text: str, position: int) -> bool:
    """Whether the words before `position` in its clause negate it ("not lazy at all")."""
    return bool(_NEGATION_BEFORE.search(_clause_before(text, position)))


def self_directed(text: str, match: re.Match[str]) -> bool:
    """The writer speaking of themselves ("I was careless", "my first draft was terrible")."""
    before = _clause_before(text, match.start())
    if _SECOND_SUBJECT.search(match.group(0)) or _YOU_ANYWHERE.search(before):
        return False  # "not sure you're cut out for", "your feedback on my design was useless"
    return bool(_SELF_SUBJECT.search(before)) and not _SECOND_SUBJECT.search(
        before[_SELF_SUBJECT.search(before).start() :]  # type: ignore[union-attr]
    )


def _feeling_before(text: str, position: int) -> bool:
    return bool(_FEELING.search(_clause_before(text, position)))


def _clause_before(text: str, position: int) -> str:
    """The words of `position`'s clause that come before it."""
    start = 0
    for match in CLAUSE_SPLIT.finditer(text, 0, position):
        start = match.end()
    return text[start:position]


def clause_around(text: str, position: int) -> str:
    """The clause of `text` (between commas, semicolons, "but"…) that holds `position`."""
    start = 0
    for match in CLAUSE_SPLIT.finditer(text):
        if match.start() >= position:
            return text[start : match.start()]
        start = match.end()
    return text[start:]


def _warm(text: str) -> bool:
    return sentiment(text) >= WARM_CLAUSE_MIN


# Every detector above, by the name /kindly reports it under.
DETECTORS: dict[str, Callable[[str], list[Span]]] = {
    "passive_aggressive": passive_aggressive,
    "condescension": condescension,
    "threat": threats,
    "shaming": shaming,
    "dismissive": dismissive,
    "shouting": shouting,
    "accusing_question": accusing_questions,
    "verdict": verdicts,
    "sarcasm": sarcasm,
    "you_blame": you_in_negative_clause,
}
