#!/usr/bin/env bash
# Installs whatever is missing for `make run` and `make test` on a fresh Debian machine, and
# nothing when everything is already there (a second run takes about a second).
#
#   1. Debian packages: libicu-dev + pkg-config (PyICU builds against them), chromium (browser tests).
#   2. Python 3.10 (Rasa 3.6 supports < 3.11): `python3.10` on PATH, then pyenv, then
#      `uv python install 3.10`; otherwise one line saying what to install.
#   3. A virtual environment in .venv with the pinned dependencies of requirements.txt +
#      constraints.txt, reinstalled only when one of those files changes.
#   4. var/ for runtime state.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=${PHUEAN_VENV:-.venv}
APT_PACKAGES=(libicu-dev pkg-config chromium)

say() { printf 'bootstrap: %s\n' "$*" >&2; }
die() { printf 'bootstrap: error: %s\n' "$*" >&2; exit 1; }

install_debian_packages() {
    local missing=()
    for pkg in "${APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing Debian packages ${missing[*]} and no apt-get: install them by hand"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    say "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

is_python310() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

find_python310() {
    if is_python310 python3.10; then command -v python3.10; return; fi
    if command -v pyenv >/dev/null; then
        local candidate
        for candidate in "$(pyenv root)"/versions/3.10*/bin/python3.10; do
            if is_python310 "$candidate"; then echo "$candidate"; return; fi
        done
    fi
    if command -v uv >/dev/null && uv python install 3.10 >/dev/null 2>&1; then
        local found
        found=$(uv python find 3.10 2>/dev/null || true)
        if [ -n "$found" ] && is_python310 "$found"; then echo "$found"; return; fi
    fi
    die "Python 3.10 not found: install it (e.g. 'pyenv install 3.10' or Debian's python3.10) and run again"
}

install_python_dependencies() {
    local stamp="$VENV/.phuean-requirements"
    local wanted
    wanted=$(cat requirements.txt constraints.txt | sha256sum | cut -d' ' -f1)
    if [ -x "$VENV/bin/python" ] && is_python310 "$VENV/bin/python" \
        && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
        return 0
    fi
    if ! { [ -x "$VENV/bin/python" ] && is_python310 "$VENV/bin/python"; }; then
        local python
        python=$(find_python310)
        say "creating $VENV with $python"
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
    fi
    say "installing pinned Python dependencies (first run takes a few minutes)"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -U pip wheel
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check \
        -r requirements.txt -c constraints.txt
    echo "$wanted" >"$stamp"
}

install_debian_packages
install_python_dependencies
mkdir -p var/models var/logs
