# The README's commands. `make run` to see the site, `make test` to check it.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# The first Python 3.12+ on this machine (pyenv shims answer for versions
# that are not active, so each candidate is asked to run).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3) $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3); do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)

.PHONY: run test lint migrate seed serve edge loadtest backup restore bench faults publish-scheduled review-due messages check-links

$(VENV)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.13 or python3.12 on PATH)."; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) seed_content

# Links in emails, canonical links and the sitemap use this address (docs/site-address.md);
# `migrate` and `seed_content` copy it into the Wagtail Site.
run: export SITE_URL ?= http://127.0.0.1:$(PORT)
run: seed
	$(MANAGE) ensure_local_admin --port $(PORT)
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# Carry out go-live and expiry dates that have passed. Run every few minutes
# from cron (docs/operations.md, "Scheduled jobs"); safe to run at any time.
publish-scheduled: $(VENV)/.installed
	$(MANAGE) publish_scheduled

check-links: $(VENV)/.installed
	$(MANAGE) check_links

# Pages whose review is overdue or due within 30 days; EMAIL=1 mails the approvers.
review-due: $(VENV)/.installed
	$(MANAGE) pages_due_for_review $(if $(EMAIL),--email)

# The Nu HTML Checker (vnu.jar, pinned in package.json; runs on Java 17) for
# tests/browser/test_html_validity.py. --ignore-scripts: its postinstall would
# download a Java runtime; the system's Java is used instead.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --ignore-scripts --include=dev --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: install Node.js and npm for the HTML checks (they skip without vnu.jar)."; fi

# The interface text's catalogues (locale/): new and changed strings from templates and
# Python for every language in LANGUAGES, then compiled. Needs GNU gettext
# (apt-get install gettext); docs/translation.md ("Interface text"). Commit the .po and .mo files.
messages: $(VENV)/.installed
	$(MANAGE) update_interface_text

# Two pytest-xdist workers: the suite waits on browsers, servers and the database as much as
# it computes, and CI must stay well inside its time limit. TEST_WORKERS=0 runs one process.
# --dist load hands each worker tests in collection order, which pytest-django sorts so that
# tests that empty the database (transactional ones) come after those that need its
# migrated rows (the root page and collection); worksteal would break that order.
TEST_WORKERS ?= 2
test: $(VENV)/.dev-installed node_modules/.installed
	$(PY) -m pytest -n $(TEST_WORKERS) --dist load $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run

# Production settings under gunicorn (gunicorn.conf.py), after collectstatic
# and migrate. Needs .env or the environment (see .env.example).
serve: $(VENV)/.installed
	PORT=$(PORT) scripts/serve.sh

# The same behind Varnish (varnish/default.vcl) on EDGE_PORT (default 6081),
# purged when editors publish; docs/edge-cache.md. Needs varnishd (apt-get install varnish).
edge: $(VENV)/.installed
	PORT=$(PORT) scripts/edge.sh

# 50 clients for 60 s against gunicorn + PostgreSQL + Redis while an approver
# publishes; its own database (LOADTEST_DB, default ln_loadtest) is rebuilt.
loadtest: $(VENV)/.dev-installed
	$(PY) bench/loadtest.py

# Database (pg_dump) and media into BACKUP_DIR (default backups/<date-time>/).
backup: $(VENV)/.installed
	$(MANAGE) backup_site $(BACKUP_DIR)

# Onto an empty database only: make restore BACKUP=backups/20260101-020000
restore: $(VENV)/.installed
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=backups/<folder>"; exit 1; }
	$(MANAGE) restore_site $(BACKUP)

# make bench: req/s and p50/p99 latency of the landing page, a network page and
# a search, cached and uncached, beside a minimal Django view, under gunicorn
# on 127.0.0.1 (bench/speed.py; BENCH_ARGS="--duration 5 --connections 4").
bench: $(VENV)/.dev-installed
	@command -v wrk >/dev/null 2>&1 && command -v redis-server >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk redis-server >/dev/null; } || \
		{ echo "wrk and redis-server are needed: apt-get install wrk redis-server"; exit 1; }
	$(PY) bench/speed.py $(BENCH_ARGS)

# make faults: gunicorn (production settings) on PostgreSQL and a private Redis
# behind relays it switches off, hangs and pauses; prints what visitors got and
# what was lost (bench/faults.py, docs/faults.md; FAULTS_ARGS="--seconds 5").
faults: $(VENV)/.dev-installed
	@command -v redis-server >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } || \
		{ echo "redis-server is needed: apt-get install redis-server"; exit 1; }
	$(PY) bench/faults.py $(FAULTS_ARGS)
