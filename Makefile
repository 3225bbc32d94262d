# README's two commands: `make serve` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SPHINXOPTS ?= -W -n --keep-going
HOST ?= 127.0.0.1
PORT ?= 8000

# The languages besides the first, read from playbook_languages in conf.py (stated once there);
# each is built into _build/html/<lang>/ from its catalogs.
TRANSLATIONS ?= $(shell $(PYTHON) -c "exec(open('conf.py').read()); \
	print(' '.join(playbook_languages[1:]))")

.PHONY: serve html book test test-fast lint pytest bench profile audit clean gettext translations screenshots \
	pictures report-picture system-pdf system-test

# The system packages (playbook_tools/system-packages.txt): installed where this user may,
# otherwise one line names them and the command that installs them.
system-pdf:
	@scripts/system-packages.sh pdf
system-test:
	@scripts/system-packages.sh test

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[serve,test]'
	touch $(STAMP)

# The Node tools the tests use: the Nu HTML Checker, alex and Lighthouse, pinned by the lock file.
# --ignore-scripts: vnu-jar's only install script downloads a Java runtime from GitHub; the jar
# itself is in the package, and Java comes from Debian (.ci/run).
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## Build the handbook with every printable: English in _build/html, German in _build/html/de.
html: system-pdf $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -c . -d _build/doctrees/en docs _build/html
	$(foreach lang,$(TRANSLATIONS),$(BIN)/sphinx-build $(SPHINXOPTS) -b html -c . \
		-D language=$(lang) -d _build/doctrees/$(lang) docs _build/html/$(lang) &&) true
	# The book after the pages, into each language's site: never older than the pages it binds.
	# It reads the doctrees the pages were read into, so it reads no page again.
	$(BIN)/playbook book --site _build/html --doctrees _build/doctrees

## The whole handbook as one PDF and one EPUB per language, into _build/book (`make serve` never
## waits for it; `make html` builds it after the pages).
book: system-pdf $(STAMP)
	$(BIN)/playbook book -o _build/book

## Extract every message of the pages and of the content model into _build/gettext/*.pot.
gettext: $(STAMP)
	$(BIN)/sphinx-build -q -b gettext -c . -d _build/doctrees/gettext docs _build/gettext
	$(BIN)/playbook messages -o _build/gettext/playbook.pot

## Merge the extracted messages into locale/<lang>/LC_MESSAGES/*.po for the translators.
translations: gettext
	$(BIN)/sphinx-intl update -p _build/gettext -d locale $(foreach lang,$(TRANSLATIONS),-l $(lang))

## Build both languages, serve on http://127.0.0.1:8000 and rebuild on every change.
serve: system-pdf $(STAMP)
	$(BIN)/sphinx-autobuild $(SPHINXOPTS) -b html -c . -d _build/doctrees/en docs _build/html \
		--host $(HOST) --port $(PORT) --watch playbook_tools --watch conf.py --watch locale \
		--ignore '*.tmp' --ignore '*/.#*' --ignore '*.mo' \
		$(foreach lang,$(TRANSLATIONS),--pre-build "$(BIN)/sphinx-build $(SPHINXOPTS) -q -b html \
		-c . -D language=$(lang) -d _build/doctrees/$(lang) docs _build/html/$(lang)")

## Run every test: lint, then the suite (Sphinx test roots, the real build, browser, CLI).
test: system-test lint pytest

# The package compiled once, into its git-ignored __pycache__ folders, as pip compiles an
# installed one. Where PYTHONDONTWRITEBYTECODE is set, every process of the suite (the test
# workers, each Sphinx build, each PDF worker: some forty) would otherwise compile it again.
BYTECODE := $(BIN)/python -m compileall -q playbook_tools
# The suite may write bytecode even so: pytest keeps its rewritten test modules in
# tests/__pycache__, and without them each worker rewrites all of them again (1.3 s a run).
SUITE := PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n auto

## Everything but the browser tests, for a quick round while you work.
test-fast: system-test $(STAMP) $(NODE_STAMP)
	@$(BYTECODE) >/dev/null
	$(SUITE) -m "not browser"

pytest: $(STAMP) $(NODE_STAMP)
	@$(BYTECODE) >/dev/null
	$(SUITE)

lint: $(STAMP) $(NODE_STAMP)
	$(BIN)/ruff check playbook_tools tests conf.py
	$(BIN)/mypy
	$(BIN)/codespell docs playbook_tools README.md
	node_modules/.bin/alex --quiet docs docs/templates/email/*.j2 docs/playbook/*/*.yaml README.md

## Lighthouse on three pages: performance, accessibility, best practices and SEO.
audit: $(STAMP) $(NODE_STAMP) html
	$(BIN)/python -m tests.audit _build/html

## Benchmarks: prints a table and writes _build/bench.json.
bench: $(STAMP)
	$(BIN)/python -m tests.bench

## Where a PDF's time goes, stage by stage (the contributing page shows the figures).
profile: $(STAMP)
	$(BIN)/python -m tests.profile_pdf

## The handbook's pictures of a kit page and a filled scorecard, from the example candidate.
pictures: $(STAMP)
	$(BIN)/python -m tests.pictures

## The hiring-health page's picture of a report, made from generated example records.
report-picture: $(STAMP)
	$(BIN)/python -m tests.report_picture

## Screenshots of three pages (light, dark, printed) into _build/screenshots for a reviewer.
screenshots: $(STAMP) $(NODE_STAMP)
	PLAYBOOK_SCREENSHOTS=$(CURDIR)/_build/screenshots $(BIN)/python -m pytest -q \
		tests/test_browser.py -k screenshots

clean:
	rm -rf _build
