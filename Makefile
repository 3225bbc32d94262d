# README's two commands: `make serve` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -W -n --keep-going
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve html test lint pytest bench audit clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[serve,test]'
	touch $(STAMP)

## Build the handbook with every printable into _build/html.
html: $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -c . docs _build/html

## Build, serve on http://127.0.0.1:8000 and rebuild on every change.
serve: $(STAMP)
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) -b html -c . docs _build/html \
		--host $(HOST) --port $(PORT) --watch playbook_tools --watch conf.py \
		--ignore '*.tmp' --ignore '*/.#*'

## Run every test: lint, then the suite (Sphinx test roots, the real build, browser, CLI).
test: lint pytest

pytest: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check playbook_tools tests conf.py
	$(BIN)/mypy
	$(BIN)/codespell docs playbook_tools README.md

## Benchmarks: prints a table and writes _build/bench.json.
bench: $(STAMP)
	$(BIN)/python -m tests.bench

clean:
	rm -rf _build
