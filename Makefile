# The two commands of the README. Each makes its own virtual environment.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Install the app (a regular, non-editable install) and serve it on loopback.
run: $(BIN)/python
	$(BIN)/pip install --quiet .
	$(BIN)/thalweg serve --port $(PORT)

# Install everything the tests need (Debian's chromium for the browser tests,
# Debian's nginx for the proxy tests) and run the whole suite.
test: $(BIN)/python
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@test -x /usr/sbin/nginx || { echo "installing Debian's nginx for the proxy tests"; \
		apt-get update -qq && apt-get install -y -qq nginx >/dev/null; }
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(BIN)/python
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[test]"
	$(BIN)/python benchmarks/bench_api.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
