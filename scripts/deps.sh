#!/usr/bin/env bash
# Installs what the portal needs and lacks, and nothing it already has.
#   scripts/deps.sh run   Go modules, PostgreSQL server binaries
#   scripts/deps.sh test  the same, plus Chromium and the npm packages for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-run}

say() { printf '==> %s\n' "$*" >&2; }

# as_root runs a command as root: directly, through sudo, or not at all with a clear message.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	elif command -v sudo >/dev/null 2>&1; then
		sudo "$@"
	else
		say "need root to run: $*  (install sudo, or run that command as root)"
		return 1
	fi
}

apt_updated=""
apt_install() {
	if ! command -v apt-get >/dev/null 2>&1; then
		say "missing $*, and this is not a Debian-like system: install $* with your package manager"
		return 1
	fi
	if [ -z "$apt_updated" ]; then
		as_root apt-get update -qq
		apt_updated=1
	fi
	say "installing $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

have_postgres() {
	command -v initdb >/dev/null 2>&1 && return 0
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1
}

if ! command -v go >/dev/null 2>&1; then
	say "Go is not installed: install Go 1.26 or newer (see README)"
	exit 1
fi
go mod download

if [ -z "${DATABASE_URL:-}" ] || [ "$what" = test ]; then
	have_postgres || apt_install postgresql
fi

if [ "$what" = test ]; then
	if ! command -v chromium >/dev/null 2>&1 && [ -z "${CHROMIUM_PATH:-}" ]; then
		apt_install chromium
	fi
	if ! command -v npm >/dev/null 2>&1; then
		apt_install nodejs npm
	fi
	if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
		say "installing npm packages (axe-core)"
		npm ci --no-audit --no-fund --loglevel=error
	fi
fi
