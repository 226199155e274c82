# Placecraft — every command a developer or operator needs. See README.md.
# The virtual environment is made with the system's CPython when it has one with venv (Debian's
# python3.11 is built with profile-guided and link-time optimisation: pages take about a fifth
# less time than on a build without, such as pyenv's default; see docs/performance.md).
PYTHON ?= $(shell /usr/bin/python3 -c 'import ensurepip, sys; assert sys.version_info >= (3, 11)' \
	2>/dev/null && echo /usr/bin/python3 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO_ENV := DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3

.PHONY: install demo test test-postgres check bench format clean browsers

install: $(STAMP) static/build/placecraft.css

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	touch $(STAMP)

static/build/placecraft.css: $(STAMP) $(wildcard assets/scss/*.scss)
	npm run --silent build

# The demo serves the place and runs a task worker beside it (counts, panel selections, board
# packs finish as they do in production); stopping one stops the other.
demo: install
	mkdir -p var
	$(DEMO_ENV) $(BIN)/python manage.py migrate --no-input -v0
	$(DEMO_ENV) $(BIN)/python manage.py seed_demo
	@echo "Serving the demo place on http://127.0.0.1:8000 with its background worker (Ctrl+C stops both)"
	$(DEMO_ENV) sh -c 'trap "kill 0" EXIT; $(BIN)/python manage.py db_worker & \
		$(BIN)/python manage.py runserver 127.0.0.1:8000'

# The whole suite in two processes, browser tests included (they need Debian's chromium:
# see `make browsers`).
test: install
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/placecraft} $(BIN)/pytest -n 2 $(PYTEST_ARGS)

# Missing migrations are looked for against the database in DATABASE_URL, or an empty one in
# memory (a fresh clone has no var/ for the default SQLite file).
check: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/mypy placecraft config
	$(BIN)/djlint templates --lint
	DEBUG=1 $(BIN)/python manage.py check
	DEBUG=1 DATABASE_URL=$${DATABASE_URL:-sqlite://:memory:} $(BIN)/python manage.py makemigrations --check --dry-run

# Benchmarks on PostgreSQL (docs/performance.md): scale data, every registry page, wrk throughput.
# BENCH_FACTORS="1 10" for the issue's comparison; DATABASE_URL to choose the (own) database.
bench: install
	command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk
	$(BIN)/python bench/bench.py

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

browsers:
	apt-get install -y --no-install-recommends chromium

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
