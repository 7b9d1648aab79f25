# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Sitemap dates come from the last commit, so two builds of one commit are byte-identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1448323200)
# Material's banner about MkDocs 2.0 would print on every build; README says what the project would move to.
export NO_MKDOCS_2_WARNING := 1
OVERLAP_CHECK := ../shared/tools/overlap_check.py

.PHONY: serve build test bench overlap clean

$(BIN)/.requirements: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.requirements-dev: requirements-dev.txt $(BIN)/.requirements
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

serve: $(BIN)/.requirements node_modules/.package-lock.json
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(BIN)/.requirements node_modules/.package-lock.json
	$(BIN)/python build/build_site.py

test: $(BIN)/.requirements-dev node_modules/.package-lock.json
	$(BIN)/python -m pytest

build/lighthouse/node_modules/.package-lock.json: build/lighthouse/package.json build/lighthouse/package-lock.json
	cd build/lighthouse && npm ci --no-audit --no-fund --loglevel=error  # inside the folder: --prefix loses npm's settings (CA) when HOME is empty

bench: build $(BIN)/.requirements-dev build/lighthouse/node_modules/.package-lock.json
	$(BIN)/python build/benchmark.py

overlap:
	@if [ -f $(OVERLAP_CHECK) ]; then $(PYTHON) $(OVERLAP_CHECK) .; \
	else echo "make overlap: skipped, $(OVERLAP_CHECK) is missing (it lives in the project's shared folder beside this checkout, with the article)"; fi

clean:
	rm -rf site .site-* $(VENV) node_modules
