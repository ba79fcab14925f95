#!/usr/bin/env bash
# Validates otellint's SARIF with Microsoft's SARIF multitool and its GitHub
# rules (what GitHub code scanning requires), from npm: the static SARIF of
# `otellint check` on the demo module and the runtime SARIF of `otellint
# audit`. Fails on any error-level result, and on warnings other than those
# listed as accepted below.
#   bash testdata/scripts/sarif-validate.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm install --silent --no-audit --no-fund @microsoft/sarif-multitool@5.7.0 >/dev/null)
tool=$work/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
chmod u+x "$tool"
# A release build names its version; stamp the commit the same way (a git
# worktree gets no VCS stamp from the go command).
rev=$(git -C "$root" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
(cd "$root" && go build -ldflags "-X github.com/otellint/otellint/cmd/otellint/internal/cli.Version=v0.0.0-dev+$rev" -o "$work/otellint" ./cmd/otellint)
examples=$root/../shared/otlp-examples/examples
"$work/otellint" audit --format sarif --fail-on none "$examples"/*.json > "$work/audit.sarif"
# The demo has findings: exit 1 is expected.
("$work/otellint" check -C "$root/testdata/demo" --format sarif ./... > "$work/check.sarif") || [ $? -eq 1 ]
status=0
for f in "$work/check.sarif" "$work/audit.sarif"; do
  out=$("$tool" validate "$f" --rule-kind "Gh;Sarif" 2>&1 || true)
  echo "$out"
  # SARIF2001 (end messages with a period) is accepted: otellint's messages
  # follow the Go convention of no final period, the same in every format.
  if grep -qE ': error [A-Z]+[0-9]+' <<<"$out" || grep -E ': warning [A-Z]+[0-9]+' <<<"$out" | grep -vq 'SARIF2001'; then
    echo "sarif-validate: $(basename "$f") has errors or warnings" >&2
    status=1
  fi
done
[ $status -eq 0 ] && echo "sarif-validate: no errors, no warnings"
exit $status
