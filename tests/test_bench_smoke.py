"""bench/throughput.py, bench/first_content.py and bench/run_all.py run end to end on tiny settings;
bench/page_weight.py judges what blocks the first paint against 14 KB.

What is checked is that every figure is printed, as a number, with its target's verdict, and that a figure
that could not be measured makes the command fail. No time or rate is asserted: the figures depend on the
machine and on whatever else it is doing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bench import first_content, page_weight, run_all, throughput

FIGURE = re.compile(
    r"^(reference|question page|saved answer)\s+([\d,]+\.\d)\s+(\d+\.\d\d)\s+[\d.]+ms\s+[\d.]+ms"
    r"\s+([\d.]+|nan)ms\s*(.*)$"
)
PAINT = re.compile(
    r"^(introduction|question page)\s+(\d+)ms\s+< 0\.6 s (pass|FAIL)\s+(\d+)ms\s+< 0\.8 s (pass|FAIL)"
    r"\s+(\d+)\s+(\d+)ms\s+[\d.]+ KB\s+[\d ]+$"
)


def test_a_tiny_throughput_run_prints_each_rate_its_ratio_and_its_target(
    capsys: pytest.CaptureFixture[str],
) -> None:
    tiny = ["--workers", "1", "--clients", "2", "--processes", "1", "--seconds", "1", "--warmup", "0.2"]
    status = throughput.main([*tiny, "--respondents", "4"])
    out = capsys.readouterr().out
    assert status == 0, out
    rows = {match[1]: match for line in out.splitlines() if (match := FIGURE.match(line))}
    assert set(rows) == {"reference", "question page", "saved answer"}, out
    for row in rows.values():
        assert float(row[2].replace(",", "")) > 0  # some requests succeeded in the window
        float(row[3])
    assert rows["reference"][3] == "1.00" and rows["reference"][5] == ""
    for row in rows.values():
        assert float(row[4]) > 0, row[0]  # the server's CPU time per request was measured
    verdict = r">= {}  (pass|FAIL)  \({} (pass|FAIL)\)"
    assert re.fullmatch(verdict.format(r"0\.25", r"0\.50"), rows["question page"][5]), out
    assert re.fullmatch(verdict.format(r"0\.15", r"0\.25"), rows["saved answer"][5]), out
    assert "By server CPU time per request" in out
    assert "1 sync workers per app" in out and "The client shares this machine with the server" in out
    assert "POST /cy/s/bench-children-8-10/" in out and "4 started respondents" in out


def test_failed_requests_mean_the_figures_were_not_measured(capsys: pytest.CaptureFixture[str]) -> None:
    load = throughput.Load(clients=2, processes=1, seconds=1.0, warmup=0.0)
    fine = throughput.Tally(ok=100, latencies=[0.01] * 100)
    refused = throughput.Tally(ok=10, failed=5, latencies=[0.05] * 10, first_failure="POST /x: HTTP 400")
    figures = [
        throughput.Figure("reference", "GET /", 100.0, fine, 2.0),
        throughput.Figure("question page", "GET /q", 60.0, fine, 2.0),
        throughput.Figure("saved answer", "POST /q", 10.0, refused, 2.0),
    ]
    assert throughput.report(figures, 1, load, "quiet") == 1
    out = capsys.readouterr().out
    assert "NOT MEASURED" in out and "saved answer: 5 of 15 requests failed (POST /x: HTTP 400)" in out
    assert re.search(r"^question page\s+60\.0\s+0\.60 .* pass  \(0\.50 pass\)$", out, re.M)
    assert re.search(r"^saved answer\s+10\.0\s+0\.10 .* FAIL  \(0\.25 FAIL\)$", out, re.M)


def test_throughput_refuses_settings_that_cannot_measure_anything(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        throughput.main(["--seconds", "0"])
    assert stopped.value.code == 2 and "--seconds: above 0" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stopped:  # two connections would send answers for one respondent
        throughput.main(["--clients", "8", "--respondents", "4"])
    assert stopped.value.code == 2 and "--respondents must be at least 8" in capsys.readouterr().err


def test_one_first_paint_run_of_each_page_is_printed_with_its_verdict(
    capsys: pytest.CaptureFixture[str],
) -> None:
    required = os.environ.get("LLEISIAU_BROWSER_TESTS", "").strip().lower() == "required"
    if not first_content.CHROMIUM.exists() and not required:
        pytest.skip(f"Chromium is not installed at {first_content.CHROMIUM}")
    status = first_content.main(["--runs", "1", "--workers", "1"])
    out = capsys.readouterr().out
    assert status == 0, out
    rows = {match[1]: match for line in out.splitlines() if (match := PAINT.match(line))}
    assert set(rows) == {"introduction", "question page"}, out
    for row in rows.values():
        assert int(row[2]) == int(row[4]) > 0  # one run: its median is its worst
        assert int(row[6]) == 0  # nothing in <head> makes the browser wait for another file
        assert 0 < int(row[7]) <= int(row[2])  # everything needed had arrived before the first paint
    assert "150 ms latency, 1.6 Mbit/s down and up, CPU 4x slower, 360x640 mobile" in out


def test_without_chromium_first_paint_is_not_measured_and_fails(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(first_content, "CHROMIUM", tmp_path / "no-chromium")
    assert first_content.main(["--runs", "1"]) == 1
    assert "First contentful paint NOT MEASURED: no Chromium at" in capsys.readouterr().out


def test_make_bench_fails_when_a_benchmark_fails_and_says_which(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(
        run_all,
        "BENCHMARKS",
        {"page weight": ["-c", "print('41 KB')"], "throughput": ["-c", "raise SystemExit(3)"]},
    )
    assert run_all.main([]) == 1
    out = capfd.readouterr().out
    assert "41 KB" in out and "[throughput: exit 3," in out
    assert re.search(r"^  page weight\s+ran\s", out, re.M)
    assert re.search(r"^  throughput\s+exit 3\s", out, re.M)
    assert "Not measured, or over its own budget: throughput" in out
    assert run_all.main(["--skip", "throughput"]) == 0
    assert "throughput" not in capfd.readouterr().out


def test_page_weight_judges_what_blocks_drawing_against_14_kb(capsys: pytest.CaptureFixture[str]) -> None:
    head = BeautifulSoup(
        '<link rel="stylesheet" href="/a.css"><script src="/sync.js"></script><script src="/d.js" defer>'
        '</script><script src="/m.js" type="module"></script><script src="/x.js" async></script>'
        '<link rel="prefetch" href="/later.css"><style>p{margin:0}</style>',
        "html.parser",
    )
    assert page_weight.render_blocking_urls(head) == ["/a.css", "/sync.js"]

    def weight(page: str, html: int, blocking: int, deferred: int = 0) -> page_weight.Weight:
        return page_weight.Weight(page, "cy", 200, html, blocking + deferred, 900, [], [], blocking)

    fits = [weight("question", 4_700, 0, 1_500), weight("intro", 3_000, 2_100)]
    assert page_weight.report(fits) == 0
    out = capsys.readouterr().out
    assert re.search(r"^question\s+cy\s+4\.6\s+4\.6\s+33% pass\s+1\.5\s+6\.1\s+4\.6\s+30%", out, re.M)
    assert "Heaviest first paint load: intro (cy), 5100 bytes of 14 KB (14,336 bytes), 36%: PASS" in out
    assert "1 of 2 pages make the browser wait for another file before drawing." in out
    over = [weight("heavy", 12_000, 3_000)]  # 15,000 bytes before the first paint: two round trips
    assert page_weight.report(over) == 1
    out = capsys.readouterr().out
    assert "heavy (cy): first paint load 15000 bytes > 14336" in out and "105%: FAIL" in out
