#!/usr/bin/env bash
# Make sure the consumer matrix (tests/consumers) has what it runs on, from Debian's packages: a
# headless JRE for openapi-generator (its jar comes from PyPI, pinned in requirements/dev.txt), Go to
# build the generated Go client, and the one Go package that client imports,
# gopkg.in/validator.v2 (golang-gopkg-validator.v2-dev), so `go build` needs no module proxy.
# Called by `make consumer-tools`, which `make test` runs before pytest; CI runs as root on a fresh
# machine, so this installs them. Fails (exit 1) when a tool is missing and cannot be installed.
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -d /usr/share/gocode/src/gopkg.in/validator.v2 ] || missing+=(golang-gopkg-validator.v2-dev)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO=(sudo -n)
else
  echo "ensure_consumer_tools: ${missing[*]} missing and this user cannot run apt-get (not root, no sudo)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure_consumer_tools: ${missing[*]} missing and apt-get is not available" >&2
  exit 1
fi

echo "ensure_consumer_tools: installing Debian's ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q >&2
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2

command -v java >/dev/null 2>&1 && command -v go >/dev/null 2>&1 \
  && [ -d /usr/share/gocode/src/gopkg.in/validator.v2 ] && exit 0
echo "ensure_consumer_tools: apt-get finished but java, go or validator.v2 is still missing" >&2
exit 1
