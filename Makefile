# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint eval clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# `run` writes the review pages of the samples too (--html): open output/review/index.html.
run: $(STAMP)
	$(PY) -m pipeline run samples/ -o output/ --html

# The browser tests drive Debian's headless Chromium (tests/test_review_browser.py): installed here when missing
# (as root, with apt-get); elsewhere they are skipped, and under CI=true they fail.
test: $(STAMP)
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
		else \
			echo "note: chromium and chromium-driver are not installed (apt-get install chromium chromium-driver): the browser tests will be skipped"; \
		fi; \
	fi
	$(PY) -m ruff check pipeline tests
	$(PY) -m pytest -n auto --dist loadfile

eval: run
	$(PY) -m pipeline eval --gold tests/gold output/

clean:
	rm -rf $(VENV) output/*.yaml output/*.txt output/records.csv output/records.parquet output/review
