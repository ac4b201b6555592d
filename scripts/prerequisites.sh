#!/bin/sh
# Checks what Kindly needs from the machine, one clear line for each thing missing.
#   scripts/prerequisites.sh python          -> prints the Python to use (>= 3.11), or explains
#   scripts/prerequisites.sh test            -> Python, npm, chromium, Twilio's contract for `make test`
# Under CI (CI set) anything missing is an error; on a laptop the tests that
# need it are skipped with a one-line reason instead.
set -u

python_ok() {
  command -v "$1" >/dev/null 2>&1 &&
    "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

case "${1:-}" in
python)
  for candidate in python3.11 python3; do
    if python_ok "$candidate"; then echo "$candidate"; exit 0; fi
  done
  echo "missing: Python 3.11 or newer, as python3.11 or python3 (Debian: apt-get install python3 python3-venv; or set PYTHON=/path/to/python3.11)" >&2
  exit 1
  ;;
test)
  missing=0
  python_ok python3.11 || python_ok python3 || {
    echo "missing: Python 3.11 or newer, as python3.11 or python3 (Debian: apt-get install python3 python3-venv)" >&2
    missing=1
  }
  note() {
    if [ -n "${CI:-}" ]; then echo "missing: $1" >&2; missing=1
    else echo "note: $1; $2" >&2; fi
  }
  command -v npm >/dev/null 2>&1 ||
    note "npm (runs Prism, Twilio's API contract served locally): apt-get install --no-install-recommends npm" \
      "the contract tests will be skipped"
  spec="${TWILIO_SPEC:-../shared/twilio/twilio_api_v2010.json}"
  [ -f "$spec" ] ||
    note "Twilio's OpenAPI description at $spec (twilio_api_v2010.json from the public twilio/twilio-oai repository; set TWILIO_SPEC to its path)" \
      "the contract tests will be skipped"
  { command -v chromium >/dev/null 2>&1 || [ -x "${CHROMIUM:-/usr/bin/chromium}" ]; } ||
    note "chromium (the browser test drives it): make browser" \
      "the browser test will be skipped"
  exit $missing
  ;;
*)
  echo "usage: $0 python|test" >&2
  exit 2
  ;;
esac
