#!/usr/bin/env bash
# Installs everything the tests need (Python packages in .venv, Debian's Chromium and fonts,
# Java and npm's vnu-jar for the Nu HTML Checker) and runs the linters and the whole test
# suite, browser tests included.
set -euo pipefail
cd "$(dirname "$0")/.."

# fonts-liberation2: Liberation Serif 2.x has the Vietnamese letters (1.x lacks ơ, ư, ự…).
debian_packages=(chromium fonts-liberation fonts-liberation2)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
# The Nu HTML Checker (tests/test_html.py) runs on Java; npm brings the checker itself.
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(npm)
if [ "${#missing[@]}" -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# vnu.jar, pinned; the package ships the jar (its postinstall script is not needed).
vnu_version=26.9.27
vnu_jar=.tools/node_modules/vnu-jar/build/dist/vnu.jar
if ! grep -qs "\"version\": \"$vnu_version\"" .tools/node_modules/vnu-jar/package.json || [ ! -f "$vnu_jar" ]; then
  npm install --prefix .tools --no-save --no-audit --no-fund --ignore-scripts --loglevel=error \
    "vnu-jar@$vnu_version" >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'
.venv/bin/ruff check generator tests bench
.venv/bin/mypy  # strict, on generator/ (pyproject.toml [tool.mypy])
# pytest-xdist: one worker per core (-n 0 runs serially); the modules marked xdist_group run on
# one worker each, so their module fixtures (built boards and sites) are made once.
.venv/bin/python -m pytest -n auto --dist loadgroup "$@"
