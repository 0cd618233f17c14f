# eventgen. `make regenerate` rebuilds generated/ from spec/; `make test` checks everything.
# Both create .venv and install the project (pinned by constraints.txt) on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
CONFIG := spec/eventgen.yaml
# pytest processes for make test (pytest-xdist); WORKERS=1 runs the suite in one
WORKERS ?= 2
PACKAGE := generated/realtime_events

.PHONY: regenerate check lint test bench fuzz fuzz-specs clean

$(READY): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $@

regenerate: $(READY)
	$(BIN)/eventgen generate --config $(CONFIG)

check: $(READY)
	$(BIN)/eventgen check --config $(CONFIG)

lint: $(READY)
	$(BIN)/ruff check generator tests bench examples
	$(BIN)/ruff format --check generator tests bench examples
	$(BIN)/ruff check --isolated $(PACKAGE)
	$(BIN)/mypy
	$(BIN)/mypy --strict --python-version 3.10 $(PACKAGE)

test: check lint
	$(BIN)/pytest -q -n $(WORKERS)

# A million hostile cases against the generated parsers, each through every JSON library installed
# (the standard library, msgspec, orjson) with the outcomes compared; a short run is part of make test.
fuzz: $(READY)
	$(BIN)/python tests/fuzz.py --cases 1000000 --timing

# 10,000 mutated specs against eventgen generate, mypy --strict on every 50th accepted package
# (a short run is part of make test); reproducers go to build/spec-fuzz-findings/.
fuzz-specs: $(READY)
	$(BIN)/python tests/spec_fuzz.py --cases 10000 --jobs 2 --mypy-every 50

bench: $(READY)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -r bench/requirements.txt
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) build .pytest_cache .mypy_cache .ruff_cache
