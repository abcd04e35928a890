"""Words: tokens, lemmas and stop words for English and Welsh free text.

- English words are tokenised by TextBlob (its ``WordTokenizer``, which ``TextBlob(text).words`` uses:
  NLTK's Treebank tokenizer over Punkt sentences; the Punkt data is built offline by
  :mod:`analysis.text.nltk_data`) and lemmatised
  with simplemma's English dictionary (``listening``/``listened`` -> ``listen``, ``workers`` ->
  ``worker``), which handles verbs as well as plurals (TextBlob's ``Word.lemmatize`` needs WordNet,
  which cannot be downloaded here; ``Word.singularize`` only handles plurals).
- Welsh words are split on anything that is not a letter or an inner hyphen (so ``sy'n`` gives
  ``sy`` and ``n``) and lemmatised with simplemma's Welsh dictionary, which undoes inflection and
  initial consonant mutations (``nheulu``/``deulu``/``theulu`` -> ``teulu``). Where simplemma does not
  know a word, :func:`demutations` tries the radical forms a mutation could have come from, and the
  first one simplemma knows is used (``ofalwraig`` -> ``gofalwraig``).

Lemmas are cached, so coding thousands of comments costs a dictionary look-up per distinct word.
"""

from __future__ import annotations

import re
import string
from functools import cache, lru_cache

import simplemma
from textblob.tokenizers import WordTokenizer

from .nltk_data import ensure_english_punkt
from .spans import english_stopwords, word_list

LANGUAGES = ("cy", "en")
_WELSH_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_EDGE_PUNCTUATION = "".join(sorted(set(string.punctuation + "—–“”…") - {"'"}))  # as TextBlob's strip_punc
# Placeholders that redaction leaves in a comment, in either language.
PLACEHOLDER = re.compile(
    r"\[(?:name|phone|email|postcode|street|school|enw|rhif ffôn|e-bost|cod post|stryd|ysgol)\]"
)

# Initial consonant mutations, undone: (mutated start, radical starts it may come from).
# Longest first, so "ngh" is tried before "ng" and "ng" before "n". Soft: c->g, p->b, t->d, g->(gone),
# b->f, d->dd, m->f, ll->l, rh->r. Nasal: c->ngh, p->mh, t->nh, g->ng, b->m, d->n.
# Aspirate: c->ch, p->ph, t->th. h-prothesis before a vowel (ei henw -> enw).
_MUTATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ngh", ("c",)),
    ("mh", ("p",)),
    ("nh", ("t",)),
    ("ng", ("g",)),
    ("ch", ("c",)),
    ("ph", ("p",)),
    ("th", ("t",)),
    ("dd", ("d",)),
    ("g", ("c",)),
    ("b", ("p",)),
    ("d", ("t",)),
    ("f", ("b", "m")),
    ("l", ("ll",)),
    ("r", ("rh",)),
    ("m", ("b",)),
    ("n", ("d",)),
    ("h", ("",)),
)
_VOWELS = "aâeêiîoôuûwŵyŷ"


@lru_cache(maxsize=200_000)
def demutations(word: str) -> tuple[str, ...]:
    """Radical forms a (lower-case) Welsh word could be a mutation of, most likely first."""
    found: list[str] = []
    for mutated, radicals in _MUTATIONS:
        if word.startswith(mutated) and len(word) > len(mutated) + 1:
            rest = word[len(mutated) :]
            if mutated == "h" and rest[0] not in _VOWELS:
                continue
            found += [radical + rest for radical in radicals]
    if word and (word[0] in _VOWELS or word.startswith(("l", "r"))):
        found.append("g" + word)  # soft mutation drops g-: ofalwr -> gofalwr, wrando -> gwrando
    return tuple(dict.fromkeys(candidate for candidate in found if candidate != word))


@lru_cache(maxsize=200_000)
def known_welsh(word: str) -> bool:
    """Whether simplemma's Welsh dictionary has this (lower-case) word."""
    return bool(simplemma.is_known(word, lang="cy"))


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """The dictionary form of one lower-case word, in ``language`` ("cy" or "en")."""
    if language == "cy" and not known_welsh(word):
        for candidate in demutations(word):
            if known_welsh(candidate):
                return str(simplemma.lemmatize(candidate, lang="cy"))
    return str(simplemma.lemmatize(word, lang=language))


def has_letter(token: str) -> bool:
    return _LETTER.search(token) is not None


@cache
def _word_tokenizer() -> WordTokenizer:
    ensure_english_punkt()
    return WordTokenizer()


@lru_cache(maxsize=50_000)
def _english_words(text: str) -> tuple[str, ...]:
    """The words of ``TextBlob(text).words`` without building a blob: TextBlob's own word tokenizer,
    which ``.words`` calls (NLTK's Treebank tokenizer over Punkt sentences); tokens with no letter
    (punctuation, numbers) are dropped by :func:`words`."""
    return tuple(_word_tokenizer().tokenize(text, include_punc=True))


def words(text: str, language: str) -> list[str]:
    """The lower-case words of ``text``, split the way ``language`` needs (punctuation dropped)."""
    if language == "en":
        stripped = (word.strip(_EDGE_PUNCTUATION).lower() for word in _english_words(text))
        return [word for word in stripped if has_letter(word)]
    return [match.group().lower() for match in _WELSH_WORD.finditer(text)]


def lemmas(text: str, language: str) -> list[str]:
    return [lemma(word, language) for word in words(text, language)]


def welsh_stopwords() -> frozenset[str]:
    """The project's Welsh stop words (analysis/text/data/stopwords-cy.txt), lower case."""
    return word_list("stopwords-cy.txt")


# Words too common in comments to say anything in a cloud, beyond wordcloud's list; "ca" and "wo" are
# what the English tokeniser leaves of "can't" and "won't".
CLOUD_FILLER_EN = frozenset(
    {
        "will",
        "can",
        "just",
        "get",
        "got",
        "really",
        "also",
        "ca",
        "wo",
        "much",
        "lot",
        "thing",
        "things",
        "sometimes",
    }
)


def tokens_for_cloud(redacted_text: str, language: str) -> list[str]:
    """Lower-case words of a redacted comment for a word cloud.

    Redaction placeholders, stop words (wordcloud's English list; for Welsh comments the project's
    Welsh list and the English one, since Welsh comments often borrow English words), numbers and
    one-letter words are dropped. Welsh words are given as lemmas, so mutated forms count together
    ("deulu" and "nheulu" count as "teulu").
    """
    text = PLACEHOLDER.sub(" ", redacted_text)
    stop = CLOUD_FILLER_EN | english_stopwords()
    if language != "en":
        stop |= welsh_stopwords()
    kept: list[str] = []
    for word in words(text, "en" if language == "en" else "cy"):
        word = word.strip("'’-")
        if len(word) < 2 or word in stop or "'" in word:
            continue
        if language == "en":  # simplemma's English lemmas are too eager for a cloud ("best" -> "good")
            kept.append(word)
            continue
        base = lemma(word, "cy")
        if base not in stop:
            kept.append(base)
    return kept
