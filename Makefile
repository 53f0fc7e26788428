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

run: $(STAMP)
	$(PY) -m pipeline run samples/ -o output/

test: $(STAMP)
	$(PY) -m ruff check pipeline tests
	$(PY) -m pytest -n auto --dist loadfile

eval: run
	$(PY) -m pipeline eval --gold tests/gold output/

clean:
	rm -rf $(VENV) output/*.yaml output/*.txt output/records.csv output/records.parquet
