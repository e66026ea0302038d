"""`make bench`: the portal's pages under load at full data scale (../shared/DECISIONS.md, "Benchmarks").

Not an app of the portal: settings, the bare reference page, the seeding and the runner of scripts/bench.sh.
"""
