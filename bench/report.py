"""Printing a benchmark's lines and appending them to artifacts/bench.txt (bench.run writes it anew)."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def report_append(lines: list[str]) -> None:
    print("\n".join(lines))
    ARTIFACTS.mkdir(exist_ok=True)
    with (ARTIFACTS / "bench.txt").open("a") as report:
        report.write("\n".join(lines) + "\n")
