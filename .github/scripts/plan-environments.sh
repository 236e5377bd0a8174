#!/usr/bin/env bash
# Plans synthesized stacks and renders one review per environment.
#   plan-environments.sh <cdktf.out/stacks> <reviews folder> [environment]
# With an environment, only that one (a job of the workflow's matrix); without, every stack.
# Leaves plan.tfplan in each stack folder (the plan that is reviewed, and applied on merge) and
# deletes the plan JSON, which holds sensitive values in plain text, once it is rendered.
set -euo pipefail
stacks=${1:?usage: plan-environments.sh <stacks folder> <reviews folder> [environment]}
reviews=${2:?usage: plan-environments.sh <stacks folder> <reviews folder> [environment]}
only=${3:-}
mkdir -p "$reviews"
for dir in "$stacks"/*/; do
  env=$(basename "$dir")
  if [ -n "$only" ] && [ "$env" != "$only" ]; then continue; fi
  echo "== $env"
  terraform -chdir="$dir" init -input=false -no-color >/dev/null
  terraform -chdir="$dir" plan -input=false -no-color -lock-timeout=5m -out=plan.tfplan >/dev/null
  terraform -chdir="$dir" show -json plan.tfplan > "$dir/plan.json"
  npm run --silent review -- plan "$dir/plan.json" --env "$env" --out "$reviews/$env.md"
  rm -f "$dir/plan.json"
done
