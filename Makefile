# icdd-analysis: `make` alone lists the targets. Every target sets up .venv itself.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BUILD  := $(CURDIR)/build
# Keep Jupyter and matplotlib from writing into the home directory.
export JUPYTER_DATA_DIR := $(BUILD)/jupyter-data
export IPYTHONDIR       := $(BUILD)/ipython
export MPLCONFIGDIR     := $(BUILD)/mpl
# Bytecode goes to build/pycache, never beside the sources. pip compiles nothing at install: each module is
# compiled when first imported, once, so a fresh `make test` installs about 15 s sooner and compiles only what runs.
export PYTHONPYCACHEPREFIX := $(BUILD)/pycache
unexport PYTHONDONTWRITEBYTECODE

.DEFAULT_GOAL := help
.PHONY: help chromium-check test test-fast test-browser test-airflow report lab explore bench bench-explore notebooks teaching embeddings validate clean

help: ## Show this list of targets
	@echo "icdd-analysis make targets:"
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-10s %s\n", $$1, $$2}'

$(BUILD):
	@mkdir -p $(JUPYTER_DATA_DIR) $(IPYTHONDIR) $(MPLCONFIGDIR)

$(VENV)/.python-ok: | $(BUILD)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "icdd-analysis needs Python 3.11 or newer; set PYTHON=python3.11 (or newer)")'
	$(PYTHON) -m venv $(VENV)
	@# The pip that venv bundles (23.2 with Python 3.11) took 22 s to resolve the test extra; a current one 12 s.
	@# Only when the bundled one is older, and without it (offline, a mirror without pip) the old one installs.
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile 'pip>=24.2' || echo "note: pip not upgraded; installing with the bundled one"
	@touch $@

# One stamp per set of extras, redone when pyproject.toml changes.
$(VENV)/.installed-%: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet --disable-pip-version-check --no-compile -e '.[$(subst +,$(comma),$*)]'
	@touch $@
comma := ,

# One worker more than there are cores (three in CI): many tests wait on kernels, servers and time limits, and
# the extra worker uses those waits. --dist loadfile keeps each file, and so each notebook's cells and kernel, in
# one worker. --no-loadscope-reorder: files go out in the order conftest.py sorts them (longest first), not by
# number of tests, which put the few long end-to-end tests last, with one worker idle while another finished them.
# Physical cores as xdist's `-n auto` counts them (psutil, installed with the test extra), at most 8 workers.
TEST_WORKERS ?= $(shell $(PY) -c "import os, psutil; print(min(8, (psutil.cpu_count(logical=False) or os.cpu_count() or 1) + 1))" 2>/dev/null || echo auto)
test: $(VENV)/.installed-test ## Create .venv, install with test dependencies, run every test
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

# Airflow 3 in its own virtualenv (build/airflow-venv), never in .venv: it pins many libraries.
# The inner loop: every test not marked slow (no notebooks, kernels, wheels or report runs).
test-fast: $(VENV)/.installed-test ## Create .venv, install, run the fast tests (no notebooks or report runs)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder -m "not slow"

test-airflow: | $(BUILD) ## Run the example Airflow DAG with `airflow dags test` and compare with icdd-report all
	PYTHON=$(PYTHON) tests/airflow/run_dag_test.sh

report: $(VENV)/.installed-dask ## Create .venv, install, run the default reports into reports/
	$(VENV)/bin/icdd-report all --out reports --jobs 2

# JupyterLab refuses to start as root (containers, CI) unless told to.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
lab: $(VENV)/.installed-test+explore ## Create .venv with JupyterLab and open the notebooks
	$(VENV)/bin/jupyter lab notebooks/ $(LAB_ARGS)

# The explorer as a web app (Voila, no code shown) on 127.0.0.1; `make explore PORT=8900 LANG_UI=id`.
PORT    ?= 8866
LANG_UI ?= en
explore: $(VENV)/.installed-explore ## Serve the explorer as a web app on 127.0.0.1, no code shown (PORT=8866, LANG_UI=en|id)
	$(VENV)/bin/icdd-explore --port $(PORT) --lang $(LANG_UI)

# The browser tests drive the system Chromium (Debian's package), never a downloaded one.
CHROMIUM ?= /usr/bin/chromium
export ICDD_CHROMIUM := $(CHROMIUM)
chromium-check:
	@test -x $(CHROMIUM) || { echo "Chromium not found at $(CHROMIUM): install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM=/path/to/chromium"; exit 2; }

test-browser: chromium-check $(VENV)/.installed-test+explore+browser ## Test the explorer in Chromium: Voila app and JupyterLab
	$(PY) -m pytest tests/browser -p no:cacheprovider

bench: $(VENV)/.installed-test+bench ## Print the goals' ratios and the scale curve, then the speed benchmarks
	$(PY) benchmarks/goals.py
	$(PY) benchmarks/scale.py
	$(PY) -m pytest benchmarks/ -p no:cacheprovider

bench-explore: chromium-check $(VENV)/.installed-test+explore+browser ## Measure the memory of one Voila visitor
	$(PY) benchmarks/explore_memory.py

notebooks: $(VENV)/.installed-test ## Re-execute the notebooks and store their outputs (then review the diff)
	$(VENV)/bin/icdd-report store-outputs

teaching: $(VENV)/.installed-test ## Rebuild the en/id student notebooks and instructor guides from their sources and store outputs
	$(PY) -c "from icdd_analysis.teaching.build import build; [print(p) for p in build('notebooks/teaching/case-study.source.yaml')]"
	$(PY) -c "from icdd_analysis.teaching.build import build; [print(p) for p in build('notebooks/instructor/instructor-guide.source.yaml')]"
	$(VENV)/bin/icdd-report store-outputs notebooks/teaching/case-study-en.ipynb notebooks/teaching/studi-kasus-id.ipynb notebooks/instructor/instructor-guide.ipynb notebooks/instructor/panduan-pengajar-id.ipynb

embeddings: $(VENV)/.installed-test+embed ## Recompute data/embeddings.csv (after editing item or code texts)
	$(PY) -c "from icdd_analysis import load; from icdd_analysis.methods.embedding import write_store; print(write_store(load(), 'data/embeddings.csv'), 'vectors')"

validate: $(VENV)/.installed-test ## Validate data/datapackage.json with frictionless
	$(VENV)/bin/frictionless validate data/datapackage.json

clean: ## Remove .venv, build/ and caches (reports/ stays)
	rm -rf $(VENV) $(BUILD) .pytest_cache dist
