"""Loading pages with wrk and reading its figures (bench/wrk.lua prints them on one line).

Every hot page is run once in each of ``ROUNDS`` rounds, each time right after a run of the bare page; its
ratio is the median of the rounds' ratios to that bare page run. The shared machine's speed drifts by tens of
percent within a minute: a ratio thus compares two runs seconds apart, and one disturbed round does not decide
it. Pages with a time budget need no bare page beside them; their figures are the median of their runs too,
each run ``BUDGET_SECONDS`` long: an admin page answers about nine requests a second at one connection, and of
the 18 of a two-second run wrk's 95th percentile is the second slowest.
"""

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bench import BenchError

if TYPE_CHECKING:
    from bench.checks import Page

LOADS = [(1, 1), (2, 20)]  # (wrk threads, connections)
ROUNDS = 3
WARMUP_SECONDS = 1  # before a page's first run
SECONDS = 2
BUDGET_SECONDS = 5  # about 45 requests of an admin page a run: its p95 is the third slowest
LUA_SCRIPT = Path(__file__).with_name("wrk.lua")


@dataclass(frozen=True)
class Load:
    rate: float
    p50_ms: float
    p95_ms: float
    non2xx: int
    socket_errors: int


@dataclass(frozen=True)
class Rounds:
    """A page's runs at one number of connections and, for a hot page, its ratios to the bare page run before."""

    loads: list[Load]
    ratios: list[float]

    def median(self, figure: str) -> float:
        return statistics.median(getattr(load, figure) for load in self.loads)

    @property
    def ratio(self) -> float:
        return statistics.median(self.ratios)

    @property
    def errors(self) -> int:
        return sum(load.non2xx + load.socket_errors for load in self.loads)


def wrk_path() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise BenchError("wrk is not installed")
    return wrk


def wrk_version(wrk: str) -> str:
    finished = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    words = (finished.stdout + finished.stderr).split()
    return words[1] if len(words) > 1 else "?"


def parse(output: str) -> Load | None:
    """The figures of wrk.lua's ``BENCH key=value ...`` line, or None when wrk printed none."""
    found = re.search(r"^BENCH (.+)$", output, re.MULTILINE)
    if found is None:
        return None
    figures = {key: float(value) for key, value in (item.split("=") for item in found.group(1).split())}
    return Load(
        rate=figures["requests"] / (figures["duration_us"] / 1e6),
        p50_ms=figures["p50_us"] / 1000,
        p95_ms=figures["p95_us"] / 1000,
        non2xx=int(figures["non2xx"]),
        socket_errors=int(figures["socket_errors"]),
    )


def run(wrk: str, url: str, *, threads: int, connections: int, seconds: int, cookie: str) -> Load:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout=30s", "-s", str(LUA_SCRIPT)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    finished = subprocess.run([*command, url], capture_output=True, text=True, check=False)  # noqa: S603
    load = parse(finished.stdout)
    if finished.returncode != 0 or load is None:
        raise BenchError(f"wrk failed on {url}:\n{finished.stdout}{finished.stderr}")
    return load


def measure(
    wrk: str,
    port: int,
    pages: list["Page"],
    *,
    loads: list[tuple[int, int]],
    cookie: str,
    coordinator_cookie: str = "",
    bare: "Page | None" = None,
    rounds: int = ROUNDS,
    seconds: int = SECONDS,
) -> dict[tuple[str, int], Rounds]:
    """Each page's rounds by (page name, connections); with ``bare``, each run right after one of the bare page.
    Logged-in pages send ``cookie``, the coordinators' pages ``coordinator_cookie``."""
    runs: dict[tuple[str, int], list[Load]] = {}
    ratios: dict[tuple[str, int], list[float]] = {}

    def load(page: "Page", threads: int, connections: int, *, warm_up: bool) -> Load:
        url = f"http://127.0.0.1:{port}{page.path}"
        page_cookie = page.cookie(volunteer=cookie, coordinator=coordinator_cookie)
        if warm_up:
            run(wrk, url, threads=threads, connections=connections, seconds=WARMUP_SECONDS, cookie=page_cookie)
        result = run(wrk, url, threads=threads, connections=connections, seconds=seconds, cookie=page_cookie)
        runs.setdefault((page.name, connections), []).append(result)
        return result

    for threads, connections in loads:
        for number in range(1, rounds + 1):
            print(f"== wrk -t{threads} -c{connections}, round {number} of {rounds}", flush=True)
            for page in pages:
                if bare is None:
                    load(page, threads, connections, warm_up=number == 1)
                    continue
                bare_load = load(bare, threads, connections, warm_up=number == 1)
                page_load = load(page, threads, connections, warm_up=number == 1)
                ratios.setdefault((page.name, connections), []).append(page_load.rate / bare_load.rate)
    return {key: Rounds(loads=loads, ratios=ratios.get(key, [])) for key, loads in runs.items()}
