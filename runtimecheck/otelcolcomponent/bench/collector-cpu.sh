#!/usr/bin/env bash
# CPU cost of otellint inside a Collector: the CPU seconds (user + system,
# from /proc/PID/stat) of an otelcol-otellint process over the same fixed
# load, 200k spans/s for DURATION (500-span requests from
# runtimecheck/internal/otlpload -rate, loopback), for three pipelines:
#
#   base       otlp -> batch -> nop
#   processor  otlp -> batch -> otellint processor -> nop
#   connector  otlp -> batch -> [nop, otellint connector]; otellint -> nop (logs)
#   early      otlp -> otellint processor -> batch -> nop
#   side       otlp -> batch -> nop, and otlp -> otellint connector (a pipeline
#              of its own, no batch); otellint -> nop (logs)
#
# (early and side check each request as it arrives, while the receiver has
# just decoded it and it is still in the CPU's caches.) PIPELINES picks
# which to run (default: all five).
#
# and the added CPU of each against base, per span delivered (CPU seconds
# over spans the Collector acknowledged, so a round that fell short of RATE
# on a busy machine still compares like with like; such rounds are flagged).
# Run from anywhere:
#
#   bash runtimecheck/otelcolcomponent/bench/collector-cpu.sh
#
# OTELCOL (default runtimecheck/otelcolcomponent/build/otelcol-otellint,
# built by `builder --config manifest.yaml`), RATE (200000), DURATION
# (30s), ROUNDS (2: the rounds interleave the pipelines, and each figure is
# the median). The machine should be otherwise idle: CPU seconds are
# robust to a busy machine, not immune to it. On a shared machine NICE=-5
# (root) runs the Collector and the load ahead of other work, so the rate
# is met; the CPU seconds counted are still the Collector's own.
set -euo pipefail
cd "$(dirname "$0")/../../.."
OTELCOL=${OTELCOL:-runtimecheck/otelcolcomponent/build/otelcol-otellint}
RATE=${RATE:-200000}
DURATION=${DURATION:-30s}
ROUNDS=${ROUNDS:-2}
PORT=${PORT:-38417}
NICE=${NICE:-0}
PIPELINES=${PIPELINES:-base processor connector early side}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
[ -x "$OTELCOL" ] || { echo "no $OTELCOL: build it with ocb (see the header)"; exit 2; }
go build -o "$work/otlpload" ./runtimecheck/internal/otlpload
hz=$(getconf CLK_TCK)

common="receivers:
  otlp:
    protocols:
      grpc:
        endpoint: 127.0.0.1:$PORT
processors:
  batch:
exporters:
  nop:
service:
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
  pipelines:"
printf '%s\n' "$common" "    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [nop]" >"$work/base.yaml"
printf '%s\n' "$common" "    traces:
      receivers: [otlp]
      processors: [batch, otellint]
      exporters: [nop]" | sed 's/^processors:$/processors:\n  otellint:/' >"$work/processor.yaml"
printf '%s\n' "$common" "    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [nop, otellint]
    logs:
      receivers: [otellint]
      exporters: [nop]" | sed 's/^exporters:$/connectors:\n  otellint:\nexporters:/' >"$work/connector.yaml"

printf '%s\n' "$common" "    traces:
      receivers: [otlp]
      processors: [otellint, batch]
      exporters: [nop]" | sed 's/^processors:$/processors:\n  otellint:/' >"$work/early.yaml"
printf '%s\n' "$common" "    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [nop]
    traces/otellint:
      receivers: [otlp]
      exporters: [otellint]
    logs:
      receivers: [otellint]
      exporters: [nop]" | sed 's/^exporters:$/connectors:\n  otellint:\nexporters:/' >"$work/side.yaml"

cpu_of() { awk -v hz="$hz" '{print ($14 + $15) / hz}' "/proc/$1/stat"; }

measure() { # NAME -> prints CPU seconds during the load
  nice -n "$NICE" "$OTELCOL" --config "$work/$1.yaml" >"$work/$1.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.1; done
  sleep 1
  local before after
  before=$(cpu_of $pid)
  nice -n "$NICE" "$work/otlpload" -endpoint 127.0.0.1:$PORT -rate "$RATE" -duration "$DURATION" >"$work/$1.load"
  after=$(cpu_of $pid)
  kill $pid; wait $pid 2>/dev/null || true
  echo "$1 $(awk -v a="$after" -v b="$before" 'BEGIN{printf "%.2f", a-b}') $(cat "$work/$1.load")" >>"$work/results"
}

for r in $(seq "$ROUNDS"); do
  for p in $PIPELINES; do measure "$p"; done
done
echo "rate=$RATE spans/s duration=$DURATION rounds=$ROUNDS nice=$NICE cores=$(nproc) load=$(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$work/results" "$RATE" <<'PY'
import sys, statistics
rate = float(sys.argv[2])
per = {}
for line in open(sys.argv[1]):
    f = line.split()
    name, cpu = f[0], float(f[1])
    kv = dict(x.split("=") for x in f[2:])
    spans, achieved = int(kv["spans"]), float(kv["spans_per_second"])
    per.setdefault(name, []).append(cpu / spans * 1e6)
    flag = "" if achieved >= 0.95 * rate else "  (short of the rate: the machine is busy)"
    print("%-9s %6.2f CPU s  %8.0f spans/s  %.2f us/span%s" % (name, cpu, achieved, cpu / spans * 1e6, flag))
base = statistics.median(per["base"])
print("median CPU per span: " + ", ".join("%s %.2f us" % (k, statistics.median(v)) for k, v in per.items()))
for k in [k for k in per if k != "base"]:
    print("%s adds %.0f%% CPU to otlp -> batch -> nop" % (k, 100 * (statistics.median(per[k]) - base) / base))
PY
