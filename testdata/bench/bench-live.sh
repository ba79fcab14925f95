#!/usr/bin/env bash
# End-to-end receiver throughput: otellint live (full checks) against the
# OpenTelemetry Collector (otlpreceiver -> nop exporter), the same load
# client (runtimecheck/internal/otlpload: 500-span requests, 8 callers)
# on the same machine, loopback only. Not part of CI; prints the figures.
#
#   COLLECTOR=$(bash testdata/bench/build-collector.sh) bash testdata/bench/bench-live.sh
#
# build-collector.sh builds that Collector with the OpenTelemetry Collector
# builder (ocb) from collector/manifest.yaml (otlpreceiver and
# nopexporter) and prints its path; without COLLECTOR only otellint is
# measured.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-20s}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

go build -o "$work/otellint" ./cmd/otellint
go build -o "$work/otlpload" ./runtimecheck/internal/otlpload

echo "== otellint live"
"$work/otellint" live --grpc 127.0.0.1:24317 --http off --admin 127.0.0.1:24320 --format jsonl --fail-on none >/dev/null &
sleep 2
"$work/otlpload" -endpoint 127.0.0.1:24317 -duration "$DURATION"
echo "RSS of otellint live: $(ps -o rss= -p $!) KiB"
counted=$(curl -s -X POST 127.0.0.1:24320/stop | python3 -c 'import json,sys; print(json.load(sys.stdin)["statistics"]["spans"])')
echo "spans counted by otellint: $counted"
wait || true

if [ -n "${COLLECTOR:-}" ]; then
  echo "== OpenTelemetry Collector (otlpreceiver -> nop)"
  cat > "$work/col.yaml" <<'YAML'
receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:24317
exporters:
  nop:
service:
  telemetry:
    metrics:
      level: none
  pipelines:
    traces:
      receivers: [otlp]
      exporters: [nop]
YAML
  "$COLLECTOR" --config "$work/col.yaml" >"$work/col.log" 2>&1 &
  sleep 3
  "$work/otlpload" -endpoint 127.0.0.1:24317 -duration "$DURATION"
  kill %% 2>/dev/null || true
fi
