# Warga Tangguh: `make run` to chat with the bot, `make test` to run every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run console test lint migrate content-check messages bench bench-quick clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $(VENV)/.installed $@

## run: install, migrate the database and start the bot (the console chat without a token)
run: $(VENV)/.installed
	$(BIN)/python -m bot migrate
	$(BIN)/python -m bot run

## console: chat with the bot in this terminal, no Telegram needed
console: $(VENV)/.installed
	$(BIN)/python -m bot console

## test: dev tools, lint, the layers' import rules, type-check, and the whole test suite
test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m bot content check > /dev/null
	$(BIN)/pytest -q

## bench: every benchmark at full size on SQLite and PostgreSQL (prints figures, never fails
## on a figure; about an hour). `make bench-quick` uses smaller sizes.
bench: $(VENV)/.installed
	$(BIN)/python -m bench

bench-quick: $(VENV)/.installed
	$(BIN)/python -m bench --quick

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

migrate: $(VENV)/.installed
	$(BIN)/python -m bot migrate

content-check: $(VENV)/.installed
	$(BIN)/python -m bot content check

## messages: extract user-facing strings and update the id/en catalogs
messages: $(VENV)/.dev-installed
	$(BIN)/pybabel extract -F babel.cfg -k _ -k n_:1,2 --no-location -o /tmp/wt-messages.pot bot
	$(BIN)/pybabel update -i /tmp/wt-messages.pot -d bot/locales -D messages -w 100 --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .import_linter_cache
