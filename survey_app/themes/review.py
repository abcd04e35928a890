"""The review page: a council's redacted comments, filtered and 25 a page, with their current themes.

Only comments of a group of at least K respondents are ever listed (`CommentSet.reviewable`); the
words shown are the redacted ones; the order is fixed (question, then a meaningless key), so saving
one comment never moves the others about.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from analysis.disclosure import DisclosureControl, ShownCount

from .gather import CommentSet
from .view import theme_label

PER_PAGE = 25
STATES = ("not_reviewed", "reviewed")
LANGUAGES = ("cy", "en")


@dataclass(frozen=True)
class Filters:
    """What the list is narrowed to; anything not recognised in the address is ignored."""

    theme: str = ""
    language: str = ""
    state: str = ""
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, Any], comment_set: CommentSet) -> Filters:
        theme = str(args.get("theme", ""))
        language = str(args.get("language", ""))
        state = str(args.get("state", ""))
        try:
            page = max(int(str(args.get("page", "1"))), 1)
        except ValueError:
            page = 1
        return cls(
            theme=theme if theme in comment_set.theme_ids else "",
            language=language if language in LANGUAGES else "",
            state=state if state in STATES else "",
            page=page,
        )

    def as_args(self, page: int | None = None) -> dict[str, Any]:
        """The filters as query arguments (empty ones left out), on `page` if given."""
        found: dict[str, Any] = {
            key: value
            for key, value in (("theme", self.theme), ("language", self.language), ("state", self.state))
            if value
        }
        number = self.page if page is None else page
        if number > 1:
            found["page"] = number
        return found

    @property
    def any(self) -> bool:
        return bool(self.theme or self.language or self.state)


@dataclass(frozen=True)
class ReviewComment:
    key: str
    number: int  # its place in the filtered list, from 1
    language: str
    question: str
    text: str  # redacted
    suggested: list[str]  # labels of the codebook's current suggestion
    themes: frozenset[str]  # the themes it counts under now (ticked on the form)
    reviewed_on: date | None


@dataclass
class ReviewPage:
    comment_set: CommentSet
    code: str
    lang: str
    filters: Filters
    shown: bool  # False: the group is under K, so nothing of it is listed
    themes: list[tuple[str, str]]  # (id, label) of every theme of the audience, in codebook order
    comments: list[ReviewComment] = field(default_factory=list)
    matching: int = 0  # comments that pass the filters (for paging; never printed)
    shown_matching: ShownCount = ShownCount(about=0)  # as the page says it: see response_totals
    shown_total: ShownCount = ShownCount(about=0)  # the council's comments, as the page says it
    reviewed_percent: int = 0  # the share reviewed, never the two counts (see review_share)
    page: int = 1
    pages: int = 1
    saved: str = ""  # the key of the comment just saved (it may have left the filtered list)


def review_page(
    comment_set: CommentSet, code: str, filters: Filters, lang: str, saved: str = ""
) -> ReviewPage:
    """One page of a council's comments for review, after the filters."""
    labels = {theme.id: theme_label(theme, lang) for theme in comment_set.themes}
    page = ReviewPage(
        comment_set=comment_set,
        code=code,
        lang=lang,
        filters=filters,
        shown=comment_set.shown(code),
        themes=list(labels.items()),
    )
    if not page.shown:
        return page
    comments = comment_set.reviewable(code)
    control = DisclosureControl(comment_set.min_group)
    (page.shown_total,) = control.response_totals(len(comments))
    page.reviewed_percent = control.review_share(int(comments["reviewed"].sum()), len(comments))
    page.saved = saved if saved in set(comments["key"]) else ""
    order = {item: position for position, item in enumerate(comment_set.questions)}
    comments = comments.assign(_order=comments["item_id"].map(order)).sort_values(
        ["_order", "key"], kind="stable"
    )
    if filters.theme:
        comments = comments[comments["themes"].map(lambda themes: filters.theme in themes)]
    if filters.language:
        comments = comments[comments["language"] == filters.language]
    if filters.state:
        comments = comments[comments["reviewed"] == (filters.state == "reviewed")]
    page.matching = len(comments)
    (page.shown_matching,) = control.response_totals(page.matching)
    page.pages = max(math.ceil(page.matching / PER_PAGE), 1)
    page.page = min(filters.page, page.pages)
    start = (page.page - 1) * PER_PAGE
    for number, row in enumerate(comments.iloc[start : start + PER_PAGE].to_dict("records"), start=start + 1):
        question = comment_set.questions.get(str(row["item_id"]))
        page.comments.append(
            ReviewComment(
                key=str(row["key"]),
                number=number,
                language=str(row["language"]),
                question=question(lang) if question is not None else str(row["item_id"]),
                text=str(row["redacted"]),
                suggested=[labels[theme] for theme in row["current_suggestion"] if theme in labels],
                themes=frozenset(row["themes"]),
                reviewed_on=row["reviewed_on"] if row["reviewed"] else None,
            )
        )
    return page
