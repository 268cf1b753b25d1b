# The two commands: `make run` and `make test`. Everything installs into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
ADDRESS ?= 127.0.0.1:8000
# The address of `make run` on this machine (ADDRESS may be a port alone, or 0.0.0.0:PORT to be
# reached from other machines): the links of the e-mails it prints point there, on ADDRESS's
# port, unless SITE_URL is set.
RUN_HOST_PORT = $(if $(findstring :,$(ADDRESS)),$(ADDRESS),127.0.0.1:$(ADDRESS))
RUN_SITE_URL = http://$(patsubst [::]:%,127.0.0.1:%,$(patsubst 0.0.0.0:%,127.0.0.1:%,$(RUN_HOST_PORT)))
PYTEST_ARGS ?=
BENCH_ARGS ?=

.PHONY: run test lint format messages check-deploy install install-dev clean bench

run: export SITE_URL ?= $(RUN_SITE_URL)
run: $(VENV)/.deps-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "  The portal is served on $(RUN_SITE_URL)/ (French: /fr/, English: /en/, admin: /admin/)"
	@echo "  Log in with one of the demo logins above; e-mails are printed in this terminal."
	@echo ""
	$(PY) manage.py runserver $(ADDRESS)

CHROMIUM ?= /usr/bin/chromium

test: $(VENV)/.deps-dev lint
	@test -x $(CHROMIUM) || echo "NOTE: Chromium is not installed ($(CHROMIUM)): the browser journeys in tests/e2e are SKIPPED. Install it with: sudo apt-get install chromium"
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: $(VENV)/.deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) manage.py check

format: $(VENV)/.deps-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Update the catalogues from the source strings, then compile them (needs gettext).
messages: $(VENV)/.deps-dev
	$(PY) manage.py makemessages -l fr -l en --no-obsolete --ignore=.venv --ignore=static --ignore=staticfiles --ignore=test-output
	$(PY) manage.py compilemessages --ignore=.venv

# Benchmark on PostgreSQL with gunicorn and wrk (see bench/README.md); about 30 minutes.
# A self-check: make bench BENCH_ARGS="--scale tiny --quick"
bench: $(VENV)/.deps-dev
	$(PY) bench/run.py $(BENCH_ARGS)

install: $(VENV)/.deps-run
install-dev: $(VENV)/.deps-dev

$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed; found: $$($(PYTHON) --version 2>&1)"; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create $(VENV). On Debian or Ubuntu: sudo apt-get install python3-venv"; exit 1; }
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.deps-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.deps-dev: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev]"
	@touch $@ $(VENV)/.deps-run

clean:
	rm -rf $(VENV) staticfiles test-output .pytest_cache .ruff_cache
