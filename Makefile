# Fieldnotes — the two commands a new machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

SHOTS_LANG ?= en zh_CN zh_TW
SHOTS_SIZE ?= 1280x800

.PHONY: screenshots setup catalogs run test test-fast bench lint package package-check repro selftest clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP) catalogs

# Translations: every resources/i18n/<lang>/<area>.po merged and compiled into
# fieldnotes/locale/<lang>/LC_MESSAGES/fieldnotes.mo (gitignored; build.spec ships it).
catalogs: $(STAMP)
	$(PY) packaging/catalogs.py build >/dev/null

run: setup
	$(PY) -m ui.app

# The main screens on the demo vault, under a private Xvfb + openbox, into docs/screenshots/
# in English, Simplified and Traditional Chinese (docs/screenshots/zh_CN/, zh_TW/); one
# language: make screenshots SHOTS_LANG=zh_TW.
screenshots: setup
	for lang in $(SHOTS_LANG); do \
		$(PY) packaging/screenshots.py --lang $$lang --size $(SHOTS_SIZE) || exit 1; done

test: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

test-fast: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -m "not slow"

bench: setup
	$(PY) bench/run.py

lint: setup
	$(VENV)/bin/ruff check fieldnotes crypto ui tests bench

package: setup
	bash packaging/build.sh

package-check: package
	dist/fieldnotes/fieldnotes --self-test
	QT_QPA_PLATFORM=offscreen dist/fieldnotes/fieldnotes --smoke-test

repro: setup
	bash packaging/repro_check.sh

selftest: setup
	$(PY) -m fieldnotes --self-test

clean:
	rm -rf build dist .pytest_cache
