"""The report of `make bench`: printed and written to artifacts/bench.txt.

bench.run writes the file anew with the pages' table; the benchmarks after it (reminders, ranking_db, matching)
append their lines.
"""

import os
import statistics
import time
from pathlib import Path

from bench.checks import (
    ADMIN_P95_BUDGET_MS,
    ADMIN_SIZE_LIMIT_KB,
    P95_BUDGET_MS,
    QUERY_LIMIT,
    THROUGHPUT_GOAL,
    Page,
    Probe,
    check,
    query_check,
    size_check,
)
from bench.server import WORKERS
from bench.wrk import LOADS, WARMUP_SECONDS, Rounds

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
HEADER = [
    "page", "conns", "req/s", "p50 ms", "p95 ms", "figure", "goal", "queries", "goal", "size", "goal", "result",
    "x bare each round", "non-2xx",
]  # fmt: skip
RIGHT = {1, 2, 3, 4, 7, 9}  # the numbers' columns


def report_write(lines: list[str]) -> None:
    print("\n".join(lines))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "bench.txt").write_text("\n".join(lines) + "\n")
    print(f"(written to {ARTIFACTS / 'bench.txt'})")


def report_append(lines: list[str]) -> None:
    print("\n".join(lines))
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "bench.txt").open("a") as report:
        report.write("\n".join(lines) + "\n")


def table(
    bare: Page, pages: list[Page], measured: dict[tuple[str, int], Rounds], probes: dict[str, Probe]
) -> tuple[list[str], int, int]:
    """The table's lines, one block per number of connections, and the number of goals passed and failed.

    Each row shows the page's speed, queries and size beside their goals; queries and size are one request's
    (``probes``), checked in the first block only."""
    blocks, passed, failed = [], 0, 0
    for _threads, connections in LOADS:
        rows = []
        for page in [bare, *pages]:
            rounds = measured.get((page.name, connections))
            if rounds is None:  # a page with a time budget, measured at one connection only
                continue
            speed = None if page is bare else check(page, connections, rounds)
            probe = probes[page.name]
            queries, size = query_check(page, probe), size_check(page, probe)
            goals = {"speed": speed}
            if page is not bare and connections == LOADS[0][1]:
                goals |= {"queries": queries, "size": size}
            judged = {name: result for name, result in goals.items() if result is not None and result.goal != "-"}
            missed = [name for name, result in judged.items() if not result.passed]
            passed, failed = passed + len(judged) - len(missed), failed + len(missed)
            errors = rounds.errors
            rows.append(
                [
                    page.name,
                    str(connections),
                    f"{rounds.median('rate'):,.1f}",
                    f"{rounds.median('p50_ms'):.1f}",
                    f"{rounds.median('p95_ms'):.1f}",
                    "1.00 x bare (reference)" if page is bare else (speed.figure if speed else "-"),
                    speed.goal if speed else "-",
                    queries.figure,
                    queries.goal if "queries" in goals else "-",
                    size.figure,
                    size.goal if "size" in goals else "-",
                    ("FAIL (" + ", ".join(missed) + ")" if missed else "PASS") if judged else "-",
                    ", ".join(f"{ratio:.2f}" for ratio in rounds.ratios) or "-",
                    f"{errors} FAIL" if errors else "0",
                ]
            )
        blocks.append(rows)
    every_row = [HEADER, *(row for rows in blocks for row in rows)]
    widths = [max(len(row[column]) for row in every_row) for column in range(len(HEADER))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell.rjust(width) if column in RIGHT else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines = [line(HEADER), line(["-" * width for width in widths])]
    for number, rows in enumerate(blocks):
        if number > 0:
            lines.append("")
        lines += [line(row) for row in rows]
    return lines, passed, failed


def cpu_busy_meanwhile(seconds: int = 2) -> str:
    """How busy the CPUs are while the benchmark itself idles: other programs distort the figures."""

    def sample() -> tuple[int, int]:
        fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]  # all, idle + iowait

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return "?"
    total = total_after - total_before
    return f"{100 * (1 - (idle_after - idle_before) / total):.0f} %" if total else "?"


def method_lines(
    *, port: int, postgres: str, wrk_version: str, rounds: int, seconds: int, budget_seconds: int
) -> list[str]:
    import gunicorn

    loads = " and ".join(f"-t{threads} -c{connections}" for threads, connections in LOADS)
    return [
        f"server: gunicorn {gunicorn.__version__}, {WORKERS} sync workers, machmit.wsgi with bench.settings "
        f"(machmit.settings.local, DEBUG off, CONN_MAX_AGE=60), http://127.0.0.1:{port}",
        f"        PostgreSQL {postgres} and Redis (cache; sessions read from it, written through to PostgreSQL) on the "
        f"same machine ({os.cpu_count()} CPUs, shared with wrk); PostgreSQL runs with fsync off, as in make test",
        f"load:   wrk {wrk_version}, {loads}; {rounds} rounds through all pages, each hot page right after a run of "
        f"the bare page, {seconds} s a run, {budget_seconds} s for the pages with a time budget ({WARMUP_SECONDS} s "
        "warm-up before a page's first);",
        "        req/s = requests / duration, p50 and p95 from wrk's latency histogram: each the median of the runs;",
        "        'x bare' = the median of the page's ratios to the bare page run right before it",
        "        logged-in pages send the session cookie of a real POST to /accounts/login/",
        f"goals:  hot pages req/s >= {THROUGHPUT_GOAL} x the bare page's at the same connections; the forms p95 < "
        f"{P95_BUDGET_MS} ms, the admin pages p95 < {ADMIN_P95_BUDGET_MS} ms at 1 connection (DECISIONS.md, "
        "Benchmarks);",
        f"        queries <= {QUERY_LIMIT} on the pages with a time budget, admin pages < {ADMIN_SIZE_LIMIT_KB} KB of "
        "HTML (issue 17): both from one request of each page",
        "        to a worker that has served it before, its queries counted by bench.middleware; that the counts stay",
        "        the same at 1 and 50 rows is checked by make test (tests/test_query_counts.py,",
        "        tests/test_admin_queries.py)",
    ]


def p50_ms(work, runs: int) -> tuple[float, object]:
    """The median time of ``runs`` calls of ``work`` in milliseconds, and what the last one returned."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result
