# Two entry points: `make demo` and `make test`. Everything else is here to serve them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# The demo reads the official files from the local mirror when there is one; otherwise
# `trayecto demo` downloads them from the publishers (`trayecto sources fetch`).
TRAYECTO_SOURCES ?= $(if $(wildcard ../shared/data),../shared/data,)
export TRAYECTO_SOURCES

.PHONY: demo test lint types pytest pytest-core pytest-web pytest-browser pytest-postgres clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m trayecto.web.bundle
	touch $@

demo: $(BIN)/.installed
	$(BIN)/trayecto demo

# The SQLite suite in three parts (the core, the web app, the pages in Chromium) and the
# PostgreSQL one, two at a time: each is mostly single-threaded, so one part alone leaves a
# core idle. The longest parts start first; each part's output is printed whole when it ends.
# `make pytest` runs the SQLite suite alone, with live output. Each part prints its 20 slowest
# tests: where to look first when the suite nears CI's time limit.
test: lint types
	$(MAKE) --no-print-directory -j2 --output-sync=target \
	  pytest-core pytest-postgres pytest-web pytest-browser

lint: $(BIN)/.installed
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

types: $(BIN)/.installed
	$(BIN)/mypy

pytest: $(BIN)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest

pytest-core: $(BIN)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --durations=20 -m "not browser" --ignore=tests/web

pytest-web: $(BIN)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --durations=20 -m "not browser" tests/web

pytest-browser: $(BIN)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest --durations=20 -m browser

# The database-backed tests once more, on a throwaway PostgreSQL cluster.
pytest-postgres: $(BIN)/.installed
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/python -m tests.support.pgcluster \
	  $(BIN)/pytest --durations=20 -m "not browser" tests/web

clean:
	rm -rf $(VENV) var
