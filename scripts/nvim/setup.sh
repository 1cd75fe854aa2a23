#!/usr/bin/env bash
# Installs Debian's neovim for the Neovim test when it is missing (needs root and apt-get).
set -euo pipefail
command -v nvim >/dev/null 2>&1 && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then echo "cannot install neovim (needs root and apt-get)" >&2; exit 3; fi
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >/dev/null 2>&1 || { echo "apt-get install neovim failed" >&2; exit 3; }
