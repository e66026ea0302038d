# The README's commands. Each sets up what it needs on a fresh machine.
.PHONY: run test bench restore lint format messages clean

run:  ## serve the portal with demo data, a Celery worker and beat at http://127.0.0.1:8000 (PORT=...)
	scripts/run.sh

test:  ## linters, checks and every test against a throwaway PostgreSQL and Redis
	scripts/test.sh $(ARGS)

bench:  ## every page's throughput and latency at full data scale against a throwaway PostgreSQL and Redis
	scripts/bench.sh

restore:  ## bring back a backup: make restore BACKUP=machmit-<time>.dump.gpg (DATABASE_URL, BACKUP_KEY set)
	scripts/restore.sh $(BACKUP)

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/djlint templates --lint
	.venv/bin/lint-imports

format:
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .
	.venv/bin/djlint templates --reformat --quiet || true

messages:  ## collect new strings into the catalogues
	for lang in de en ar fa uk ru tr; do \
		.venv/bin/python manage.py makemessages -l $$lang --no-obsolete --ignore=.venv --ignore=node_modules --ignore=var; \
	done

clean:
	rm -rf var artifacts
