#!/usr/bin/env bash
# Builds golangci-lint with the otellint module plugin from this working
# tree (golangci-lint custom, its source taken from the Go module proxy as
# a local git repository) and checks that custom-gcl run on the demo
# reports what otellint check reports, and that //nolint:otellint and
# //otellint:ignore suppress while //nolint:ANALYZER does not.
# Needs Go, git and the module proxy; installs the pinned golangci-lint.
#   bash testdata/scripts/golangci-custom.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
GOLANGCI_LINT_VERSION=v2.15.0
GCL_BIN="$(go env GOPATH)/bin/golangci-lint"
if ! "$GCL_BIN" version 2>/dev/null | grep -q "${GOLANGCI_LINT_VERSION#v}"; then
  go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@${GOLANGCI_LINT_VERSION}"
fi
OTELLINT_GOLANGCI_CUSTOM=1 go test -count=1 -run '^TestGolangciLintCustom$' -timeout 40m -v ./cmd/otellint
