# Two commands do all the set-up on a fresh machine (Python 3.11, make, the package registries):
#   make book   -> builds the site into _build/html (executing the notebooks)
#   make test   -> package tests, nbval re-execution of every notebook, book build check
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test lint execute clean install

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Site built: $(abspath _build/html/index.html)"

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests conftest.py

# Re-execute every notebook in place (after an intended change of output), then check with `make test`.
execute: $(STAMP)
	$(BIN)/python tests/execute_notebooks.py

clean:
	rm -rf _build .pytest_cache .hypothesis
