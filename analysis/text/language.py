"""Which language a comment is written in: Welsh ("cy") or English ("en").

Welsh comments often borrow English nouns ("mae fy social worker yn grêt"), so the grammar words
decide first: a comment with more Welsh than English function words is Welsh, and the other way
round. Where they tie, simplemma's language detector (``simplemma.langdetect`` over cy and en)
decides; where that cannot tell either (a word or two it does not know), the fallback is used: the
language the respondent answered the questionnaire in, when the caller knows it.
"""

from __future__ import annotations

import re

import simplemma

from .spans import word_set

# Words that are only ever grammar in one of the two languages ("a", "i", "am", "o" are in both).
_WELSH_FUNCTION = word_set(
    """mae maen roedd roeddwn oedd oedden ydy ydi yw ydw dw dwi rwy rydw rydyn ydyn ydych wyt yn n
    r yr y fy dy ei eu ein eich nhw chi ti fi ni hi fe ddim dim nid nad na nac gyda efo gan ac ar at
    dros drwy trwy rhwng wrth ond neu os pan achos oherwydd felly hefyd iawn wedi bod fod sy sydd
    does dyw dydy dydi doedd mwy llawer rhai pob beth pam sut ble pwy pryd cael gael gwneud wneud
    mynd fynd dod ddod fel mor rhy eto erioed byth nawr rŵan bydd fydd byddai fyddai hwn hon hyn
    hynny yma yna yno dyma dyna lle ohono arna iddo iddi gen ganddo ganddi amdano amdani"""
)
_ENGLISH_FUNCTION = word_set(
    """the is are was were be been being my your his her our their they them he she we you me
    it its this that these those and but or if when because so also very not no never don't didn't
    doesn't can't won't isn't wasn't aren't have has had do does did will would should could
    with from into about for of to at by than then there here what why how who where which
    just really all any some more most much many get got make made go going went come came"""
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PART = re.compile(r"[^\W\d_]+")
LANGUAGES = ("cy", "en")


def detect_language(text: str, fallback: str = "") -> str:
    """ "cy" or "en" for ``text``; ``fallback`` ("cy"/"en") when the text is too short or unclear."""
    found = [word.lower().replace("’", "'") for word in _WORD.findall(text)]
    welsh = sum(part.lower() in _WELSH_FUNCTION for part in _PART.findall(text))
    english = sum(word in _ENGLISH_FUNCTION for word in found)
    if welsh != english and max(welsh, english) >= 1 and (len(found) > 1 or fallback not in LANGUAGES):
        return "cy" if welsh > english else "en"
    scores = dict(simplemma.langdetect(text, lang=LANGUAGES))
    best = max(LANGUAGES, key=lambda language: scores.get(language, 0.0))
    if scores.get(best, 0.0) > scores.get("unk", 0.0) and scores.get(best, 0.0) > 0.5:
        return best
    if fallback in LANGUAGES:
        return fallback
    if welsh != english:
        return "cy" if welsh > english else "en"
    return best if scores.get(best, 0.0) > 0 else "en"
