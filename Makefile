# Two commands do all the set-up on a fresh machine (Python 3.11, make, the package registries):
#   make book   -> builds the site into _build/html (executing the notebooks)
#   make test   -> package tests, nbval re-execution of every notebook, book build check
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book book-full test test-foreign test-seeds bench lint execute clean install reader coursework coursework-check

# A foreign processor, simulated: PyTorch's portable kernels, OpenBLAS's oldest x86-64 kernels, one thread.
FOREIGN_CPU := ATEN_CPU_CAPABILITY=default OPENBLAS_CORETYPE=Prescott GENBOUNDS_THREADS=1 OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
# Seed offsets of `make test-seeds` (GENBOUNDS_SEED_OFFSET=k shifts every seed of the book).
SEEDS ?= 1 2

install: $(STAMP)

$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 > /dev/null
	touch $(STAMP)

# The site renders the committed outputs (the ones `make test` checks); `make book-full` re-executes them.
book: $(STAMP)
	$(BIN)/python tests/build_book.py
	@echo "Site built: $(abspath _build/html/index.html)"

book-full: $(STAMP)
	$(BIN)/python tests/build_book.py --execute
	@echo "Site built: $(abspath _build/html/index.html)"

test: $(STAMP)
	$(BIN)/python -m pytest

# The notebooks again, on a simulated foreign processor, compared by the same rule (exact strictly, trained with tolerance).
test-foreign: $(STAMP)
	$(FOREIGN_CPU) $(BIN)/python -m pytest book

# The notebooks under shifted seeds: every cell runs and every assert holds (outputs are not compared).
test-seeds: $(STAMP)
	set -e; for k in $(SEEDS); do echo "GENBOUNDS_SEED_OFFSET=$$k"; GENBOUNDS_SEED_OFFSET=$$k $(BIN)/python -m pytest --nbval-lax book; done

# Wall time and peak memory of every chapter against the budget (30 s, 2 GB); writes _build/bench.md.
bench: $(STAMP)
	$(BIN)/python tests/bench_notebooks.py

# Reader edition: the chapters as plain notebooks (glued numbers written in, theorems as titled quotes, solutions
# folded, macros expanded) for JupyterLab, Colab and GitHub -> _build/reader/book/ (Binder's postBuild does it in place).
reader: $(STAMP)
	$(BIN)/python editions/build.py

# Student and instructor notebooks and the nbgrader autograder of every chapter -> _build/coursework/.
coursework: $(STAMP)
	$(BIN)/python editions/coursework.py build

# Grades, per chapter, the reference solutions (full marks), the blank student notebook (zero) and a planted wrong
# answer per question (not full marks), each submission in a fresh kernel under per-cell and per-submission timeouts.
coursework-check: $(STAMP)
	$(BIN)/python editions/coursework.py --out _build/coursework-check check

lint: $(STAMP)
	$(BIN)/ruff check src tests conftest.py editions

# Re-execute every notebook in place (after an intended change of output), then check with `make test`.
execute: $(STAMP)
	$(BIN)/python tests/execute_notebooks.py

clean:
	rm -rf _build .pytest_cache .hypothesis
