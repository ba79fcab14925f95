#!/usr/bin/env bash
# otellint lsp in a real editor: headless Neovim applies a quick fix on a
# copy of the demo (testdata/lsp/neovim.lua says what it checks). Installs
# Neovim from Debian when it can; skips, saying so, when it cannot.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v nvim >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim) >/dev/null 2>&1 || true
  fi
fi
if ! command -v nvim >/dev/null; then
  echo "SKIP: nvim (Neovim 0.7 or newer) is not installed and could not be: apt-get install neovim"
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/otellint" ./cmd/otellint
cp -r testdata/demo "$work/demo"
OTELLINT="$work/otellint" FILE="$work/demo/checkout/checkout.go" RESULT="$work/result" OTELLINT_CACHE="$work/cache" \
  timeout 600 nvim --headless -u NONE -i NONE -n -c "luafile testdata/lsp/neovim.lua" >/dev/null 2>&1 || true
result=$(cat "$work/result" 2>/dev/null || echo "FAIL: Neovim wrote no result")
echo "neovim: $result"
[ "$result" = ok ]
