"""Word clouds drawn from released word counts (the `clouds` table of `analysis.themes`).

A cloud is a PNG inside a data URI, so a page shows it with nothing fetched and under a strict
content-security policy (an SVG would need the cloud's font in the browser, and inline styles).
The font is the one the `wordcloud` package ships, which draws ŵ, ŷ and the other Welsh letters.
The same words always give the same picture: the layout is seeded, the colours follow each word.
A cloud is decoration: pages list the same words with their counts beside it as its text equivalent.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import lru_cache
from io import BytesIO

from wordcloud import WordCloud

from .disclosure import DisclosureError, ReleasedTable

WIDTH, HEIGHT = 520, 260
SEED = 2026
# Dark colours, each at least 4.5:1 against white, so every word can be read.
COLOURS = ("#0b0c0c", "#1d4f91", "#005a30", "#6f2c91", "#8b1a0e", "#594d00")


def _colour(word: str, *_args: object, **_kwargs: object) -> str:
    return COLOURS[hashlib.sha256(word.encode("utf-8")).digest()[0] % len(COLOURS)]


def cloud_words(table: ReleasedTable, authority: str, theme: str, language: str) -> dict[str, int]:
    """The words of one cloud and their weights, from the released `clouds` table only."""
    if table.kind != "clouds":
        raise DisclosureError(f"a word cloud is drawn from the released clouds table, not {table.kind!r}")
    frame = table.frame
    mine = frame[
        (frame["authority"] == authority) & (frame["theme"] == theme) & (frame["language"] == language)
    ]
    return {str(word): int(weight) for word, weight in zip(mine["word"], mine["weight"], strict=True)}


def png_data_uri(words: Mapping[str, int], width: int = WIDTH, height: int = HEIGHT) -> str | None:
    """The cloud of `words` (word -> weight) as a data: URI, or None when there are no words."""
    if not words:
        return None
    return _render(tuple(sorted(words.items())), width, height)


@lru_cache(maxsize=256)
def _render(words: tuple[tuple[str, int], ...], width: int, height: int) -> str:
    cloud = WordCloud(
        width=width,
        height=height,
        background_color="white",
        prefer_horizontal=1.0,  # no sideways words: easier to read
        min_font_size=12,
        max_font_size=72,
        relative_scaling=0.6,
        margin=6,
        random_state=SEED,
        color_func=_colour,
    ).generate_from_frequencies(dict(words))
    image = cloud.to_image().convert("P", palette=1, colors=32)  # 1 = adaptive palette: a smaller file
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
