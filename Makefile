# Two commands on a fresh machine: `make site` and `make test`.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: site test serve check generate lint bench engines clean help

help:
	@echo "make site   set up and build the site into site/"
	@echo "make test   set up and run every test"
	@echo "make serve  preview at http://127.0.0.1:8000 with live reload"
	@echo "make check  report problems in literature/"
	@echo "make generate  write a complete docs tree into build/docs (for other engines)"
	@echo "make lint   ruff, mypy and zizmor (the GitHub workflows)"
	@echo "make bench  benchmark the generator at 100, 1,000 and 10,000 references"
	@echo "make engines  build with MkDocs, ProperDocs and Zensical; compare their addresses"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the pins or the package metadata change.
$(VENV)/.deps-site: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.deps-test: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(VENV)/.deps-site $@

check: $(VENV)/.deps-site
	$(BIN)/evidencesite check --strict

# A complete docs tree (hand-written + generated pages) in build/docs, for engines
# that read files.
generate: $(VENV)/.deps-site
	$(BIN)/evidencesite generate --strict

# Check and build in one step, beside the old site: a failure anywhere leaves site/
# as it was. The generated pages reach MkDocs in memory; nothing is written to docs/.
site: $(VENV)/.deps-site
	$(BIN)/evidencesite build --strict
	@echo "Site built in site/ (open site/index.html, or run make serve)."

# Live preview: MkDocs' server; the evidencesite plugin watches literature/ and
# rebuilds only the pages an edit changed (scripts/evidencesite/preview.py).
serve: $(VENV)/.deps-site
	$(BIN)/evidencesite serve

test: $(VENV)/.deps-test
	tools/ensure-browser.sh
	$(BIN)/python -m pytest

# The workflows (and Dependabot settings) of this repository and of the scaffold that
# `evidencesite init` copies, where it has any.
ZIZMOR_DIRS := $(wildcard .github examples/barriers-facilitators/.github)

lint: $(VENV)/.deps-test
	$(BIN)/ruff check scripts tests bench
	$(BIN)/ruff format --check scripts tests bench
	$(BIN)/mypy
	$(BIN)/zizmor --offline $(ZIZMOR_DIRS)

# The comparison plugin lives in its own venv so it cannot change the project's pins.
.venv-bench/.deps: bench/requirements.txt constraints.txt
	$(PYTHON) -m venv .venv-bench
	.venv-bench/bin/python -m pip install --quiet -c constraints.txt mkdocs mkdocs-material -r bench/requirements.txt
	touch $@

bench: $(VENV)/.deps-test .venv-bench/.deps
	$(BIN)/python -m bench.run

# Other engines, each in a virtualenv of its own: ProperDocs (the maintained MkDocs
# 1.x fork) and the newest installable Zensical build the generated tree, and their
# addresses must be MkDocs' (tools/engines.py). CI runs this.
.venv-engines/.deps: Makefile
	$(PYTHON) -m venv .venv-engines/properdocs
	.venv-engines/properdocs/bin/python -m pip install --quiet properdocs==1.6.7 properdocs-theme-mkdocs==1.6.7
	$(PYTHON) -m venv .venv-engines/zensical
	.venv-engines/zensical/bin/python -m pip install --quiet --upgrade zensical
	touch $@

engines: $(VENV)/.deps-site .venv-engines/.deps
	$(BIN)/python tools/engines.py

clean:
	rm -rf site build
