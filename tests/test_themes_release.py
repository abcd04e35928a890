"""What people wrote, as it may leave: theme counts, quotes, sentiment and word clouds (analysis.themes).

Pure tables, no database. The rules tested are those of analysis.disclosure for free text: only groups
of at least K respondents, people (not comments) counted, "c" for 1-4, counts rounded to 5, a
percentage only on a base of K, at most three quotes per theme, and a word in a cloud only once five
different people used it. The strongest test changes everything about the groups under K and checks
that no released table changes at all.
"""

from __future__ import annotations

import random

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.disclosure import MAX_QUOTES, DisclosureControl, DisclosureError, released
from analysis.themes import COMMENT_COLUMNS, WALES, ThemeInput, ThemeTables, build_theme_tables
from analysis.wordclouds import cloud_words, png_data_uri

K = 10
CONTROL = DisclosureControl(K)
THEMES = ["listened_to", "school", "money"]
WORDS = {"listened_to": "listen", "school": "homework", "money": "pocket"}


def comment(
    response_id: str,
    authority: str,
    text: str,
    themes: tuple[str, ...],
    language: str = "en",
    item_id: str = "q",
    score: float | None = None,
    reviewed: bool = False,
    suggested: tuple[str, ...] | None = None,
) -> dict:
    return {
        "response_id": response_id,
        "authority": authority,
        "item_id": item_id,
        "language": language,
        "redacted": text,
        "themes": themes,
        "suggested": themes if suggested is None else suggested,
        "sentiment_score": score,
        "sentiment_scored": score is not None,
        "reviewed": reviewed,
    }


def respondents(sizes: dict[str, int]) -> pd.DataFrame:
    rows = [(f"{code}-{n}", code) for code, size in sizes.items() for n in range(size)]
    return pd.DataFrame(rows, columns=["response_id", "authority"])


def build(comments: list[dict], sizes: dict[str, int], themes: list[str] = THEMES) -> ThemeTables:
    frame = pd.DataFrame(comments, columns=COMMENT_COLUMNS)
    return build_theme_tables(ThemeInput(frame, respondents(sizes), themes), CONTROL)


def row(table, authority: str, **keys) -> dict:
    frame = table.frame
    mask = frame["authority"] == authority
    for key, value in keys.items():
        mask &= frame[key] == value
    found = frame[mask].to_dict("records")
    assert len(found) == 1, found
    return found[0]


def test_counts_are_people_with_c_for_one_to_four_rounded_and_a_percentage_only_on_a_base_of_k():
    comments = [comment(f"A-{n}", "A", "I want homework help", ("school",)) for n in range(7)]
    # Person A-0 wrote a second comment about school: still one person.
    comments.append(comment("A-0", "A", "More homework club", ("school",), item_id="q2"))
    comments += [comment(f"A-{n}", "A", "More pocket money", ("money",)) for n in range(7, 10)]
    comments += [comment(f"A-{n}", "A", "Nothing", ()) for n in range(10, 15)]
    tables = build(comments, {"A": 20})
    school = row(tables.counts, "A", theme="school")
    # 7 people of the 15 who wrote: rounded to 5, 47%.
    assert (school["people"], school["percent"], school["status"]) == (5, 47, "shown")
    money = row(tables.counts, "A", theme="money")
    assert money["status"] == "c" and pd.isna(money["people"]) and pd.isna(money["percent"])
    listened = row(tables.counts, "A", theme="listened_to")
    assert (listened["people"], listened["percent"], listened["status"]) == (0, 0, "shown")
    group = row(tables.groups, "A")
    assert (group["respondents"], group["writers"], group["writers_percent"]) == (20, 15, 75)
    assert "count" not in tables.counts.frame.columns  # exact counts never leave


def test_a_percentage_needs_k_people_who_wrote_even_when_the_group_is_shown():
    comments = [comment(f"A-{n}", "A", "I want homework help", ("school",)) for n in range(6)]
    tables = build(comments, {"A": 30})
    school = row(tables.counts, "A", theme="school")
    assert school["people"] == 5 and pd.isna(school["percent"]) and school["status"] == "shown"


def test_a_council_under_k_has_no_figure_quote_word_or_sentiment_anywhere():
    secret = "Zebra crossings by Rhuddlan scare me"
    comments = [comment(f"B-{n}", "B", secret, ("school",), score=-0.5) for n in range(8)]
    comments += [comment(f"A-{n}", "A", "I want homework help", ("school",), score=0.5) for n in range(12)]
    tables = build(comments, {"A": 12, "B": 8})
    group = row(tables.groups, "B")
    assert group["status"] == "too_few" and pd.isna(group["respondents"]) and pd.isna(group["writers"])
    counts = tables.counts.frame[tables.counts.frame["authority"] == "B"]
    assert (counts["status"] == "too_few").all() and counts["people"].isna().all()
    for name in ("quotes", "sentiment", "unscored", "clouds", "reviews"):
        frame = getattr(tables, name).frame
        assert "B" not in set(frame["authority"]), name
        assert (
            not frame.astype(str)
            .apply(lambda column: column.str.contains("Zebra|zebra|Rhuddlan"))
            .any()
            .any()
        )
    assert "B" not in tables.agreements


def test_all_of_wales_pools_only_shown_councils_and_only_three_or_more():
    def council(code: str, size: int) -> list[dict]:
        return [
            comment(f"{code}-{n}", code, "Someone to listen to me", ("listened_to",)) for n in range(size)
        ]

    two = build(council("A", 10) + council("C", 10) + council("B", 9), {"A": 10, "C": 10, "B": 9})
    assert WALES not in set(two.counts.frame["authority"])
    three = build(
        council("A", 10) + council("C", 10) + council("D", 10) + council("B", 9),
        {"A": 10, "C": 10, "D": 10, "B": 9},
    )
    wales = row(three.counts, WALES, theme="listened_to")
    # 30 people from the three shown councils; council B (9, under K) is in nobody's figure.
    assert (wales["people"], wales["percent"], wales["authorities"]) == (30, 100, 3)
    assert set(three.for_authority("A").counts.frame["authority"]) == {"A", WALES}
    assert set(three.for_authority("A").quotes.frame["authority"]) == {"A"}
    assert set(three.for_wales().clouds.frame["authority"]) == {WALES}


def test_quotes_are_three_at_most_reviewed_first_one_per_person_never_repeated_and_always_the_same():
    comments = [
        comment("A-0", "A", "Someone to listen to me at home", ("listened_to",)),
        comment("A-0", "A", "And listen at school too please", ("listened_to",), item_id="q2"),
        comment("A-1", "A", "Someone to listen to me at home", ("listened_to",)),  # same words as A-0
        comment("A-2", "A", "Adults who listen properly", ("listened_to",), reviewed=True),
        comment("A-3", "A", "ok", ("listened_to",)),  # too short to quote
        comment("A-4", "A", "My carers listen to me", ("listened_to",)),
        comment("A-5", "A", "They never listen to what I say", ("listened_to",)),
    ] + [comment(f"A-{n}", "A", "nothing", ()) for n in range(6, 12)]
    tables = build(comments, {"A": 12})
    quotes = tables.quotes.frame
    assert len(quotes) == MAX_QUOTES
    assert quotes.iloc[0]["text"] == "Adults who listen properly"  # the reviewed one comes first
    assert list(quotes["rank"]) == [1, 2, 3]
    assert quotes["text"].str.casefold().is_unique
    assert "ok" not in set(quotes["text"])
    shuffled = comments[:]
    random.Random(3).shuffle(shuffled)
    again = build(shuffled, {"A": 12}).quotes.frame
    pd.testing.assert_frame_equal(quotes.reset_index(drop=True), again.reset_index(drop=True))


def test_a_word_enters_a_cloud_only_when_five_different_people_used_it():
    comments = [comment(f"A-{n}", "A", "Someone to listen to me", ("listened_to",)) for n in range(5)]
    # A name that redaction missed, used by four people: it must not appear.
    comments += [
        comment(f"A-{n}", "A", "Adults who listen, like Gareth", ("listened_to",)) for n in range(5, 9)
    ]
    # One person writing "pizza" in five comments is still one person.
    comments += [
        comment("A-9", "A", f"pizza pizza adults {n}", ("listened_to",), item_id=f"q{n}") for n in range(5)
    ]
    tables = build(comments, {"A": 12})
    words = cloud_words(tables.clouds, "A", "listened_to", "en")
    assert words["listen"] == 10  # nine people, rounded to 5
    assert words["someone"] == 5 and words["adults"] == 5  # exactly five people each
    assert "gareth" not in words and "Gareth" not in words
    assert "pizza" not in words
    assert cloud_words(tables.clouds, "A", "listened_to", "cy") == {}


def test_sentiment_shares_are_of_scored_people_and_the_unscored_are_counted_not_hidden():
    comments = [comment(f"A-{n}", "A", "homework is great", ("school",), score=0.6) for n in range(6)]
    comments += [comment(f"A-{n}", "A", "homework is awful", ("school",), score=-0.6) for n in range(6, 11)]
    comments += [comment(f"A-{n}", "A", "gwaith cartref", ("school",), language="cy") for n in range(11, 14)]
    tables = build(comments, {"A": 14})
    positive = row(tables.sentiment, "A", theme="school", language="en", polarity="positive")
    negative = row(tables.sentiment, "A", theme="school", language="en", polarity="negative")
    neutral = row(tables.sentiment, "A", theme="school", language="en", polarity="neutral")
    assert (positive["percent"], negative["percent"], positive["total"]) == (55, 45, 10)
    assert neutral["percent"] == 0
    unscored = row(tables.unscored, "A", theme="school", language="cy")
    assert unscored["status"] == "c" and pd.isna(unscored["people"])  # three Welsh comments not scored
    assert row(tables.unscored, "A", theme="school", language="en")["people"] == 0


def test_corrected_themes_replace_the_suggestion_and_agreement_is_reported():
    comments = [
        comment("A-0", "A", "Someone to listen", ("listened_to",), suggested=("listened_to",), reviewed=True),
        comment("A-1", "A", "Homework help", ("school",), suggested=("listened_to",), reviewed=True),
        comment("A-2", "A", "Pocket money", ("money",), suggested=("money",), reviewed=True),
        comment("A-3", "A", "Homework and money", ("school", "money"), suggested=("school",), reviewed=True),
    ] + [comment(f"A-{n}", "A", "Homework help again", ("school",)) for n in range(4, 12)]
    tables = build(comments, {"A": 12})
    assert row(tables.counts, "A", theme="school")["people"] == 10  # ten people: the correction counts
    assert row(tables.counts, "A", theme="listened_to")["status"] == "c"
    reviews = row(tables.reviews, "A")
    assert reviews["reviewed_percent"] == 33 and "comments" not in tables.reviews.frame  # 4 of 12
    found = tables.agreements["A"]
    assert found.comments == 4 and found.exact == pytest.approx(0.5)
    # Suggested 4 themes, kept 3; the analyst gave 5, of which 3 were suggested.
    assert found.micro_precision == pytest.approx(3 / 4) and found.micro_recall == pytest.approx(3 / 5)
    assert found.per_theme["school"].recall == pytest.approx(1 / 2)


def test_a_theme_the_codebook_no_longer_has_is_left_out():
    comments = [comment(f"A-{n}", "A", "Homework help", ("school", "retired_theme")) for n in range(10)]
    tables = build(comments, {"A": 10})
    assert set(tables.counts.frame["theme"]) == set(THEMES)


SIZES = st.dictionaries(
    st.sampled_from(["A", "B", "C", "D", "E"]), st.integers(1, 16), min_size=1, max_size=5
)
VOCABULARY = ["listen", "homework", "pocket", "money", "school", "carers", "someone", "secret", "zebra"]


def make_comments(sizes: dict[str, int], seed: int) -> list[dict]:
    rng = random.Random(seed)
    found = []
    for code, size in sizes.items():
        for n in range(size):
            for item in ("q1", "q2"):
                if rng.random() < 0.7:
                    text = " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(2, 6)))
                    themes = tuple(theme for theme in THEMES if rng.random() < 0.4)
                    score = rng.choice([None, -0.5, 0.0, 0.5])
                    found.append(
                        comment(
                            f"{code}-{n}",
                            code,
                            text,
                            themes,
                            rng.choice(["cy", "en"]),
                            item,
                            score,
                            rng.random() < 0.3,
                            tuple(theme for theme in THEMES if rng.random() < 0.4),
                        )
                    )
    return found


def disturb(comments: list[dict], sizes: dict[str, int], seed: int) -> tuple[list[dict], dict[str, int]]:
    """Change everything about councils under K: their words, themes, tone, reviews and how many answered."""
    rng = random.Random(seed)
    small = {code for code, size in sizes.items() if size < K}
    new_sizes = {code: (rng.randint(1, K - 1) if code in small else size) for code, size in sizes.items()}
    kept = [each for each in comments if each["authority"] not in small]
    noise = make_comments({code: new_sizes[code] for code in small}, seed + 1)
    for each in noise:
        each["redacted"] += " " + rng.choice(["Rhuddlan", "Tomos", "07700 900123"])
    return kept + noise, new_sizes


def frames(tables: ThemeTables) -> dict[str, pd.DataFrame]:
    found = {}
    for name in tables.__dataclass_fields__:
        if name == "agreements":
            continue
        frame = getattr(tables, name).frame
        keys = [
            column
            for column in ("authority", "theme", "language", "polarity", "word", "rank")
            if column in frame
        ]
        found[name] = frame.sort_values(keys, ignore_index=True).astype(object).map(str)
    return found


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes=SIZES, seed=st.integers(0, 10_000), disturbance=st.integers(0, 10_000))
def test_changing_anything_about_a_council_under_k_changes_nothing_that_leaves(sizes, seed, disturbance):
    comments = make_comments(sizes, seed)
    before = build(comments, sizes)
    changed, new_sizes = disturb(comments, sizes, disturbance)
    after = build(changed, new_sizes)
    for name, frame in frames(before).items():
        pd.testing.assert_frame_equal(frame, frames(after)[name], obj=name)
    assert before.agreements.keys() == after.agreements.keys()
    for key in before.agreements:
        assert before.agreements[key] == after.agreements[key]
    released_text = " ".join(" ".join(frame.to_numpy().ravel()) for frame in frames(after).values())
    assert "Rhuddlan" not in released_text and "Tomos" not in released_text and "07700" not in released_text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sizes=SIZES, seed=st.integers(0, 10_000))
def test_no_released_count_is_one_to_four_or_unrounded(sizes, seed):
    tables = build(make_comments(sizes, seed), sizes)
    for name in ("counts", "unscored"):
        frame = tables.__getattribute__(name).frame
        people = frame["people"].dropna().astype(int)
        assert ((people == 0) | (people >= 5)).all() and (people % 5 == 0).all(), name
    assert (tables.clouds.frame["weight"] >= 5).all()
    sentiment = tables.sentiment.frame
    assert sentiment.loc[sentiment["status"] != "shown", "percent"].isna().all()
    assert (tables.quotes.frame.groupby(["authority", "theme"]).size() <= MAX_QUOTES).all()


def test_people_counts_and_review_totals_refuse_what_is_not_safe():
    with pytest.raises(DisclosureError):
        DisclosureControl.review_share(3, 2)
    assert DisclosureControl.review_share(1, 3) == 33 and DisclosureControl.review_share(0, 0) == 0
    with pytest.raises(DisclosureError):
        cloud_words(released("quotes", pd.DataFrame()), "A", "school", "en")


def test_a_cloud_is_the_same_picture_every_time_and_none_without_words():
    words = {"gwrando": 10, "ŵyr": 5, "teulu": 5}
    first = png_data_uri(words)
    assert first is not None and first.startswith("data:image/png;base64,")
    assert png_data_uri(dict(reversed(list(words.items())))) == first
    assert png_data_uri({}) is None


def test_quotes_need_k_people_who_wrote_and_a_theme_count_that_is_shown():
    """A council of 30 respondents where only 6 wrote: their words are never quoted, though counts show."""
    few_wrote = [comment(f"A-{n}", "A", "Someone to listen to me please", ("listened_to",)) for n in range(6)]
    tables = build(few_wrote, {"A": 30})
    assert tables.quotes.frame.empty
    # Twelve wrote: "school" (ten people) is quoted; "money" (two people, shown as "c") is not.
    many = [comment(f"B-{n}", "B", f"Help with my homework {n} times", ("school",)) for n in range(10)]
    many += [comment(f"B-{n}", "B", f"More pocket money {n} times", ("money",)) for n in range(10, 12)]
    quotes = build(many, {"B": 30}).quotes.frame
    assert set(quotes["theme"]) == {"school"} and len(quotes) == MAX_QUOTES


def test_with_record_keys_counts_of_people_are_perturbed_like_every_other_count():
    """B1 on themes: the rounded count beside a whole percentage of the exact base could pin a
    theme's exact count of people; with record keys both are perturbed first."""
    import random

    rng = random.Random(11)
    sizes = {code: 40 for code in ("A", "B", "C", "D")}
    comments = [
        comment(f"{code}-{n}", code, "They listen to me and help", ("listened_to",) if n % 3 else ("school",))
        for code in sizes
        for n in range(rng.randrange(20, 40))
    ]
    frame = pd.DataFrame(comments, columns=COMMENT_COLUMNS)
    people = respondents(sizes)
    keys = pd.Series([rng.randrange(256) for _ in range(len(people))], index=people["response_id"])
    exact = build_theme_tables(ThemeInput(frame, people, THEMES), CONTROL).counts.frame
    perturbed = build_theme_tables(ThemeInput(frame, people, THEMES, record_keys=keys), CONTROL).counts.frame
    assert list(exact["status"]) == list(perturbed["status"])  # what is hidden is decided on true counts
    shown = exact["status"] == "shown"
    assert (exact.loc[shown, "percent"] != perturbed.loc[shown, "percent"]).any()
    difference = (exact.loc[shown, "percent"] - perturbed.loc[shown, "percent"]).abs()
    assert (difference <= 15).all()  # at most 2 people either way, of 20 or more
    again = build_theme_tables(ThemeInput(frame, people, THEMES, record_keys=keys), CONTROL).counts.frame
    assert again.equals(perturbed)  # the same people give the same figures every time
