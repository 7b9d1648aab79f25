# Two commands do all set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Sitemap dates come from the last commit, so two builds of one commit are byte-identical.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1448323200)

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
	npm ci --prefix build/lighthouse --no-audit --no-fund --loglevel=error

bench: build $(BIN)/.requirements-dev build/lighthouse/node_modules/.package-lock.json
	$(BIN)/python build/benchmark.py

overlap:
	$(PYTHON) ../shared/tools/overlap_check.py .

clean:
	rm -rf site .site-* $(VENV) node_modules
