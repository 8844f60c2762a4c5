# Build and test tooling of the vb365.backup collection. `make help` lists the targets.
#
# Everything works from a fresh clone: `make venv` builds the virtual environments
# from the pinned files in requirements/, with Pythons found by tools/find-python
# (pyenv installs first, then PATH). Nothing is installed outside the work tree
# except ansible-test's caches under ~/.ansible/test (see tools/get-pip-standins.py).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
NAMESPACE := vb365
NAME := backup

# ---- virtual environments -------------------------------------------------------
# One venv per name; each is built from requirements/<name>.txt with Python $(PYVER_<name>).
VENV_DIR := $(ROOT)/.venv
VENVS := oldest newest
# newest: newest ansible-core release (2.21, needs Python >= 3.12) + all dev tools
PYVER_newest := 3.13
# oldest: oldest ansible-core we support (meta/runtime.yml requires_ansible), default Python
PYVER_oldest := 3.11
# Every ansible-core minor between them, for the smoke play (make smoke): ansible-core and requests only.
SMOKE_VENVS := core-2.17 core-2.18 core-2.19 core-2.20
PYVER_core-2.17 := 3.11
PYVER_core-2.18 := 3.11
PYVER_core-2.19 := 3.11
# ansible-core 2.20 and later need Python 3.12 or newer.
PYVER_core-2.20 := 3.12
# Every supported minor, oldest first: the venvs the smoke play runs with.
CORE_VENVS := oldest $(SMOKE_VENVS) newest
NEWEST_VENV := $(VENV_DIR)/newest
OLDEST_VENV := $(VENV_DIR)/oldest
NEWEST_PY := $(NEWEST_VENV)/bin/python
OLDEST_PY := $(OLDEST_VENV)/bin/python
STAMP = $(VENV_DIR)/$(1)/.stamp

# Any Python 3 for the helper scripts in tools/ (standard library only).
PYTHON3 ?= python3

# ---- collection trees -------------------------------------------------------------
BUILD_DIR := $(ROOT)/.build
# symlink tree for ANSIBLE_COLLECTIONS_PATH / PYTHONPATH:
#   $(COLLECTIONS_DIR)/ansible_collections/vb365/backup -> $(ROOT)
COLLECTIONS_DIR := $(BUILD_DIR)/collections
COLLECTION_LINK := $(COLLECTIONS_DIR)/ansible_collections/$(NAMESPACE)/$(NAME)
# real copy for ansible-test (refreshed by every `make collection`)
ANSIBLE_TEST_DIR := $(BUILD_DIR)/ansible-test
COLLECTION_COPY := $(ANSIBLE_TEST_DIR)/ansible_collections/$(NAMESPACE)/$(NAME)
DIST_DIR := $(BUILD_DIR)/dist

# ---- knobs ------------------------------------------------------------------------
# extra arguments, e.g. make sanity SANITY_ARGS='--test pep8 -v'
SANITY_ARGS ?=
# extra arguments, e.g. make units PYTEST_ARGS='-k client -x'
PYTEST_ARGS ?=

# Rebuild a venv whose interpreter no longer starts (e.g. its pyenv base Python was removed).
$(foreach v,$(VENVS) $(SMOKE_VENVS) rulebook,$(if $(wildcard $(call STAMP,$(v))),$(if $(shell $(VENV_DIR)/$(v)/bin/python -c 'print(1)' 2>/dev/null),,$(shell rm -f $(call STAMP,$(v))))))

# This machine's pip configuration names two local package indexes that do not exist
# and pip warns about each of them for every package; hide exactly those lines.
PIP_NOISE := grep -v -E "^WARNING: Location 'file:///opt/pypi(-more)?/simple/.*' is ignored" || true

# $(call run-each,TARGET...): run each target in a sub-make, go on after a failure,
# print a summary ending in a plain "N passed, N failed" line, fail if any failed.
define run-each
	@passed=0; failed=0; summary=""; \
	for t in $(1); do \
	    echo "==> make $$t"; start=$$SECONDS; \
	    if $(MAKE) --no-print-directory $$t; then res=passed; passed=$$((passed + 1)); \
	    else res=FAILED; failed=$$((failed + 1)); fi; \
	    summary+=$$(printf '  %-22s %-6s %5ss' "$$t" "$$res" "$$((SECONDS - start))")$$'\n'; \
	done; \
	printf '==> make %s:\n%s' "$@" "$$summary"; \
	echo "make $@: $$passed passed, $$failed failed"; \
	[[ $$failed -eq 0 ]]
endef

.PHONY: help
help: ## show this help
	@echo "Targets:"
	@grep -h -E '^[a-zA-Z_%-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | \
	    awk -F'\t' '{ printf "  %-20s %s\n", $$1, $$2 }'
	@echo
	@echo "Variables (make -s print-VAR prints one, e.g. make -s print-NEWEST_PY):"
	@echo "  NEWEST_VENV=$(NEWEST_VENV)  (Python $(PYVER_newest), requirements/newest.txt)"
	@echo "  OLDEST_VENV=$(OLDEST_VENV)  (Python $(PYVER_oldest), requirements/oldest.txt)"
	@echo "  NEWEST_PY, OLDEST_PY        the venvs' python"
	@echo "  COLLECTIONS_DIR=$(COLLECTIONS_DIR)  (for ANSIBLE_COLLECTIONS_PATH / PYTHONPATH)"
	@echo "  COLLECTION_COPY=$(COLLECTION_COPY)"
	@echo "  SANITY_ARGS, PYTEST_ARGS    extra arguments for ansible-test sanity / pytest"
	@echo "  UNIT_TESTS                  which unit tests (default tests/unit), e.g. one file"
	@echo
	@echo "One leg at a time: $(SANITY_TARGETS) units-newest units-oldest"
	@echo "  integration-newest integration-oldest venv-newest venv-oldest"

print-%: ## print a make variable, e.g. make -s print-NEWEST_PY
	@echo '$($*)'

# ---- venv -------------------------------------------------------------------------
.PHONY: venv venv-newest venv-oldest venv-cores
venv: $(foreach v,$(VENVS),$(call STAMP,$(v))) ## build .venv/newest and .venv/oldest (only when missing or requirements changed)
venv-newest: $(call STAMP,newest)
venv-oldest: $(call STAMP,oldest)
venv-cores: $(foreach v,$(CORE_VENVS),$(call STAMP,$(v))) ## build a venv for every supported ansible-core minor (make smoke)

$(VENV_DIR)/%/.stamp: $(ROOT)/requirements/%.txt
	@echo "==> building $(VENV_DIR)/$* with Python $(PYVER_$*) from requirements/$*.txt"
	rm -rf "$(VENV_DIR)/$*"
	base=$$("$(ROOT)/tools/find-python" "$(PYVER_$*)"); echo "base interpreter: $$base"; \
	    "$$base" -m venv "$(VENV_DIR)/$*"
	"$(VENV_DIR)/$*/bin/python" -m pip install --disable-pip-version-check --quiet \
	    -r "$(ROOT)/requirements/$*.txt" 2>&1 | { $(PIP_NOISE); }
	"$(VENV_DIR)/$*/bin/python" -m pip check --disable-pip-version-check
	if [[ "$*" == oldest || "$*" == newest ]]; then \
	    "$(VENV_DIR)/$*/bin/python" "$(ROOT)/tools/get-pip-standins.py" "$(VENV_DIR)/$*/bin/python"; fi
	"$(VENV_DIR)/$*/bin/ansible" --version | sed -n 1p
	touch "$@"

.PHONY: requirements
requirements: ## re-resolve requirements/*.in into the pinned requirements/*.txt (then commit them)
	for v in $(foreach v,$(VENVS) $(SMOKE_VENVS) rulebook,$(v):$(PYVER_$(v))); do \
	    "$(ROOT)/tools/lock-requirements" "$${v%%:*}" "$${v#*:}" 2>&1 | { $(PIP_NOISE); }; \
	done

.PHONY: get-pip-standins
get-pip-standins: venv ## write ansible-test's offline get-pip stand-ins to ~/.ansible/test/cache
	"$(PYTHON3)" "$(ROOT)/tools/get-pip-standins.py" $(foreach v,$(VENVS),"$(VENV_DIR)/$(v)/bin/python")

# ---- collection -------------------------------------------------------------------
# A target that writes into its collection tree (ansible-test's tests/output, lint's extracted EXAMPLES) gets a copy
# of its own, so that make test can run targets side by side: $(call copy-of,NAME), synced by $(call sync-copy,...).
copy-of = $(BUILD_DIR)/copies/$(1)/ansible_collections/$(NAMESPACE)/$(NAME)
define sync-copy
	"$(PYTHON3)" "$(ROOT)/tools/sync-tree.py" "$(ROOT)" "$(1)" --keep .git --keep tests/output
	if [[ ! -d "$(1)/.git" ]]; then git -C "$(1)" init --quiet; fi
endef

# The copy is its own git work tree (git init, no commits), so ansible-test, run by
# make or by hand in the copy, lists its files with git instead of walking up to
# this checkout's .git, where .build/ is ignored: see tools/README.md.
.PHONY: collection
collection: ## symlink the collection into .build/collections and mirror it into .build/ansible-test
	mkdir -p "$(dir $(COLLECTION_LINK))"
	if [[ -e "$(COLLECTION_LINK)" && ! -L "$(COLLECTION_LINK)" ]]; then rm -rf "$(COLLECTION_LINK)"; fi
	ln -sfn "$(ROOT)" "$(COLLECTION_LINK)"
	"$(PYTHON3)" "$(ROOT)/tools/sync-tree.py" "$(ROOT)" "$(COLLECTION_COPY)" --keep .git --keep tests/output
	if [[ ! -d "$(COLLECTION_COPY)/.git" ]]; then git -C "$(COLLECTION_COPY)" init --quiet; fi

# ---- tests ------------------------------------------------------------------------
# ansible-test runs in the copy, with the venv's ansible-test and Python, and builds
# its own venvs per sanity test (--venv), bootstrapping pip with the stand-ins.
# If ansible-test ever sees no files (it then passes with "All targets skipped", see
# tools/README.md), the grep below fails the target.
# Limited to the Pythons that exist here (--python); the venv's bin/ comes first on
# PATH so ansible-test finds shellcheck, and $(PYBIN_DIR) gives it pythonX.Y links
# (pyenv's shims only run the globally selected version).
PYBIN_DIR := $(BUILD_DIR)/bin
# Oldest Python that tests/config.yml allows for modules: compile + import sanity
# tests on it, with the newest ansible-core.
SANITY_EXTRA_PYTHONS ?= 3.9
SANITY_TARGETS := $(foreach v,$(VENVS),sanity-$(v)) $(foreach p,$(SANITY_EXTRA_PYTHONS),sanity-py$(p))

# $(call ansible-test-sanity,VENV NAME,PYTHON X.Y,ARGS), in the copy sanity-<VENV NAME>-<X.Y>
define ansible-test-sanity
	@echo "==> ansible-test sanity, $$("$(VENV_DIR)/$(1)/bin/ansible" --version | sed -n 1p), Python $(2)"
	mkdir -p "$(PYBIN_DIR)" && ln -sfn "$$("$(ROOT)/tools/find-python" $(2))" "$(PYBIN_DIR)/python$(2)"
	$(call sync-copy,$(call copy-of,sanity-$(1)-$(2)))
	log=$$(mktemp) && trap 'rm -f "$$log"' EXIT && \
	cd "$(call copy-of,sanity-$(1)-$(2))" && \
	env -u PYTHONPATH -u ANSIBLE_COLLECTIONS_PATH -u ANSIBLE_COLLECTIONS_PATHS \
	    PATH="$(VENV_DIR)/$(1)/bin:$(PYBIN_DIR):$$PATH" \
	    "$(VENV_DIR)/$(1)/bin/ansible-test" sanity --venv --python $(2) --color no $(3) $(SANITY_ARGS) 2>&1 \
	    | { $(PIP_NOISE); } | tee "$$log" && \
	if grep -q 'All targets skipped' "$$log"; then \
	    echo "ansible-test found no files to test in $(call copy-of,sanity-$(1)-$(2))" >&2; exit 1; fi
endef

.PHONY: sanity $(SANITY_TARGETS)
sanity: ## ansible-test sanity: 2.16/Python 3.11, 2.21/Python 3.13, compile+import on Python 3.9
	$(call run-each,$(SANITY_TARGETS))

$(foreach v,$(VENVS),sanity-$(v)): sanity-%: get-pip-standins collection
	$(call ansible-test-sanity,$*,$(PYVER_$*))

# make test's sanity on the oldest core: all but pylint, which is most of its time and finds on the oldest core's
# pinned pylint what the newest core's finds (sanity-newest runs it); make sanity and make test-all run it here too.
.PHONY: sanity-oldest-quick
sanity-oldest-quick: get-pip-standins collection
	$(call ansible-test-sanity,oldest,$(PYVER_oldest),--skip-test pylint)

$(foreach p,$(SANITY_EXTRA_PYTHONS),sanity-py$(p)): sanity-py%: get-pip-standins collection
	$(call ansible-test-sanity,newest,$*,--test compile --test import)

.PHONY: units units-newest units-oldest simulator-tests
units: ## pytest tests/unit on both venvs
	$(call run-each,$(foreach v,$(VENVS),units-$(v)))

# Two workers: the unit tests start simulators and module processes, and wait on them.
UNIT_WORKERS ?= 2
# Which tests, e.g. make units-newest UNIT_TESTS=tests/unit/plugins/module_utils/test__gate.py
UNIT_TESTS ?= tests/unit

$(foreach v,$(VENVS),units-$(v)): units-%: venv-% collection
	cd "$(ROOT)" && \
	    PYTHONPATH="$(COLLECTIONS_DIR)" ANSIBLE_COLLECTIONS_PATH="$(COLLECTIONS_DIR)" \
	    "$(VENV_DIR)/$*/bin/python" -m pytest $(UNIT_TESTS) -p no:cacheprovider \
	    $(if $(filter newest,$*),-n $(UNIT_WORKERS)) $(PYTEST_ARGS)

simulator-tests: venv-newest ## pytest tests/simulator/tests: the simulator's own tests (OpenAPI validation included)
	cd "$(ROOT)" && "$(NEWEST_PY)" -m pytest tests/simulator/tests -p no:cacheprovider -n $(UNIT_WORKERS) $(PYTEST_ARGS)

# ---- generated files -----------------------------------------------------------------
# tools/generate.py writes every artefact derived from one source (the connection options, the returned shapes,
# the gate modules' options, the version): see docs/architecture.md, "Where to make each change".
.PHONY: generate check-generated
generate: venv-newest collection ## write every generated file (doc fragment, RETURN blocks, role specs, option tables...)
	cd "$(ROOT)" && PYTHONPATH="$(COLLECTIONS_DIR)" "$(NEWEST_PY)" tools/generate.py

check-generated: venv-newest collection ## fail when a generated file is stale (shows the difference; `make generate` fixes it)
	cd "$(ROOT)" && PYTHONPATH="$(COLLECTIONS_DIR)" "$(NEWEST_PY)" tools/generate.py --check

# ---- smoke: every ansible-core minor, both execution paths -------------------------------
.PHONY: smoke
smoke: venv-cores collection ## the smoke play on every supported ansible-core minor, in the worker and as module processes
	cd "$(ROOT)" && "$(NEWEST_PY)" tests/smoke/run.py "$(COLLECTIONS_DIR)" $(foreach v,$(CORE_VENVS),"$(VENV_DIR)/$(v)")

# Three legs: the newest core with the modules in the worker process (where ansible-test's inventory runs them) and
# as module processes (VB365_IN_PROCESS=false), and the oldest core. Each in a copy of its own, so they can run side
# by side; tests/integration/run.sh starts and stops their simulators.
INTEGRATION_LEGS := integration-newest integration-newest-module integration-oldest
INTEGRATION_ARGS ?=

.PHONY: integration $(INTEGRATION_LEGS)
integration: ## ansible-test integration: the newest core on both paths, the oldest core (starts and stops the simulators)
	$(call run-each,$(INTEGRATION_LEGS))

# $(call integration-leg,VENV NAME,COPY NAME,ENVIRONMENT,TARGETS): every target when TARGETS is empty
define integration-leg
	$(call sync-copy,$(call copy-of,$(2)))
	cd "$(ROOT)" && $(3) VB365_TEST_TREE="$(call copy-of,$(2))" PATH="$(VENV_DIR)/$(1)/bin:$$PATH" \
	    bash tests/integration/run.sh "$(VENV_DIR)/$(1)" $(4) $(INTEGRATION_ARGS)
endef

integration-newest: venv-newest
	$(call integration-leg,newest,integration-newest,)
# Module processes instead of the worker process (VB365_IN_PROCESS=false), on the targets where the process boundary
# shows: errors and their messages, secrets and no_log, untrusted text, the reads. The unit tests (test_in_process.py),
# the smoke play and job_session_info's where_it_runs tasks run every module both ways besides; make test-all runs
# every target this way (MODULE_LEG_TARGETS=all).
MODULE_LEG_TARGETS ?= faults hostile_text job_session_info token
integration-newest-module: venv-newest
	$(call integration-leg,newest,integration-newest-module,VB365_IN_PROCESS=false,$(filter-out all,$(MODULE_LEG_TARGETS)))
integration-oldest: venv-oldest
	$(call integration-leg,oldest,integration-oldest,)

# ---- the tiers: check (the edit loop), test (what CI runs), test-all ----------------------
# The sanity tests that catch most mistakes, on the newest core and its Python (about a minute, pylint most of it);
# make sanity runs them all, on the oldest core too, and compile and import on the oldest Python modules support.
CHECK_SANITY := --test pylint --test compile --test import --test validate-modules --test pep8 --test yamllint \
    --test ansible-doc --test action-plugin-docs --test changelog --test runtime-metadata --test symlinks \
    --test shebang --test line-endings --test no-smart-quotes --test use-compat-six --test empty-init --test no-assert \
    --test use-argspec-type-path --test replace-urlopen

.PHONY: check sanity-check test test-setup test-all
# Two at a time, the quick sanity (the longest) first; each target's output is in .build/logs/check/<target>.log.
check: venv-newest collection get-pip-standins ## the edit loop (under 3 min): generated files, newest-core unit tests, quick sanity, lint
	"$(PYTHON3)" "$(ROOT)/tools/run-targets.py" check 2 "$(BUILD_DIR)/logs/check" sanity-check units-newest lint check-generated

sanity-check: get-pip-standins
	$(call ansible-test-sanity,newest,$(PYVER_newest),$(CHECK_SANITY))

# make test runs these side by side, TEST_JOBS at a time, the longest first (most of them wait on simulators,
# module processes and ansible-test more than they compute), after test-setup has built every venv. Each target's
# output is in .build/logs/test/<target>.log; a failure prints its end.
TEST_JOBS ?= 3
TEST_TARGETS ?= integration-newest integration-newest-module integration-oldest sanity-newest sanity-oldest-quick \
    $(foreach p,$(SANITY_EXTRA_PYTHONS),sanity-py$(p)) ecosystem eda docs-browser simulator-tests units-newest smoke \
    galaxy-import lint check-generated

test: ## everything CI checks (.ci/run): every target of TEST_TARGETS, side by side; ends "make test: N passed, N failed"
	@$(MAKE) --no-print-directory test-setup
	"$(PYTHON3)" "$(ROOT)/tools/run-targets.py" test $(TEST_JOBS) "$(BUILD_DIR)/logs/test" $(TEST_TARGETS)

# The system packages first, one apt-get at a time (they share dpkg's lock); then the venvs, three at a time (each
# is pip unpacking wheels into a directory of its own).
test-setup:
	@$(MAKE) --no-print-directory java chromium graphviz
	@$(MAKE) --no-print-directory -j 3 venv venv-cores venv-rulebook collection
	@$(MAKE) --no-print-directory get-pip-standins

# What make test leaves out because it is slow or repeats what make test proves: the oldest core's unit tests
# (the smoke play and the oldest integration leg run that core) and pylint, the benchmark in small, and the
# integration targets as module processes beyond MODULE_LEG_TARGETS.
TEST_ALL_TARGETS ?= $(filter-out sanity-oldest-quick,$(TEST_TARGETS)) sanity-oldest units-oldest bench-smoke

test-all: ## make test and the rest: the oldest core's unit tests and pylint, the benchmark in small, every target as a module process
	@$(MAKE) --no-print-directory test-setup
	MODULE_LEG_TARGETS=all "$(PYTHON3)" "$(ROOT)/tools/run-targets.py" test-all $(TEST_JOBS) "$(BUILD_DIR)/logs/test-all" \
	    $(TEST_ALL_TARGETS)

# ---- lint, docs, ecosystem, Galaxy ------------------------------------------------
# All with the newest venv's tools (ansible-lint, antsibull-*, ansible-runner, ansible-builder,
# galaxy-importer), which all install together with the newest ansible-core.
NEWEST_BIN := $(NEWEST_VENV)/bin
LINT_DIR := $(BUILD_DIR)/lint
DOCS_DIR := $(BUILD_DIR)/docs
GALAXY_IMPORT_DIR := $(BUILD_DIR)/galaxy-import

# ansible-lint runs in a copy of its own (only the files git lists), with the collection found through
# the copy's tree; the plugins' EXAMPLES are written verbatim into the copy's .build-lint-examples/.
LINT_COPY := $(call copy-of,lint)

.PHONY: lint
lint: venv-newest ## ansible-lint (production profile) on roles, playbooks, module EXAMPLES; antsibull-changelog lint
	$(call sync-copy,$(LINT_COPY))
	rm -rf "$(LINT_COPY)/.build-lint-examples"
	"$(NEWEST_PY)" "$(ROOT)/tools/extract-examples.py" "$(LINT_COPY)" "$(LINT_COPY)/.build-lint-examples"
	cd "$(LINT_COPY)" && \
	    env -u ANSIBLE_COLLECTIONS_PATHS ANSIBLE_COLLECTIONS_PATH="$(BUILD_DIR)/copies/lint" PATH="$(NEWEST_BIN):$$PATH" \
	    ansible-lint --profile production --offline --strict --nocolor roles playbooks \
	    $$(find .build-lint-examples -name '*.yml' | sort)
	rm -rf "$(LINT_COPY)/.build-lint-examples"
	cd "$(LINT_COPY)" && PATH="$(NEWEST_BIN):$$PATH" antsibull-changelog lint -v
	cd "$(LINT_COPY)" && PATH="$(NEWEST_BIN):$$PATH" antsibull-changelog lint-changelog-yaml --strict changelogs/changelog.yaml

# The site: antsibull-docs writes the RST of every plugin, role, guide (docs/docsite/) and the
# changelog into .build/docs/rst; Sphinx (docs/site/conf.py) makes HTML of it, warnings as errors.
.PHONY: docs
docs: venv-newest collection graphviz ## antsibull-docs lint-collection-docs --plugin-docs; the docs site (Sphinx, -W) into .build/docs/html
	cd "$(COLLECTION_COPY)" && \
	    env -u ANSIBLE_COLLECTIONS_PATHS ANSIBLE_COLLECTIONS_PATH="$(ANSIBLE_TEST_DIR)" PATH="$(NEWEST_BIN):$$PATH" \
	    antsibull-docs lint-collection-docs --plugin-docs .
	rm -rf "$(DOCS_DIR)" && mkdir -p "$(DOCS_DIR)/rst" && chmod og-w "$(DOCS_DIR)/rst"
	env -u ANSIBLE_COLLECTIONS_PATHS ANSIBLE_COLLECTIONS_PATH="$(ANSIBLE_TEST_DIR)" PATH="$(NEWEST_BIN):$$PATH" \
	    antsibull-docs --config-file "$(ROOT)/docs/site/antsibull-docs.cfg" collection --use-current \
	    --squash-hierarchy --fail-on-error --cleanup everything --dest-dir "$(DOCS_DIR)/rst" vb365.backup
	PATH="$(NEWEST_BIN):$$PATH" GRAPHVIZ_DOT="$(DOT)" sphinx-build -b html -c "$(ROOT)/docs/site" -W --keep-going -n -q \
	    "$(DOCS_DIR)/rst" "$(DOCS_DIR)/html"
	@echo "docs: $$(find "$(DOCS_DIR)/html" -name '*.html' | wc -l) pages in $(DOCS_DIR)/html (open index.html)"

# The site as published: galaxy.yml's `documentation` is GitHub Pages of the repository, and the archive is what
# lands at its root (index.html at the top). .nojekyll keeps GitHub Pages' Jekyll from dropping _static/ and
# _images/; Sphinx's build state (.doctrees, .buildinfo) stays out. Its name carries galaxy.yml's version, as the
# site does (antsibull-docs reads it from there).
VERSION = $(shell sed -n 's/^version: *//p' "$(ROOT)/galaxy.yml")
DOCS_DIST = $(DIST_DIR)/$(NAMESPACE)-$(NAME)-docs-$(VERSION).tar.gz

.PHONY: docs-dist docs-pack
docs-dist: docs ## the docs site packed for publishing (GitHub Pages): .build/dist/vb365-backup-docs-VERSION.tar.gz
	@$(MAKE) --no-print-directory docs-pack

docs-pack: # pack the site of the last `make docs` (docs-dist builds it first)
	test -f "$(DOCS_DIR)/html/index.html"
	mkdir -p "$(DIST_DIR)" && touch "$(DOCS_DIR)/html/.nojekyll"
	tar -C "$(DOCS_DIR)/html" --exclude=./.doctrees --exclude=./.buildinfo --sort=name --owner=0 --group=0 \
	    --numeric-owner -czf "$(DOCS_DIST)" .
	@echo "docs-dist: $(DOCS_DIST) ($$(tar -tzf "$(DOCS_DIST)" | grep -c '\.html$$') pages), for $$(sed -n 's/^documentation: *//p' "$(ROOT)/galaxy.yml")"

# The site as a person sees it: tests/docs_browser renders every page of .build/docs/html in
# headless Chromium (Debian's package, driven over the DevTools protocol with the venv's aiohttp)
# and keeps screenshots in .build/docs-browser. It builds the site first (`make docs`: antsibull-docs' lint and
# Sphinx -W), so `make test` checks the docs of the tree it runs on, never a site left by an earlier build.
CHROMIUM ?= /usr/bin/chromium

.PHONY: chromium docs-browser
chromium: ## install Debian's chromium when $(CHROMIUM) is missing (for make docs-browser)
	@if [[ ! -x "$(CHROMIUM)" ]]; then \
	    if [[ $$(id -u) -ne 0 ]]; then echo "make chromium: $(CHROMIUM) is missing; run: sudo apt-get install chromium" >&2; exit 1; fi; \
	    echo "==> installing chromium with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi

# The docs' pictures are Graphviz text in the guides (.. graphviz::), drawn by `dot` during the build (Sphinx's
# sphinx.ext.graphviz, SVG): Debian's graphviz, installed like chromium when it is missing.
DOT ?= /usr/bin/dot

.PHONY: graphviz
graphviz: ## install Debian's graphviz when $(DOT) is missing (make docs draws the guides' pictures with it)
	@if [[ ! -x "$(DOT)" ]]; then \
	    if [[ $$(id -u) -ne 0 ]]; then echo "make graphviz: $(DOT) is missing; run: sudo apt-get install graphviz" >&2; exit 1; fi; \
	    echo "==> installing graphviz with apt-get"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null; fi

docs-browser: venv-newest chromium ## build the docs site (make docs), then open every page in headless Chromium: broken links, anchors, console errors; screenshots in .build/docs-browser
	$(MAKE) --no-print-directory docs
	cd "$(ROOT)" && CHROMIUM="$(CHROMIUM)" "$(NEWEST_PY)" -m pytest tests/docs_browser -p no:cacheprovider $(PYTEST_ARGS)

.PHONY: ecosystem
ecosystem: venv collection ## pytest tests/ecosystem: AWX credential type + ansible-runner, action group, ansible-builder, tarball, docs
	cd "$(ROOT)" && env -u ANSIBLE_COLLECTIONS_PATHS -u ANSIBLE_COLLECTIONS_PATH \
	    VB365_COLLECTION_TREE="$(COLLECTION_COPY)" PATH="$(NEWEST_BIN):$$PATH" \
	    "$(NEWEST_PY)" -m pytest tests/ecosystem -p no:cacheprovider $(PYTEST_ARGS)

# The guides' "What to expect": real outputs of their examples against the simulator, kept in the pages between
# markers (tests/ecosystem/outputs.py). The ecosystem tests that run the examples check them (each has
# "what_to_expect" in its name); with VB365_WRITE_OUTPUTS=1 they write them instead.
OUTPUT_TESTS := what_to_expect

.PHONY: generate-outputs
generate-outputs: venv-newest collection ## write the guides' "What to expect" outputs from the simulator (make ecosystem checks them)
	VB365_WRITE_OUTPUTS=1 $(MAKE) --no-print-directory ecosystem PYTEST_ARGS='-k "$(OUTPUT_TESTS)" $(PYTEST_ARGS)'

# galaxy-importer on the tarball of `make build`, configured by tools/galaxy-importer.cfg;
# tools/galaxy-import-check.py fails on any ERROR or WARNING and on content missing from the result.
.PHONY: galaxy-import
galaxy-import: build ## galaxy-importer (as Galaxy runs it on upload, offline) on the tarball of `make build`
	rm -rf "$(GALAXY_IMPORT_DIR)" && mkdir -p "$(GALAXY_IMPORT_DIR)"
	cd "$(GALAXY_IMPORT_DIR)" && \
	    env -u ANSIBLE_COLLECTIONS_PATHS -u ANSIBLE_COLLECTIONS_PATH \
	    GALAXY_IMPORTER_CONFIG="$(ROOT)/tools/galaxy-importer.cfg" PATH="$(NEWEST_BIN):$$PATH" \
	    "$(NEWEST_PY)" -m galaxy_importer.main "$(DIST_DIR)/$(NAMESPACE)-$(NAME)-$$(sed -n 's/^version: *//p' "$(ROOT)/galaxy.yml").tar.gz" \
	    2>&1 | tee importer.log
	"$(NEWEST_PY)" "$(ROOT)/tools/galaxy-import-check.py" "$(COLLECTION_COPY)" \
	    "$(GALAXY_IMPORT_DIR)/importer.log" "$(GALAXY_IMPORT_DIR)/importer_result.json"

# ---- Event-Driven Ansible ---------------------------------------------------------
# .venv/rulebook: a real ansible-rulebook (requirements/rulebook.txt), kept out of VENVS so
# that sanity and units do not run on it. ansible-rulebook needs Java 17 or newer: Debian's
# openjdk-17-jre-headless is installed when no `java` is on PATH (a fresh machine).
PYVER_rulebook := 3.13
RULEBOOK_VENV := $(VENV_DIR)/rulebook
# `make eda` is interrupted (SIGINT: pytest still stops what it started) after this many seconds.
EDA_TIMEOUT ?= 300

.PHONY: venv-rulebook java eda
venv-rulebook: java $(call STAMP,rulebook) ## build .venv/rulebook (ansible-rulebook, for `make eda`)

java: ## make sure Java 17+ is installed (apt-get install openjdk-17-jre-headless when java is missing)
	if ! command -v java >/dev/null; then \
	    echo "==> java is missing: installing Debian's openjdk-17-jre-headless"; \
	    $$([[ $$(id -u) -eq 0 ]] || echo sudo) apt-get update && \
	    $$([[ $$(id -u) -eq 0 ]] || echo sudo) apt-get install -y openjdk-17-jre-headless; fi
	java -version 2>&1 | sed -n 1p
	major=$$(java -version 2>&1 | sed -n -E '1s/.*version "([0-9]+).*/\1/p'); \
	    if [[ -z "$$major" || "$$major" -lt 17 ]]; then echo "ansible-rulebook needs Java 17 or newer" >&2; exit 1; fi

# tests/eda runs with the newest venv's pytest (and the simulator); ansible-rulebook runs from .venv/rulebook.
eda: venv-rulebook venv-newest collection ## the event source under a real ansible-rulebook, against the simulator (tests/eda)
	cd "$(ROOT)" && env -u ANSIBLE_COLLECTIONS_PATHS -u ANSIBLE_COLLECTIONS_PATH \
	    RULEBOOK_VENV="$(RULEBOOK_VENV)" VB365_COLLECTION_TREE="$(COLLECTION_COPY)" \
	    timeout --signal=INT --kill-after=30 $(EDA_TIMEOUT) "$(NEWEST_PY)" -m pytest tests/eda -p no:cacheprovider $(PYTEST_ARGS)

# ---- benchmark --------------------------------------------------------------------
# bench/bench.py builds and installs the collection with ansible-galaxy, starts the simulator
# on loopback (and stops it), times the module against uri and ping side by side, counts
# requests, and measures listings of 1,000 to 50,000 sessions. docs/performance.md explains it.
BENCH_ARGS ?=
BENCH_SMOKE_DIR := $(BUILD_DIR)/bench-smoke

.PHONY: bench bench-sessions bench-smoke bench-floor
bench: ## every benchmark, one after another (15-30 min): sessions, processed objects, protection at MSP scale
	$(MAKE) --no-print-directory bench-sessions
	$(MAKE) --no-print-directory bench-objects BENCH_ARGS='--output docs/performance-objects.md'
	$(MAKE) --no-print-directory bench-protection BENCH_ARGS='--output docs/performance-protection.md'

bench-sessions: venv-newest ## the sessions benchmark (7-20 min): writes docs/performance-results.md and docs/performance-scaling.png
	cd "$(ROOT)" && PATH="$(NEWEST_VENV)/bin:$$PATH" "$(NEWEST_PY)" bench/bench.py $(BENCH_ARGS)

BENCH_FLOOR_DIR := $(BUILD_DIR)/bench-floor

# The floor targets of docs/performance.md on the oldest and the newest ansible-core: one read by id against
# ping and two uri tasks, alternated in rounds (pass BENCH_ARGS='--rounds 15' for more).
bench-floor: venv ## one read by id against ping and uri on both ansible-cores (about 2 min each), into .build/bench-floor
	rm -rf "$(BENCH_FLOOR_DIR)" && mkdir -p "$(BENCH_FLOOR_DIR)"
	cd "$(ROOT)" && for v in $(VENVS); do \
	    PATH="$(VENV_DIR)/$$v/bin:$$PATH" "$(VENV_DIR)/$$v/bin/python" bench/bench.py --floor \
	        --output "$(BENCH_FLOOR_DIR)/$$v.md" $(BENCH_ARGS) || exit 1; cat "$(BENCH_FLOOR_DIR)/$$v.md"; done

bench-smoke: venv-newest ## the benchmark in small (1 round, 3 reads, N up to 1,000) into .build/bench-smoke
	rm -rf "$(BENCH_SMOKE_DIR)" && mkdir -p "$(BENCH_SMOKE_DIR)"
	cd "$(ROOT)" && PATH="$(NEWEST_VENV)/bin:$$PATH" "$(NEWEST_PY)" bench/bench.py --smoke --check \
	    --output "$(BENCH_SMOKE_DIR)/performance-results.md" --plot "$(BENCH_SMOKE_DIR)/performance-scaling.png" $(BENCH_ARGS)

# ---- try it: the simulator and the demo -------------------------------------------
# make sim and make demo run in small venvs of their own (tools/run-venv), not in the developer venvs: they must
# work from a fresh clone with whatever CPython 3.11+ the machine has (a stock Debian 12: python3 3.11, no pyenv).
# They say which Python (and ansible-core) they use; PYTHON=/path/to/python3.X chooses another.
SIM_VENV := $(VENV_DIR)/sim
DEMO_VENV := $(VENV_DIR)/demo
# The VB365 REST API's own port, so that a user's VB365_PORT may stay unset; tryit takes a free one when it is busy.
SIM_PORT ?= 4443
# Kept between runs: the CA in it stays the same, so a VB365_CA_PATH pasted earlier stays valid.
SIM_STATE_DIR ?= $(BUILD_DIR)/sim

.PHONY: sim demo
# exec: the simulator replaces the recipe's shell, so Ctrl-C and a SIGTERM to make reach it directly.
sim: ## the VB365 API simulator in the foreground on port 4443: prints the VB365_* lines to paste; Ctrl-C stops it
	@"$(ROOT)/tools/run-venv" sim "$(SIM_VENV)"
	@PYTHONPATH="$(ROOT)/tests/simulator" exec "$(SIM_VENV)/bin/python" -m vb365sim.tryit \
	    --port "$(SIM_PORT)" --state-dir "$(SIM_STATE_DIR)"

# Quiet on purpose (a newcomer's first command): tools/run-venv says in one line what it uses,
# and playbooks/demo.sh tells the rest as a short story.
demo: ## run playbooks/demo.sh (simulator + demo playbook) with the newest ansible-core this machine's Python runs
	@"$(ROOT)/tools/run-venv" demo "$(DEMO_VENV)"
	@cd "$(ROOT)" && bash playbooks/demo.sh "$(DEMO_VENV)"

# ---- packaging --------------------------------------------------------------------

.PHONY: build
build: venv-newest collection ## ansible-galaxy collection build (from the copy) into .build/dist
	mkdir -p "$(DIST_DIR)"
	cd "$(COLLECTION_COPY)" && "$(NEWEST_VENV)/bin/ansible-galaxy" collection build --force --output-path "$(DIST_DIR)"

# ---- cleaning ---------------------------------------------------------------------
.PHONY: clean distclean
clean: ## remove build output, test results and caches (keeps .venv)
	rm -rf "$(BUILD_DIR)" "$(ROOT)/tests/output" "$(ROOT)/.pytest_cache" "$(ROOT)/.hypothesis"
	rm -f "$(ROOT)"/$(NAMESPACE)-$(NAME)-*.tar.gz
	find "$(ROOT)" -path "$(ROOT)/.venv" -prune -o -path "$(ROOT)/.git" -prune -o \
	    -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean ## clean, and remove the virtual environments too
	rm -rf "$(VENV_DIR)"

# Per-object protection at a service provider's scale: 100 tenants, 50,000 and 200,000 objects; the module
# next to plain requests reading the same pages. Not part of `make test` (a few minutes). docs/performance.md has it.
.PHONY: bench-objects bench-protection
bench-objects: venv-newest collection ## a session of 10,000, 50,000 and 200,000 processed objects against plain requests: requests, peak memory, time
	cd "$(ROOT)" && PATH="$(NEWEST_VENV)/bin:$$PATH" "$(NEWEST_PY)" bench/processed_objects.py --collections "$(COLLECTIONS_DIR)" $(BENCH_ARGS)

bench-protection: venv-newest collection ## protected_object_info and protection_check at MSP scale against plain requests: requests, peak memory, time
	cd "$(ROOT)" && PATH="$(NEWEST_VENV)/bin:$$PATH" "$(NEWEST_PY)" bench/protection.py --collections "$(COLLECTIONS_DIR)" $(BENCH_ARGS)
