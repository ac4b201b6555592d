# Kindly: `make run` to try it, `make test` to check it. Everything installs itself,
# except what the machine must have (Python >= 3.11, npm; chromium via `make browser`).
PYTHON ?= $(shell scripts/prerequisites.sh python)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
# pytest-xdist: one worker per core; tests sharing a server stay on one worker.
PYTEST_PARALLEL ?= -n auto --dist loadgroup
export FLASK_APP := service

.PHONY: run port-free test quick lint setup node browser lock upgrade prerequisites clean messages

$(BIN)/python:
	@test -n "$(PYTHON)" || exit 1
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The lock (requirements*.txt, made by `make lock`) pins every package with its hashes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

# Prism (Twilio's API contract served locally) for the outbound tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Without npm the contract tests skip locally (CI fails instead): checked by prerequisites.
node:
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory node_modules/.installed; fi

# Debian's chromium for the browser test (Playwright drives it; no browser download).
# Only when asked: `make test` never installs system packages.
browser:
	@if command -v chromium >/dev/null 2>&1; then echo "chromium is installed"; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium; \
	else echo "run: sudo apt-get install --no-install-recommends chromium"; exit 1; fi

# One line for each thing the tests need and the machine lacks (an error under CI=true).
prerequisites:
	@scripts/prerequisites.sh test

# The port is checked before anything is installed (run.py's check needs only Python).
port-free:
	@$(or $(PYTHON),python3) scripts/run.py --check-port --port $(PORT)

run: port-free setup
	@$(BIN)/python scripts/run.py --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: prerequisites setup node lint
	@mkdir -p test-output
	PYTHONPATH=. $(BIN)/pybabel -q extract -F babel.cfg -k N_ -k L_ -o test-output/messages.pot .
	$(BIN)/pytest $(PYTEST_PARALLEL)

# The dashboard's catalogue: extract every marked string, merge it into each language's
# .po (translate the new ones there), and compile the .mo that is committed beside it.
messages: setup
	PYTHONPATH=. $(BIN)/pybabel -q extract -F babel.cfg -k N_ -k L_ --no-location \
		--sort-output -o service/translations/messages.pot .
	$(BIN)/pybabel -q update -i service/translations/messages.pot -d service/translations \
		--no-fuzzy-matching --width 100
	$(BIN)/pybabel -q compile -d service/translations

# The suite without the tests marked slow (real servers, the browser): a quick check while working.
quick: setup
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not slow"

# Re-make the lock from requirements*.in, keeping the versions already locked.
lock: | $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras $(LOCK_ARGS) -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras $(LOCK_ARGS) -o requirements-dev.txt requirements-dev.in

# Every package to its newest allowed version (one package: make lock LOCK_ARGS="-P flask").
upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

clean:
	rm -rf $(VENV) node_modules instance test-output
