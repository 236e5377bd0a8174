#!/usr/bin/env bash
# Measures synth time of the sample environments against a one-resource cdktf app run
# the same way: through the README command (cdktf synth) and through the app command alone.
# Prints the median of RUNS runs for each, and the ratios. Offline; writes under a temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
export CHECKPOINT_DISABLE=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app=$(node -p 'require("./cdktf.json").app')
baseline="node --import tsx tools/bench/one-resource-app.ts"

median_ms() { # command...; runs it RUNS times, prints the median wall time in ms
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

samples_cli=$(median_ms npx cdktf synth --output "$work/a")
baseline_cli=$(median_ms npx cdktf synth --app "$baseline" --output "$work/b")
samples_app=$(CDKTF_OUTDIR="$work/c" median_ms $app)
baseline_app=$(CDKTF_OUTDIR="$work/d" median_ms $baseline)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "median of $RUNS runs, $(nproc) cores"
echo "cdktf synth (README command): samples ${samples_cli} ms, one-resource app ${baseline_cli} ms, ratio $(ratio "$samples_cli" "$baseline_cli")"
echo "app command alone ($app): samples ${samples_app} ms, one-resource app ${baseline_app} ms, ratio $(ratio "$samples_app" "$baseline_app")"
