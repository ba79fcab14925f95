#!/usr/bin/env bash
# Installs otellint for the action: go install of OTELLINT_VERSION, or,
# when it is empty, a build from the action's own checkout (the ref in
# `uses:`). Puts the binary on GITHUB_PATH.
set -euo pipefail
if ! command -v go >/dev/null; then
  echo "::error title=otellint::Go is not installed; add actions/setup-go before the otellint action" >&2
  exit 2
fi
bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/otellint-bin"
mkdir -p "$bin"
if [ -n "${OTELLINT_VERSION:-}" ]; then
  GOBIN="$bin" go install "github.com/otellint/otellint/cmd/otellint@${OTELLINT_VERSION}"
else
  repo=$(cd "$OTELLINT_ACTION_PATH/../../.." && pwd)
  (cd "$repo" && go build -o "$bin/otellint" ./cmd/otellint)
fi
echo "$bin" >> "${GITHUB_PATH:-/dev/null}"
"$bin/otellint" version
