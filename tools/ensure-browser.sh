#!/usr/bin/env bash
# Test set-up: Debian's Chromium for the browser tests (Playwright cannot download
# browsers here), and from npm axe-core and, for the Zotero translator tests, jsdom and
# xpath (package.json). Installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -q chromium >/dev/null 2>&1 \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q chromium >/dev/null; }
fi

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/jsdom/package.json ] \
  || [ ! -f node_modules/xpath/package.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --silent
fi
