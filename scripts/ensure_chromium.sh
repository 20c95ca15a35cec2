#!/usr/bin/env bash
# Make sure a headless-capable Chromium is on PATH (Debian's `chromium` package) and print its path.
# Used by `make docs-test` and by tests/docs; CI runs as root on a fresh machine, so this installs it.
# Fails (exit 1) when Chromium is missing and cannot be installed: the docs test must not skip.
set -euo pipefail

find_chromium() {
  local name
  for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
      command -v "$name"
      return 0
    fi
  done
  return 1
}

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "ensure_chromium: chromium is not installed and this user cannot run apt-get (not root, no sudo)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_chromium: chromium is not installed and apt-get is not available" >&2
  exit 1
fi

echo "ensure_chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q >&2
"${SUDO[@]}" apt-get install -y -q --no-install-recommends chromium fonts-liberation >&2

if path=$(find_chromium); then
  echo "$path"
  exit 0
fi
echo "ensure_chromium: apt-get finished but no chromium binary is on PATH" >&2
exit 1
