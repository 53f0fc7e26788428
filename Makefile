# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Programs the tests use from Debian: Tesseract and its Chinese and English data (OCR of scanned PDFs), antiword
# (.doc files) and a CJK font (the scanned test renderings).  `make run` needs none of them.
DEBIAN_PACKAGES := tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng antiword fonts-noto-cjk

.PHONY: run test install lint eval clean debian

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

# `run` writes the review pages of the samples too (--html): open output/review/index.html.
run: $(STAMP)
	$(PY) -m pipeline run samples/ -o output/ --html

debian:
	@dpkg -s $(DEBIAN_PACKAGES) >/dev/null 2>&1 || { \
	  command -v apt-get >/dev/null || { echo "install $(DEBIAN_PACKAGES) (or your system's equivalents)"; exit 1; }; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; }

# The browser tests drive Debian's headless Chromium (tests/test_review_browser.py): installed here when missing
# (as root, with apt-get); elsewhere they are skipped, and under CI=true they fail.
test: $(STAMP) debian
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
