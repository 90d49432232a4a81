# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python

.PHONY: demo test test-fast lint typecheck bench generate clean mutation

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Re-install whenever the project's metadata changes.
$(VENV)/.demo-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[sandbox]'
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	@# PyICU (the locale tests' oracle) needs libicu-dev; without it those tests skip.
	$(PY) -m pip install --quiet -e '.[oracle]' || echo "PyICU not installed: ICU oracle tests will skip (.ci/run installs libicu-dev)"
	touch $@ $(VENV)/.demo-installed

# Test-only JavaScript: axe-core, which the review gallery's browser test runs
# (tests/js/package-lock.json pins it; .ci/run installs npm).
AXE := tests/js/node_modules/.installed
$(AXE): tests/js/package-lock.json
	@if command -v npm >/dev/null; then \
		cd tests/js && npm ci --no-audit --no-fund --loglevel=error && touch node_modules/.installed; \
	else echo "npm not installed: the accessibility test will skip (.ci/run installs npm)"; fi

demo: $(VENV)/.demo-installed
	$(PY) samples/demo.py

test: $(VENV)/.dev-installed $(AXE)
	$(BIN)/ruff check msgtemplate tests bench samples
	$(BIN)/mypy
	$(BIN)/pytest

# The edit-test loop: skips the tests marked slow (real processes, servers, a browser,
# the big property runs), about a third of the time; `make test` runs everything.
test-fast: $(VENV)/.dev-installed $(AXE)
	$(BIN)/pytest -m "not slow"

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check msgtemplate tests bench samples
	$(BIN)/ruff format --check msgtemplate tests bench samples

typecheck: $(VENV)/.dev-installed
	$(BIN)/mypy

bench: $(VENV)/.dev-installed
	$(PY) bench/run_all.py

# Mutation score of the eight core modules: mutmut's mutants, each tested by a fresh
# pytest process (bench/mutation.py says why). Slow, so never part of `make test`;
# MUTATION_ARGS="--sample 20 --module signing" narrows it. Scores: docs/development.md.
mutation: $(VENV)/.dev-installed
	$(PY) -m pip install --quiet 'mutmut==3.8.1'
	$(PY) bench/mutation.py $(MUTATION_ARGS)

# Rewrite the generated modules (scanner regex, render shapes) after a grammar or
# render-code change; a test fails until they are current.
generate: $(VENV)/.dev-installed
	$(PY) -m msgtemplate.template._generate

clean:
	rm -rf $(VENV) .demo .pytest_cache .mypy_cache .ruff_cache .hypothesis dist build tests/js/node_modules
