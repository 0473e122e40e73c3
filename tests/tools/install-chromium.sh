#!/usr/bin/env bash
# Installs Debian's chromium for the page tests (tests/observability/test_pages.py) if missing.
set -euo pipefail
command -v chromium >/dev/null 2>&1 && exit 0
echo "chromium not found: installing Debian's chromium" >&2
apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
