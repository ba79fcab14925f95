#!/usr/bin/env bash
# Builds the Collector that bench-live.sh compares otellint live with
# (collector/manifest.yaml: otlpreceiver -> nopexporter) using the
# OpenTelemetry Collector builder, and prints the binary's path on stdout.
#
#   COLLECTOR=$(bash testdata/bench/build-collector.sh)
#
# OUT (default /tmp/otelcol-bench) keeps the build between runs; ocb is
# installed with go install when it is not on PATH. Takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")"
OCB_VERSION=${OCB_VERSION:-v0.161.0}
OUT=${OUT:-/tmp/otelcol-bench}
ocb=$(command -v builder || true)
if [ -z "$ocb" ] || ! "$ocb" version 2>/dev/null | grep -q "$OCB_VERSION"; then
  GOBIN="$OUT/bin" go install "go.opentelemetry.io/collector/cmd/builder@$OCB_VERSION" >&2
  ocb="$OUT/bin/builder"
fi
mkdir -p "$OUT"
sed "s|output_path: ./otelcol-bench|output_path: $OUT/dist|" collector/manifest.yaml > "$OUT/manifest.yaml"
"$ocb" --config "$OUT/manifest.yaml" >&2
echo "$OUT/dist/otelcol-bench"
