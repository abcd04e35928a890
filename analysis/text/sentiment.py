"""Sentiment of a redacted comment: how positive or negative it is, from -1 to 1, or not scored.

- English comments: TextBlob's polarity (its bundled English lexicon, with its own handling of
  negation and intensifiers; no downloaded data). A comment in which TextBlob finds no evaluative
  word at all is "not scored".
- Welsh comments: the project's Welsh lexicon (analysis/text/data/sentiment-cy.yaml, written for
  Lleisiau and awaiting review by Welsh speakers). Words are lemmatised with simplemma, so mutated
  forms count ("garedig" -> "caredig"); after "yn"/"mor"/"rhy" the radical a soft mutation may hide
  is also tried ("yn deg" -> "teg"). The score is the mean of the scores of the words found; a
  negation word (ddim, dim, na, nid, heb, byth...) reverses the next scored word within three words;
  an intensifier ("mor", "iawn") strengthens the word next to it. A Welsh comment with no lexicon
  word is "not scored" (``scored=False``, ``score=None``), never silently neutral: TextBlob would give
  every Welsh comment 0.0.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from .words import PLACEHOLDER, demutations, known_welsh, lemma, words

NEGATION_WINDOW = 3
_SOFT_TRIGGERS = frozenset(["yn", "n", "mor", "rhy"])


@dataclass(frozen=True)
class Sentiment:
    score: float | None
    method: str  # "textblob" or "welsh-lexicon"
    scored: bool


@dataclass(frozen=True)
class WelshLexicon:
    words: dict[str, float]
    negation: frozenset[str]
    before: dict[str, float]
    after: dict[str, float]
    not_after: dict[str, frozenset[str]]


@cache
def welsh_lexicon() -> WelshLexicon:
    text = resources.files("analysis.text").joinpath("data").joinpath("sentiment-cy.yaml").read_text("utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    scores: dict[str, float] = {}
    for word, score in raw["words"].items():
        if not -1.0 <= float(score) <= 1.0:
            raise ValueError(f"sentiment-cy.yaml: the score of {word!r} is outside -1..1")
        scores[str(word)] = float(score)  # dictionary forms: comments are looked up by word, then lemma
    return WelshLexicon(
        scores,
        frozenset(raw["negation"]),
        {str(k): float(v) for k, v in raw["intensifiers_before"].items()},
        {str(k): float(v) for k, v in raw["intensifiers_after"].items()},
        {str(k): frozenset(v) for k, v in raw.get("not_after", {}).items()},
    )


def _welsh_score(word: str, previous: str, lexicon: WelshLexicon) -> tuple[str, float] | None:
    candidates = [word, lemma(word, "cy")]
    if previous in _SOFT_TRIGGERS or not known_welsh(word):
        candidates += list(demutations(word))
    for candidate in candidates:
        if candidate in lexicon.words and previous not in lexicon.not_after.get(candidate, frozenset()):
            return candidate, lexicon.words[candidate]
    return None


def welsh_sentiment(text: str) -> Sentiment:
    lexicon = welsh_lexicon()
    tokens = words(PLACEHOLDER.sub(" ", text), "cy")
    scores: list[float] = []
    negated_until = -1
    last_scored = -2
    for index, word in enumerate(tokens):
        if word in lexicon.negation:
            negated_until = index + NEGATION_WINDOW
            continue
        previous = tokens[index - 1] if index else ""
        if word in lexicon.after and last_scored == index - 1 and scores:
            scores[-1] = max(-1.0, min(1.0, scores[-1] * lexicon.after[word]))
            continue
        found = _welsh_score(word, previous, lexicon)
        if found is None:
            continue
        score = found[1]
        for back in (1, 2):
            if index - back >= 0 and tokens[index - back] in lexicon.before:
                score *= lexicon.before[tokens[index - back]]
                break
        if index <= negated_until:
            score, negated_until = -score, -1
        scores.append(max(-1.0, min(1.0, score)))
        last_scored = index
    if not scores:
        return Sentiment(None, "welsh-lexicon", False)
    return Sentiment(round(sum(scores) / len(scores), 4), "welsh-lexicon", True)


def english_sentiment(text: str) -> Sentiment:
    """TextBlob's polarity. This calls the analyser behind ``TextBlob(text).sentiment_assessments``
    (TextBlob's default ``PatternAnalyzer`` is ``textblob.en.sentiment``) once, where the blob
    property would run it twice."""
    from textblob.en import sentiment as pattern_sentiment

    result = pattern_sentiment(PLACEHOLDER.sub(" ", text))
    if not result.assessments:
        return Sentiment(None, "textblob", False)
    return Sentiment(round(float(result[0]), 4), "textblob", True)


def sentiment(redacted_text: str, language: str) -> Sentiment:
    """The sentiment of a redacted comment in ``language`` ("cy" or "en")."""
    return welsh_sentiment(redacted_text) if language == "cy" else english_sentiment(redacted_text)


def _lexicon_size() -> int:
    text = resources.files("analysis.text").joinpath("data").joinpath("sentiment-cy.yaml").read_text("utf-8")
    return len(yaml.safe_load(text)["words"])


def method_statement(language: str) -> str:
    """How sentiment is worked out, in ``language``, for reports to print."""
    size = _lexicon_size()
    if language == "cy":
        return (
            "Teimlad: caiff sylwadau Saesneg eu sgorio gan begynedd TextBlob (ei eirfa Saesneg ei hun, "
            f"o -1 i 1). Caiff sylwadau Cymraeg eu sgorio gan eirfa Gymraeg y prosiect o {size} gair: "
            "cyfartaledd sgorau'r geiriau a geir, gyda gair negyddol fel 'ddim' neu 'heb' yn troi'r gair "
            "nesaf o chwith. Dangosir sylw heb yr un gair o'r eirfa fel 'heb ei sgorio', byth fel niwtral. "
            "Ysgrifennwyd yr eirfa Gymraeg ar gyfer y prosiect ac mae angen i siaradwyr Cymraeg ei hadolygu."
        )
    return (
        "Sentiment: English comments are scored by TextBlob's polarity (its own English lexicon, -1 to 1). "
        f"Welsh comments are scored by the project's Welsh lexicon of {size} words: the mean score of the "
        "words found, a negation such as 'ddim' or 'heb' reversing the next one. A comment with no word "
        "in the lexicon is shown as 'not scored', never as neutral. The Welsh lexicon was written for "
        "this project and needs review by Welsh speakers."
    )


METHOD_EN = method_statement("en")
METHOD_CY = method_statement("cy")
