# koodrive-tasks: `make` validates the spec, regenerates the client and runs the demo against the
# embedded emulator; `make test` runs every check CI runs. The first run builds .venv and
# node_modules from the pinned lock files; nothing needs installing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# SPEC_DIR can point at a copy of spec/: the tests break a copy on purpose and expect `validate` to fail.
# EXAMPLES=DIR makes `validate` also check the pairs `koodrive-tasks probe --record DIR` wrote there.
SPEC_DIR ?= spec
SPEC := $(SPEC_DIR)/koodrive-tasks.yaml
GEN_PKG := koodrive_generated
GEN_DIR := generated/$(GEN_PKG)
HAND_WRITTEN := overrides emulator cli scripts tests bench
# generated from overrides/koodrive_tasks/resources and held to the same ruff and mypy rules
AIO_RESOURCES := generated/koodrive_generated/aio_resources

export PATH := $(CURDIR)/$(BIN):$(CURDIR)/node_modules/.bin:$(PATH)

.DEFAULT_GOAL := all
.PHONY: all test validate generate check-generated lint lint-airflow fmt quirks lock lock-airflow airflow-test clean emulator fuzz fuzz-short fuzz-client fuzz-bulk pytest demo bench bench-smoke docs chromium consumer-tools dist breaking

all: validate generate demo

demo: $(VENV)/.installed  # the tour of the client against an embedded emulator (issue 5)
	$(BIN)/koodrive-tasks demo

# --- environments --------------------------------------------------------------------------------
$(VENV)/.installed: requirements/dev.txt pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python >= 3.11 needed"'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The Airflow provider's venv (tests/airflow_provider, koodrive_airflow's mypy): Airflow pins its own web stack,
# so it is a venv of its own, filled by uv from requirements/airflow.txt (~15 s from uv's cache).
VENV_AIRFLOW := .venv-airflow
$(VENV_AIRFLOW)/.installed: requirements/airflow.txt pyproject.toml $(VENV)/.installed
	rm -rf $(VENV_AIRFLOW)
	$(BIN)/uv venv -q --python $(PYTHON) $(VENV_AIRFLOW)
	$(BIN)/uv pip install -q --python $(VENV_AIRFLOW)/bin/python -r requirements/airflow.txt
	$(BIN)/uv pip install -q --python $(VENV_AIRFLOW)/bin/python --no-deps -e .
	touch $@

lock:  # refreeze requirements/dev.txt from requirements/dev.in
	rm -rf /tmp/koodrive-lock-venv && $(PYTHON) -m venv /tmp/koodrive-lock-venv
	/tmp/koodrive-lock-venv/bin/pip install --quiet -r requirements/dev.in
	{ echo '# Frozen from dev.in by `make lock`; edit dev.in, not this file.'; \
	  /tmp/koodrive-lock-venv/bin/pip freeze | grep -v '^-e'; } > requirements/dev.txt

lock-airflow:  # refreeze requirements/airflow.txt from requirements/airflow.in, as `lock` does
	rm -rf /tmp/koodrive-lock-airflow && $(PYTHON) -m venv /tmp/koodrive-lock-airflow
	/tmp/koodrive-lock-airflow/bin/pip install --quiet -r requirements/airflow.in
	{ echo '# Frozen from airflow.in by `make lock-airflow`; edit airflow.in, not this file.'; \
	  /tmp/koodrive-lock-airflow/bin/pip freeze | grep -v '^-e'; } > requirements/airflow.txt

# --- spec ----------------------------------------------------------------------------------------
validate: $(VENV)/.installed node_modules/.installed
	$(BIN)/openapi-spec-validator $(SPEC)
	spectral lint --ruleset $(SPEC_DIR)/.spectral.yaml --fail-severity=warn --quiet $(SPEC)
	$(PY) scripts/check_spec.py --spec $(SPEC) $(if $(EXAMPLES),--examples $(EXAMPLES))

# BASE=<git ref> or BASE=last-release; unset: the merge base with origin/main (HEAD~1 without one),
# and the last release tag too once one exists. With no base at all it prints SKIPPED and passes.
# It also checks the spec's own version (info.version, semver: major for an allowed break, minor for
# an addition, patch for text) and its entry in spec/CHANGELOG.md; BUMP=1 writes the version needed.
breaking: $(VENV)/.installed  # fail on a spec change that breaks clients or the wire (spec/breaking-allow.yaml)
	$(PY) scripts/breaking.py --spec $(SPEC) $(if $(BASE),--base $(BASE)) $(if $(BUMP),--bump)

quirks: $(VENV)/.installed  # render spec/QUIRKS.md from spec/quirks.yaml
	$(PY) scripts/render_quirks.py

# --- generated client ----------------------------------------------------------------------------
# Also the published spec (spec/bundled/: one-file YAML and JSON, and a dereferenced JSON) and the
# language-neutral signing vectors (spec/signing-vectors.json). The generated package includes the
# async resource classes (aio_resources/), written from the sync ones by scripts/generate_async.py.
generate: $(VENV)/.installed
	$(PY) scripts/generate.py --out $(GEN_DIR)
	$(PY) scripts/bundle_spec.py --out spec/bundled
	$(PY) scripts/signing_vectors.py --out spec/signing-vectors.json

check-generated: $(VENV)/.installed
	$(PY) scripts/generate.py --check $(GEN_DIR)
	$(PY) scripts/bundle_spec.py --check spec/bundled
	$(PY) scripts/signing_vectors.py --check spec/signing-vectors.json

# --- documentation site --------------------------------------------------------------------------
# build/site/: MkDocs (mkdocs.yml, --strict: a broken link fails), the Redoc REST reference in api/.
docs: $(VENV)/.installed node_modules/.installed chromium
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

chromium:  # headless Chromium for tests/docs, installed by set-up (scripts/ensure_chromium.sh), never by a test
	bash scripts/ensure_chromium.sh > /dev/null

# The consumer matrix (tests/consumers) runs openapi-generator on a JRE and builds its Go client:
# Debian's default-jre-headless, golang-go and golang-gopkg-validator.v2-dev, installed by set-up.
consumer-tools:
	bash scripts/ensure_consumer_tools.sh

# --- code quality --------------------------------------------------------------------------------
lint: $(VENV)/.installed
	$(BIN)/ruff check $(HAND_WRITTEN) $(AIO_RESOURCES)
	$(BIN)/ruff format --check $(HAND_WRITTEN) $(AIO_RESOURCES)
	$(BIN)/mypy --strict overrides/koodrive_tasks $(AIO_RESOURCES) emulator/koodrive_emulator emulator/_koodrive_pytest cli/koodrive_cli scripts bench

# follow-imports=silent: koodrive_tasks is `lint`'s to check (with the [aiohttp] extra this venv lacks);
# a cache of its own: another mypy, against other site-packages, than `lint`'s.
lint-airflow: $(VENV_AIRFLOW)/.installed  # mypy --strict on the provider, against the Airflow it runs on
	$(BIN)/ruff check docs/airflow_bulk_copy_dag.py
	$(BIN)/ruff format --check docs/airflow_bulk_copy_dag.py
	$(VENV_AIRFLOW)/bin/mypy --strict --follow-imports=silent --cache-dir .mypy_cache/airflow \
	  overrides/koodrive_airflow docs/airflow_bulk_copy_dag.py

fmt: $(VENV)/.installed
	$(BIN)/ruff format $(HAND_WRITTEN)
	$(BIN)/ruff check --fix $(HAND_WRITTEN)

# --- emulator ------------------------------------------------------------------------------------
PORT ?= 8787
emulator: $(VENV)/.installed  # serve the emulator on loopback until Ctrl-C
	$(PY) -m koodrive_emulator --host 127.0.0.1 --port $(PORT)

fuzz: $(VENV)/.installed  # a longer schemathesis run over HTTP (st run), JUnit report in reports/
	$(PY) scripts/fuzz.py --long

fuzz-short: $(VENV)/.installed
	$(PY) scripts/fuzz.py

# The client's property suites with a fresh random seed (printed first and last; SEED=N replays a
# run) and FUZZ_FACTOR times the examples `make test` runs: the hostile-server suite (tests/hostile)
# and the busy-service properties (tests/client/test_busy_service.py).
FUZZ_FACTOR ?= 10
fuzz-client: $(VENV)/.installed
	@seed=$${SEED:-$$($(PY) -c 'import secrets; print(secrets.randbelow(2**32))')}; \
	echo "fuzz-client seed: $$seed (replay: make fuzz-client SEED=$$seed)"; \
	KOODRIVE_FUZZ_FACTOR=$(FUZZ_FACTOR) PYTHONPATH=tests $(BIN)/pytest -q -p no:cacheprovider \
	  -p fuzz_client_plugin --hypothesis-seed=$$seed tests/hostile tests/client/test_busy_service.py; \
	status=$$?; echo "fuzz-client seed: $$seed"; exit $$status

fuzz-bulk: $(VENV)/.installed  # the bulk runner killed at random points: more runs, a fresh seed
	@seed=$${SEED:-$$($(PY) -c 'import secrets; print(secrets.randbelow(2**32))')}; \
	echo "fuzz-bulk seed: $$seed (replay: make fuzz-bulk SEED=$$seed)"; \
	SEED=$$seed KOODRIVE_CRASH_RUNS=$${RUNS:-100} $(BIN)/pytest -q -s -p no:cacheprovider \
	  tests/client/test_bulk_crash.py; \
	status=$$?; echo "fuzz-bulk seed: $$seed"; exit $$status

# --- benchmarks ----------------------------------------------------------------------------------
bench: $(VENV)/.installed node_modules/.installed  # full run: docs/benchmarks.{md,png,json} and the README speed table
	$(PY) bench/run.py

bench-smoke: $(VENV)/.installed node_modules/.installed  # tiny sizes, goals not judged, into reports/
	$(PY) bench/run.py --smoke > /dev/null

# --- tests ---------------------------------------------------------------------------------------
pytest: $(VENV)/.installed
	$(BIN)/pytest

# tests/airflow_provider in the Airflow venv: dag.test() against the emulator, a sqlite metadata database in a
# temporary AIRFLOW_HOME. The main pytest ignores that folder (it has no Airflow).
airflow-test: $(VENV_AIRFLOW)/.installed
	$(VENV_AIRFLOW)/bin/pytest -q -p no:cacheprovider tests/airflow_provider

# Each check once, pytest last: CI reads the closing line of the log, which must be pytest's count
# of what ran. Not listed here because pytest runs them already:
# - `validate`: tests/spec/test_examples.py runs `make validate` on a copy of spec/ (its control,
#   before breaking the copy on purpose), so a second run on spec/ itself would repeat it;
# - `fuzz-short` (`st run`): tests/emulator/test_schemathesis.py runs the same schemathesis
#   configuration (tests/emulator/schemathesis.toml: seed, phases, checks, budgets) in process, and
#   `st run` closed the log with a pytest-shaped line that counted no test. `make fuzz` remains.
# - tests/packaging builds the sdist and wheel and installs them into clean venvs per extra set.
# - tests/consumers is the consumer matrix: openapi-generator (typescript-fetch, go, python),
#   openapi-typescript and @hey-api/openapi-ts on spec/bundled/, then redocly and spectral on it.
# `airflow-test` runs before pytest so pytest's line stays the last; it prints its own count first.
# `chromium` and `consumer-tools` are set-up, not checks: the tests find the tools, they do not
# install them.
test: chromium consumer-tools check-generated lint lint-airflow bench-smoke breaking airflow-test pytest

dist: $(VENV)/.installed  # sdist and wheel into dist/ (tests/packaging builds its own copy)
	$(PY) -m build --no-isolation --outdir dist .
	$(PY) -m twine check --strict dist/*

clean:
	rm -rf $(VENV) $(VENV_AIRFLOW) node_modules .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
