#!/usr/bin/env bash
# npm install for the checks of src/e2e and src/conformance, bounded in time: npm can hang on a stalled registry
# connection long past its own fetch timeout, so each attempt gets a deadline and a stalled one is retried.
#   src/e2e/npm-install.sh <prefix> [package@version ...]   (no packages: the prefix's package.json)
# Environment: NPM_INSTALL_TIMEOUT (seconds per attempt, default 240), NPM_INSTALL_ATTEMPTS (default 3).
set -uo pipefail
PREFIX="$1"
shift
ATTEMPTS="${NPM_INSTALL_ATTEMPTS:-3}"
for attempt in $(seq "$ATTEMPTS"); do
  timeout -k 10 "${NPM_INSTALL_TIMEOUT:-240}" npm install --prefix "$PREFIX" --no-audit --no-fund --loglevel=error \
    --fetch-timeout=60000 --fetch-retries=3 "$@" >/dev/null && exit 0
  echo "npm install into $PREFIX: attempt $attempt of $ATTEMPTS failed or stalled" >&2
done
exit 1
