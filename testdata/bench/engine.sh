#!/usr/bin/env bash
# Measures otellint check against go-spancheck on a real module (jaeger by
# default), the figures of the static-engine issue: cold (no otellint
# cache), a second run with nothing changed, and a run after editing one
# file of a leaf package. Each pair is taken in turn, RUNS times, and the
# median is printed. Needs Go and the module proxy; GNU time for RSS.
#
#   testdata/bench/engine.sh                      # jaeger v1.76.0, 3 runs
#   MODULE=github.com/jaegertracing/jaeger VERSION=v1.76.0 RUNS=5 testdata/bench/engine.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$PWD

MODULE=${MODULE:-github.com/jaegertracing/jaeger}
VERSION=${VERSION:-v1.76.0}
RUNS=${RUNS:-3}
LEAF=${LEAF:-cmd/tracegen/main.go}      # a file of a package nothing imports
SPANCHECK=${SPANCHECK:-v0.6.5}
WORK=${WORK:-$(mktemp -d)}

command -v /usr/bin/time >/dev/null || { echo "needs GNU time (/usr/bin/time; apt-get install time)"; exit 1; }

echo "== building otellint and spancheck $SPANCHECK"
go build -o "$WORK/otellint" ./cmd/otellint
GOBIN="$WORK" go install "github.com/jjti/go-spancheck/cmd/spancheck@$SPANCHECK"

src="$WORK/src"
if [ ! -d "$src" ]; then
  echo "== fetching $MODULE@$VERSION"
  dir=$(go mod download -json "$MODULE@$VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
fi
cd "$src"
echo "== go build ./... and the tests' export data (once, so both tools find a warm build cache)"
go build ./... && go list -test -export -deps ./... >/dev/null

# measure NAME CMD...: appends "wall cpu rss_kb" to $WORK/results/NAME.
measure() {
  local name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/t" "$@" >"$WORK/results/$name.out" 2>"$WORK/results/$name.err" || true
  # GNU time puts "Command exited with non-zero status N" first when the
  # tool reports findings: the figures are on the last line.
  read -r wall user sys rss < <(tail -n 1 "$WORK/t")
  echo "$wall $(echo "$user + $sys" | bc) $rss" >>"$WORK/results/$name"
}

rm -rf "$WORK/results" && mkdir -p "$WORK/results"
for i in $(seq "$RUNS"); do
  echo "== run $i of $RUNS"
  measure spancheck "$WORK/spancheck" -checks end,set-status,record-error ./...
  export OTELLINT_CACHE="$WORK/cache-$i"
  rm -rf "$OTELLINT_CACHE"
  measure cold "$WORK/otellint" check ./...
  measure warm "$WORK/otellint" check ./...
  echo "// edited by engine.sh run $i" >>"$LEAF"
  measure edit "$WORK/otellint" check ./...
  unset OTELLINT_CACHE
done

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
printf '\n%-44s %10s %10s %12s\n' "median of $RUNS on $(nproc) cores" "wall s" "CPU s" "peak RSS MB"
for name in spancheck cold warm edit; do
  wall=$(cut -d' ' -f1 "$WORK/results/$name" | median)
  cpu=$(cut -d' ' -f2 "$WORK/results/$name" | median)
  rss=$(cut -d' ' -f3 "$WORK/results/$name" | median)
  case $name in
    spancheck) label="spancheck -checks end,set-status,record-error" ;;
    cold) label="otellint check ./... (cold: empty cache)" ;;
    warm) label="otellint check ./... (nothing changed)" ;;
    edit) label="otellint check ./... (one leaf file edited)" ;;
  esac
  printf '%-44s %10s %10s %12d\n' "$label" "$wall" "$cpu" "$((rss / 1024))"
done
if ! diff -q "$WORK/results/cold.out" "$WORK/results/warm.out" >/dev/null; then
  echo "FINDINGS DIFFER between the cold and the warm run"; exit 1
fi
echo "findings: $(wc -l <"$WORK/results/cold.out") lines, identical cold and warm; outputs in $WORK/results"
