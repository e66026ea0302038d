"""`make bench`: the portal's pages under load at full data scale (../shared/DECISIONS.md, "Benchmarks").

Not an app of the portal: settings, the bare reference page, the seeding and the runner of scripts/bench.sh.
The runner (``python -m bench.run``) composes one module per job: ``seed`` writes the data, ``data`` describes
it, ``server`` serves it with gunicorn, logs in and probes each page's queries and size (which ``middleware``
counts), ``wrk`` loads the pages and reads wrk's figures, ``checks`` holds the goals, ``report`` prints the table
and writes artifacts/bench.txt. ``reminders``, ``ranking_db`` and
``matching`` are benchmarks of their own that append to that report.
"""


class BenchError(Exception):
    """The set-up failed or a page did not answer: the run cannot be reported."""
