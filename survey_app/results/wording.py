"""Which figures compare different wordings of an indicator's question (see `content.wording`).

A council's figure for an indicator is marked "wording changed" beside the previous year when its
campaigns this year asked the question in other words (text in either language, answers, or the
answers that count as positive) than its campaigns the year before; and beside the other councils
when the other councils' campaigns in the same year and band asked it in other words than its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Wordings = Mapping[tuple[str, str], frozenset[str]]  # (authority code, indicator) -> wording digests


@dataclass(frozen=True)
class WordingChanges:
    previous: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    benchmark: frozenset[tuple[str, str]] = field(default_factory=frozenset)

    def beside_previous(self, authority: str, indicator: str) -> bool:
        return (authority, indicator) in self.previous

    def beside_benchmark(self, authority: str, indicator: str) -> bool:
        return (authority, indicator) in self.benchmark

    def any_for(self, authority: str | None = None) -> bool:
        """Whether any figure (of one council, or of any) is marked."""
        return any(authority is None or each[0] == authority for each in self.previous | self.benchmark)


def wording_changes(current: Wordings, previous: Wordings) -> WordingChanges:
    """Compare each council's wordings with its own the year before, and with every other council's."""
    beside_previous = {
        key for key, digests in current.items() if previous.get(key) and previous[key] != digests
    }
    beside_benchmark = set()
    for (authority, indicator), digests in current.items():
        others = frozenset().union(
            *(each for (who, key), each in current.items() if key == indicator and who != authority)
        )
        if others and others != digests:
            beside_benchmark.add((authority, indicator))
    return WordingChanges(frozenset(beside_previous), frozenset(beside_benchmark))
