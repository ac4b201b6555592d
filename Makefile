# Kindly: `make run` to try it, `make test` to check it. Everything installs itself.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := service

.PHONY: run test lint setup node browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

# Prism (Twilio's API contract served locally) for the outbound tests.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

node: node_modules/.installed

# Debian's chromium for the browser tests (Playwright drives it; no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install chromium (browser tests will be skipped)"; fi; }

run: setup
	$(BIN)/flask init-db
	$(BIN)/flask seed-demo
	@echo
	@echo "Kindly is running on http://127.0.0.1:$(PORT) with the console SMS backend."
	@echo "Text it from another terminal:"
	@echo "  $(BIN)/flask --app service simulate +15551234567 KIND"
	@echo "  $(BIN)/flask --app service simulate +15551234567 YES"
	@echo "Texts the clock sends appear below as [sms to ...] lines."
	@echo
	@trap 'kill 0' INT TERM EXIT; \
	  SMS_BACKEND=console $(BIN)/python -m service.clock & \
	  SMS_BACKEND=console $(BIN)/flask run --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup node browser
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

clean:
	rm -rf $(VENV) node_modules instance test-output
