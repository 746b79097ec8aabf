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
	$(BIN)/python bench/results_store.py
	$(BIN)/python bench/benchmark.py
	$(BIN)/python bench/load.py --servers 1 2
	$(BIN)/python bench/workshop_load.py --database both
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/growth.py

clean:
	rm -rf $(VENV) $(TOOLS) $(DATA)/.migrated

# Mutation testing, on demand and never in CI: mutmut mutates partnerscan/scoring and the
# assessment workflows in a copy under mutants/ and runs each mutant against its module's own
# tests ([tool.mutmut] in pyproject.toml, tests/mutation_scope.py). A second run resumes and
# re-tests only what changed; `$(BIN)/mutmut results` lists the survivors, `mutmut show NAME`
# one of them; docs/mutation-survivors.md says why each remaining survivor is equivalent.
.PHONY: mutation
MUTATION_JOBS ?= 2
mutation: install
	$(BIN)/mutmut run --max-children $(MUTATION_JOBS)
	@$(BIN)/mutmut results --all true | awk -F': ' ' \
	function row(m, label) { caught = count[m, "killed"] + count[m, "timeout"]; \
	  return sprintf("%-42s %6d %7d %9d %9d %9d %10d %8.1f%%", label, total[m], \
	    count[m, "killed"], count[m, "survived"], count[m, "timeout"], count[m, "no tests"], \
	    count[m, "not checked"], total[m] ? 100 * caught / total[m] : 0) } \
	{ name = $$1; sub(/^ +/, "", name); module = name; sub(/\.x(_|ǁ).*/, "", module); \
	  modules[module] = 1; count[module, $$2]++; count["all", $$2]++; \
	  total[module]++; total["all"]++ } \
	END { printf "%-42s %6s %7s %9s %9s %9s %10s %9s\n", "module", "total", "killed", \
	    "survived", "timeouts", "no tests", "unchecked", "caught"; \
	  for (m in modules) print row(m, m) | "sort"; close("sort"); print row("all", "all") }'
