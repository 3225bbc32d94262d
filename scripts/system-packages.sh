#!/usr/bin/env bash
# Make sure the system packages for NEED (pdf or test) are installed. The list is
# playbook_tools/system-packages.txt. Installs the missing ones where it may (root, or sudo
# without a password); otherwise prints one line naming them and the command, and exits 1.
# Both of README's commands run this first (the Makefile), and so does .ci/run.
set -euo pipefail
need="${1:-test}"
list="$(dirname "$0")/../playbook_tools/system-packages.txt"

wanted=()
brew=()
while read -r pkg_need debian homebrew _; do
  case "$pkg_need" in ''|\#*) continue ;; esac
  if [ "$need" = test ] || [ "$pkg_need" = "$need" ]; then
    wanted+=("$debian")
    [ "$homebrew" = - ] || brew+=("$homebrew")
  fi
done < "$list"
# Node and npm come with this kind of machine; Debian's are the fallback.
if [ "$need" = test ] && ! command -v npm >/dev/null 2>&1; then wanted+=(nodejs npm); fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  # Not Debian or Ubuntu: Pango is what the PDFs cannot do without.
  if python3 -c 'import ctypes.util, sys; sys.exit(not ctypes.util.find_library("pango-1.0"))' \
      2>/dev/null; then
    exit 0
  fi
  echo "playbook: Pango is missing; install it with Homebrew: brew install $(printf '%s\n' \
"${brew[@]}" | awk '!seen[$0]++' | tr '\n' ' ')(or your system's packages of the same names)" >&2
  exit 1
fi

missing=()
for pkg in "${wanted[@]}"; do
  status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
  [ "$status" = installed ] || missing+=("$pkg")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "playbook: missing system packages: ${missing[*]}; install them with:" \
       "sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "playbook: installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
