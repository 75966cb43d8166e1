#!/usr/bin/env bash
# Checks that two builds of `mlcycle profile` give the same answers: runs both published CLIs on the shared datasets,
# the examples (with and without a target and sensitive columns) and any extra CSVs given, and compares their --json
# and terminal output byte for byte. Neither output carries timings.
# Usage: bench/compare-profiles.sh OLD_CLI NEW_CLI [EXTRA.csv ...]
#   e.g. git worktree add /tmp/old <commit> && dotnet publish /tmp/old/src/MLCycle.Cli -c Release -o /tmp/old-cli
#        dotnet publish src/MLCycle.Cli -c Release -o /tmp/new-cli
#        bench/compare-profiles.sh /tmp/old-cli/MLCycle.Cli /tmp/new-cli/MLCycle.Cli /tmp/w1m.csv
set -uo pipefail
old=$1; new=$2; shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${MLCYCLE_DATASETS:-$repo/../shared/datasets}
[ -d "$shared" ] || shared=/work/shared/datasets
out=$(mktemp -d)
cases=()
for f in "$shared"/*.csv "$repo"/examples/*/*.csv "$@"; do [ -f "$f" ] && cases+=("$f"); done
cases+=("$repo/examples/telco-churn/telco_churn.csv --target churn"
        "$repo/examples/penguins/penguins.csv --target species --sensitive sex,island")
failed=0
for c in "${cases[@]}"; do
  for mode in --json ""; do
    # shellcheck disable=SC2086 # a case is a file and its options
    "$old" profile $c $mode > "$out/old" 2>/dev/null; a=$?
    # shellcheck disable=SC2086
    "$new" profile $c $mode > "$out/new" 2>/dev/null; b=$?
    if [ "$a" = "$b" ] && cmp -s "$out/old" "$out/new"; then echo "same      $c $mode"
    else echo "DIFFERENT $c $mode (exit $a / $b)"; diff "$out/old" "$out/new" | head -5; failed=1; fi
  done
done
rm -rf "$out"
exit $failed
