# partnerscan — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
PORT ?= 8000
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
DATA := data

export UV_PROJECT_ENVIRONMENT := $(CURDIR)/$(VENV)
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(shell command -v $(PYTHON))

MIGRATIONS := $(wildcard partnerscan/*/migrations/*.py)

.PHONY: install run test lint format bench clean

install: $(DATA)/.migrated

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet
	@touch $@

$(DATA)/.migrated: $(VENV)/.installed $(MIGRATIONS)
	@mkdir -p $(DATA)
	$(BIN)/partnerscan migrate --noinput -v 0
	$(BIN)/partnerscan createcachetable
	@touch $@

# Every process gets PORT: without SITE_URL, settings build the links in pages and mails from it.
run: install
	PORT=$(PORT) $(BIN)/partnerscan load_demo
	PORT=$(PORT) $(BIN)/partnerscan send_invitations --loop & pid=$$!; trap 'kill $$pid' EXIT INT TERM; \
	PORT=$(PORT) $(BIN)/partnerscan runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# The layers and their one-way imports are contracts in .importlinter (docs/architecture.md).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy partnerscan

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/scoring.py
	[ ! -f bench/report.py ] || $(BIN)/python bench/report.py
	$(BIN)/python bench/benchmark.py
	$(BIN)/python bench/load.py --servers 1 2
	$(BIN)/python bench/imports.py

clean:
	rm -rf $(VENV) $(TOOLS) $(DATA)/.migrated
