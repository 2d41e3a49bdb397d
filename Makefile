# Two commands for a newcomer: `make run` (the kiosk on the demo classroom) and
# `make test` (every test). Both create .venv on first use. `make check` is the gate:
# ruff and mypy as configured in pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test test-fast test-slow check screenshots bench install wheelhouse catalogue clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/choice-kiosk run

test: $(STAMP)
	$(BIN)/python -m pytest

# The quick loop while changing code: every test but the GUI ones (each GUI test runs
# the real app in a process of its own and they take most of `make test`'s time).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not gui"

test-slow: $(STAMP)
	$(BIN)/python -m pytest --slow

# Lint and type checks, and the room sizes (no class over 250 lines, no function over
# complexity 15); all must pass before the tests are worth running.
check: $(STAMP)
	$(BIN)/ruff check kiosk screens device tests
	$(BIN)/mypy kiosk device screens
	$(BIN)/python -m pytest -q -p no:cacheprovider -o addopts=-ra tests/shared/test_room_sizes.py

# The offline install bundle for the Pi (needs internet and apt here): the wheels, the Debian
# packages for Raspberry Pi OS Bookworm and Trixie (wheelhouse/debs/), SHA256SUMS over all of it.
wheelhouse: $(STAMP)
	$(BIN)/choice-kiosk wheelhouse wheelhouse
	$(BIN)/choice-kiosk debs wheelhouse

# New or changed sentences from the sources into every PO file (then translate them).
catalogue: $(STAMP)
	$(BIN)/python -m kiosk.shared.text.catalogue

screenshots: $(STAMP)
	CHOICE_KIOSK_SCREENSHOTS=docs/screens CHOICE_KIOSK_FIGURES=docs $(BIN)/python -m pytest tests/gui tests/laptop/export/test_report_browser.py -q

bench: $(STAMP)
	$(BIN)/choice-kiosk bench store --json > docs/bench-store.json
	$(BIN)/choice-kiosk bench ui --json > docs/bench-ui.json
	$(BIN)/choice-kiosk bench badge --json > docs/bench-badge.json
	$(BIN)/choice-kiosk bench sync --json > docs/bench-sync.json
	$(BIN)/choice-kiosk bench review --json > docs/bench-review.json

clean:
	rm -rf $(VENV) build *.egg-info wheelhouse
