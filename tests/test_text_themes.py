"""Themes, language, sentiment and word-cloud words from free text, in Welsh and English.

The codebook is measured against two labelled sets: comments_labelled.csv (148 comments, labelled
before the codebook's terms were tuned on them) and comments_heldout.csv (66 comments written and
labelled afterwards and never used for tuning). The held-out figures are the honest ones.
"""

from __future__ import annotations

import csv
import multiprocessing
import time
from collections import defaultdict
from pathlib import Path

import pytest

from analysis.text import (
    METHOD_CY,
    METHOD_EN,
    Codebook,
    CodebookError,
    agreement,
    classify,
    detect_language,
    load_codebook,
    tokens_for_cloud,
    welsh_stopwords,
)
from analysis.text.nltk_data import MODEL_FILES, ensure_english_punkt
from analysis.text.sentiment import welsh_lexicon

DATA = Path(__file__).parent / "data"
YOUNG_PEOPLE = [
    "feeling_safe",
    "listened_to",
    "loved_valued",
    "consistency",
    "information_before_moving",
    "family_friends_contact",
    "praise",
    "fairness",
    "school",
    "social_workers",
    "placement_moves",
    "money",
]
CARERS = [
    "training",
    "support_groups",
    "payments",
    "same_social_worker",
    "out_of_hours_support",
    "respite",
    "communication",
    "involvement_in_decisions",
]


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return load_codebook()


def labelled(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((DATA / name).read_text(encoding="utf-8").splitlines()))


def scores(rows: list[dict[str, str]], codebook: Codebook) -> dict[str, dict[str, list[int]]]:
    """Per language and theme: [true positives, false positives, false negatives]."""
    counts: dict[str, dict[str, list[int]]] = {
        "cy": defaultdict(lambda: [0, 0, 0]),
        "en": defaultdict(lambda: [0, 0, 0]),
    }
    for row in rows:
        coded = classify(row["text"], codebook, row["audience"])
        assert coded.language == row["language"], row["text"]
        truth, found = set(filter(None, row["themes"].split(";"))), set(coded.themes)
        for theme in found & truth:
            counts[row["language"]][theme][0] += 1
        for theme in found - truth:
            counts[row["language"]][theme][1] += 1
        for theme in truth - found:
            counts[row["language"]][theme][2] += 1
    return counts


def report(name: str, counts: dict[str, dict[str, list[int]]]) -> dict[str, tuple[float, float]]:
    micro = {}
    lines = [f"\n{name}"]
    for language, by_theme in counts.items():
        tp, fp, fn = (sum(cells[i] for cells in by_theme.values()) for i in range(3))
        micro[language] = (tp / (tp + fp), tp / (tp + fn))
        lines.append(
            f"  {language}: micro precision {micro[language][0]:.2f}, recall {micro[language][1]:.2f}"
        )
        for theme, (t, p, n) in sorted(by_theme.items()):
            precision = f"{t / (t + p):.2f}" if t + p else "-"
            recall = f"{t / (t + n):.2f}" if t + n else "-"
            lines.append(f"    {theme:28} precision {precision:>4} recall {recall:>4} (n={t + n})")
    print("\n".join(lines))
    return micro


def test_the_labelled_sets_are_big_enough_and_half_welsh():
    rows = labelled("comments_labelled.csv")
    assert len(rows) >= 120
    assert 0.4 <= sum(row["language"] == "cy" for row in rows) / len(rows) <= 0.6
    assert {row["audience"] for row in rows} >= {"child", "young_person", "care_leaver", "foster_carer"}
    assert any(row["themes"] == "" for row in rows if row["language"] == "cy")
    assert any(row["themes"] == "" for row in rows if row["language"] == "en")


def test_themes_on_the_labelled_set(codebook):
    micro = report("labelled set (terms tuned on it)", scores(labelled("comments_labelled.csv"), codebook))
    for language, (precision, recall) in micro.items():
        assert precision >= 0.9, (language, precision)
        assert recall >= 0.85, (language, recall)


def test_themes_on_the_held_out_set(codebook):
    micro = report("held-out set (never tuned on)", scores(labelled("comments_heldout.csv"), codebook))
    for language, (precision, recall) in micro.items():
        assert precision >= 0.85, (language, precision)
        assert recall >= 0.6, (language, recall)


def test_the_codebook_has_the_seed_themes_in_both_languages(codebook):
    assert [theme.id for theme in codebook.for_audience("young_person")] == YOUNG_PEOPLE
    assert [theme.id for theme in codebook.for_audience("child")] == YOUNG_PEOPLE
    assert [theme.id for theme in codebook.for_audience("care_leaver")] == YOUNG_PEOPLE
    assert [theme.id for theme in codebook.for_audience("foster_carer")] == CARERS
    assert [theme.id for theme in codebook.for_audience("staff")] == CARERS
    for theme in codebook.themes:
        assert theme.label_en and theme.label_cy and theme.label_en != theme.label_cy
        assert theme.description_en.endswith(".") and theme.description_cy.endswith(".")
        assert theme.terms_en and theme.terms_cy
    assert codebook.get("school").label("cy") == "Ysgol"
    with pytest.raises(KeyError):
        codebook.get("nonsense")
    with pytest.raises(ValueError, match="unknown audience"):
        codebook.for_audience("grown_up")


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Dw i eisiau gweld fy nheulu yn amlach", "family_friends_contact"),
        ("Mae e'n cael gweld ei deulu bob wythnos", "family_friends_contact"),
        ("Dydy hi ddim yn cael gweld ei theulu", "family_friends_contact"),
        ("Dw i'n colli dy dad", "family_friends_contact"),
        ("Dydy fy ngweithiwr cymdeithasol byth yn dod", "social_workers"),
        ("Mae'r weithwraig gymdeithasol yn hwyr", "social_workers"),
        ("Dw i wedi gorfod symud tŷ dair gwaith", "placement_moves"),
        ("Roedd symud lleoliad yn anodd", "placement_moves"),
        ("Dw i'n hoffi'r ysgol", "school"),
        ("Dydy'r arian poced ddim yn ddigon", "money"),
        ("Dw i'n cael fy mwlio", "feeling_safe"),
        ("Dydy hi ddim yn deg", "fairness"),
        ("Mae fy social worker yn grêt", "social_workers"),  # English words in a Welsh comment
    ],
)
def test_welsh_matching_copes_with_mutations_and_borrowed_words(codebook, text, theme):
    coded = classify(text, codebook, "young_person")
    assert coded.language == "cy"
    assert theme in coded.themes


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Mae angen mwy o hyfforddiant arnon ni", "training"),
        ("Does dim seibiant ar gael", "respite"),
        ("Mae ein grwpiau cymorth yn dda", "support_groups"),
        ("Dydy'r taliadau ddim yn ddigon", "payments"),
    ],
)
def test_welsh_carers_themes(codebook, text, theme):
    assert theme in classify(text, codebook, "foster_carer").themes


def test_themes_follow_the_audience_and_codebook_order(codebook):
    text = "My social worker changed again and the training for my carers is rubbish"
    assert classify(text, codebook, "young_person").themes == ("consistency", "social_workers")
    assert classify(text, codebook, "foster_carer").themes == ("training", "same_social_worker")
    everything = classify(text, codebook).themes
    assert list(everything) == [theme for theme in codebook.ids if theme in everything]
    with pytest.raises(ValueError, match="unknown audience"):
        classify(text, codebook, "nobody")


def test_themes_are_matched_on_the_redacted_text(codebook):
    coded = classify("I go to Fitzalan High School and Rhys Jones is my mate", codebook, "young_person")
    assert coded.redacted == "I go to [school] and [name] is my mate"
    assert coded.themes == ("family_friends_contact", "school")
    assert "Rhys" not in repr(coded)


def test_a_comment_with_no_theme_gets_none(codebook):
    assert classify("dim byd", codebook, "child").themes == ()
    assert classify("Everything is good", codebook, "young_person").themes == ()


@pytest.mark.parametrize(
    ("text", "fallback", "language"),
    [
        ("Mae fy social worker yn grêt", "", "cy"),
        ("I love my nain and taid", "", "en"),
        ("Dw i'n hapus", "", "cy"),
        ("Diolch", "", "cy"),
        ("Nothing really", "", "en"),
        ("ok", "cy", "cy"),
        ("ok", "en", "en"),
        ("no", "cy", "cy"),
        ("", "cy", "cy"),
    ],
)
def test_language_detection_with_a_fallback_for_short_comments(text, fallback, language):
    assert detect_language(text, fallback) == language


@pytest.mark.parametrize(
    "text",
    [
        "Dw i'n hapus iawn yma",
        "Mae fy ngofalwyr yn garedig",
        "Mae'r ysgol yn wych",
        "Mae fy ngofalwr maeth yn ffeind ac yn gwrando",
        "Roedd e'n ddiogel",
    ],
)
def test_welsh_positive_comments_score_above_zero(codebook, text):
    sentiment = classify(text, codebook).sentiment
    assert sentiment.method == "welsh-lexicon"
    assert sentiment.scored and sentiment.score is not None and sentiment.score > 0


@pytest.mark.parametrize(
    "text",
    [
        "Dyw hi ddim yn garedig",
        "Dw i'n drist ac yn unig",
        "Dydw i ddim yn hapus yma",
        "Mae'n gas gen i'r lle",
        "Nid yw'n deg",
        "Does dim cefnogaeth o gwbl",
        "Dw i'n teimlo'n anniogel",
        "Roedd e'n ofnadwy",
    ],
)
def test_welsh_negative_comments_and_negation_score_below_zero(codebook, text):
    sentiment = classify(text, codebook).sentiment
    assert sentiment.method == "welsh-lexicon"
    assert sentiment.scored and sentiment.score is not None and sentiment.score < 0


def test_a_welsh_comment_with_no_lexicon_word_is_not_scored_never_neutral(codebook):
    sentiment = classify("Dw i'n byw gyda fy nain ers mis Mawrth", codebook).sentiment
    assert sentiment.method == "welsh-lexicon"
    assert sentiment.scored is False and sentiment.score is None


def test_english_sentiment_is_textblob_and_unscored_without_an_evaluative_word(codebook):
    happy = classify("My carers are great and really kind", codebook).sentiment
    sad = classify("I am not happy here, it is awful", codebook).sentiment
    flat = classify("I stay with my nan at weekends", codebook).sentiment
    assert happy.method == sad.method == flat.method == "textblob"
    assert happy.score is not None and happy.score > 0 and sad.score is not None and sad.score < 0
    assert flat.scored is False and flat.score is None


def test_method_statements_say_what_is_done_in_both_languages():
    size = len(welsh_lexicon().words)
    assert size >= 150
    assert "TextBlob" in METHOD_EN and f"{size} words" in METHOD_EN and "not scored" in METHOD_EN
    assert "TextBlob" in METHOD_CY and f"{size} gair" in METHOD_CY and "heb ei sgorio" in METHOD_CY


def test_word_cloud_words_drop_stop_words_and_placeholders_and_undo_mutations():
    assert tokens_for_cloud("Dw i'n caru fy nheulu a'i deulu, [enw] yw fy ffrind", "cy") == [
        "caru",
        "teulu",
        "teulu",
        "ffrind",
    ]
    assert tokens_for_cloud("My [name] family is the best family, ring [phone]", "en") == [
        "family",
        "best",
        "family",
        "ring",
    ]
    assert {"yn", "mae", "ddim", "fy"} <= welsh_stopwords()
    assert "teulu" not in welsh_stopwords()


def test_agreement_between_suggested_and_corrected_themes():
    pairs = [
        ({"school"}, {"school"}),
        ({"school", "money"}, {"school"}),
        (set(), {"money"}),
        ({"praise"}, {"praise"}),
    ]
    result = agreement(pairs, ["school", "money", "praise"])
    assert result.comments == 4
    assert result.exact == 0.5
    assert result.micro_precision == 3 / 4 and result.micro_recall == 3 / 4
    assert result.micro_f1 == pytest.approx(0.75)
    assert result.per_theme["school"] == (1.0, 1.0, 1.0)
    precision, recall, kappa = result.per_theme["money"]
    assert precision == 0.0 and recall == 0.0 and kappa is not None and kappa < 0
    assert result.mean_kappa is not None


def test_agreement_with_nothing_to_compare_says_so():
    empty = agreement([], ["school"])
    assert empty.comments == 0 and empty.exact is None and empty.micro_precision is None
    untouched = agreement([(set(), set())], ["school"])
    assert untouched.exact == 1.0 and untouched.per_theme["school"] == (None, None, None)


def _build(root: str) -> list[str]:
    ensure_english_punkt(Path(root))
    return sorted(path.name for path in (Path(root) / "tokenizers" / "punkt_tab" / "english").iterdir())


def test_the_english_punkt_data_is_built_offline_idempotently_and_in_parallel(tmp_path):
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        built = pool.map(_build, [str(tmp_path)] * 2)
    assert built[0] == built[1] == sorted(MODEL_FILES)
    assert _build(str(tmp_path)) == sorted(MODEL_FILES)
    assert not [path for path in (tmp_path / "tokenizers" / "punkt_tab").iterdir() if path.name != "english"]


def test_coding_ten_thousand_comments_takes_seconds(codebook):
    rows = [row["text"] for row in labelled("comments_labelled.csv")]
    texts = [f"{rows[i % len(rows)]} {rows[(i * 7) % len(rows)]} ({i})" for i in range(10_000)]
    started = time.perf_counter()
    for text in texts:
        classify(text, codebook)
    seconds = time.perf_counter() - started
    print(f"\n10,000 comments coded in {seconds:.1f} s")
    assert seconds < 30


def test_codebook_errors_name_the_file_and_the_theme(tmp_path):
    broken = tmp_path / "themes.yaml"
    broken.write_text(
        "themes:\n  - id: a\n    group: young_people\n    label: {en: A}\n"
        "    description: {en: x, cy: y}\n    terms: {en: [a], cy: [b]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CodebookError, match=r"themes.yaml, theme a: label needs non-empty 'en' and 'cy'"):
        load_codebook(broken)
    broken.write_text("themes: [", encoding="utf-8")
    with pytest.raises(CodebookError, match="not valid YAML"):
        load_codebook(broken)
    with pytest.raises(CodebookError, match="cannot be read"):
        load_codebook(tmp_path / "missing.yaml")
