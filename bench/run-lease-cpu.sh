#!/usr/bin/env bash
# Server CPU per request of POST /api/v1/runs/{id}/heartbeat and of a one-metric POST .../log-batch (ADR 0055), read from the
# server process's /proc/PID/stat (utime+stime, in clock ticks) before and after N requests sent over one keep-alive curl
# connection; two rounds per route after a warm-up. Robust to a busy machine in a way wall times are not (they are printed too).
#   bench/run-lease-cpu.sh CLI_DIR --store DIR                       # SQLite
#   bench/run-lease-cpu.sh CLI_DIR --store postgresql://... --artifacts DIR
# CLI_DIR is a published or built MLCycle.Cli (dotnet build -c Release src/MLCycle.Cli -o CLI_DIR). ROUTES="log-batch" measures
# only log-batch, for a build without heartbeats (main before ADR 0055). N (default 3000) requests per round.
set -euo pipefail
cli=$1; shift
port=$((5400 + RANDOM % 200))
N=${N:-3000}
ROUTES=${ROUTES:-"heartbeat log-batch"}
tick=$(getconf CLK_TCK)
token=$("$cli/MLCycle.Cli" users add bench-$RANDOM --admin "$@" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
"$cli/MLCycle.Cli" server "$@" --port $port > "${TMPDIR:-/tmp}/run-lease-cpu-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
auth="Authorization: Bearer $token"
run=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/runs" -H "$auth" -H 'Content-Type: application/json' -d '{"experiment":"bench"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["run_id"])')
cpu() { awk '{print $14+$15}' /proc/$pid/stat; }
urls() { for _ in $(seq 1 "$1"); do printf 'url = "http://127.0.0.1:%s/api/v1/runs/%s/%s"\n' $port "$run" "$2"; done; }
body='{"metrics":[{"key":"loss","value":0.5,"step":1}]}'
send() {
  if [ "$2" = heartbeat ]; then urls "$1" heartbeat | curl -s -o /dev/null -X POST -H "$auth" -K -
  else urls "$1" log-batch | curl -s -o /dev/null -X POST -H "$auth" -H 'Content-Type: application/json' -d "$body" -K -; fi
}
for route in $ROUTES; do send 300 "$route"; done
for round in 1 2; do
  for route in $ROUTES; do
    before=$(cpu); start=$(date +%s.%N); send "$N" "$route"; end=$(date +%s.%N); after=$(cpu)
    python3 -c "print(f'round $round $route: {($after-$before)*1000/$tick/$N:.3f} ms server CPU per request, {($end-$start)*1000/$N:.2f} ms wall per request (N=$N)')"
  done
done
