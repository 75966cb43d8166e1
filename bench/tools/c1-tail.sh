#!/bin/bash
# One concurrency-1 cell of single-row /v1 predicts against `mlcycle serve` (the overload benchmark's child verb of a built
# MLCycle.Bench), with the runtime's counters (dotnet-counters, installed as a global tool when missing) summed over the cell.
# Used to find where serve-fastapi's c=1 p99 goes (docs/benchmarks.md, "The c=1 tail").
#
#   bench/tools/c1-tail.sh BENCH_DLL STORE MODEL BODY_LUA [c1-warmup-seconds]
#
# STORE is copied first (each cell logs into a fresh copy). Warm-up: 6 s at c=16, then the given seconds at c=1 (0 skips it).
# Environment for the server (DOTNET_GCgen0size=..., etc.) passes through.
set -euo pipefail
dll=$1; store=$2; model=$3; lua=$4; c1warm=${5:-0}
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
counters=$HOME/.dotnet/tools/dotnet-counters
[ -x "$counters" ] || dotnet tool install -g dotnet-counters >/dev/null
work=$(mktemp -d); trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
cp -r "$store" "$work/store"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "$dll" overload-server --store "$work/store" --port "$port" > "$work/server.out" 2>&1 &
server=$!
for _ in $(seq 150); do curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready" 2>/dev/null | grep -q 200 && break; sleep 0.2; done
url=http://127.0.0.1:$port/v1/models/$model/predict
# The counters are attached before the warm-up: attaching makes the runtime compile code of its own for a few seconds.
"$counters" collect -p "$server" --refresh-interval 1 --counters System.Runtime --format csv \
  --duration "00:00:00:$((18 + c1warm))" -o "$work/counters.csv" > /dev/null 2>&1 &
collector=$!
sleep 1
wrk -t2 -c16 -d6s -s "$lua" "$url" > /dev/null
[ "$c1warm" -gt 0 ] && wrk -t1 -c1 -d"${c1warm}s" -s "$lua" "$url" > /dev/null
wrk -t1 -c1 -d10s --latency -s "$lua" "$url" > "$work/wrk.txt"
wait $collector || true
/usr/bin/python3 - "$work/wrk.txt" "$work/counters.csv" <<'PY'
import csv, re, sys, collections
wrk = open(sys.argv[1]).read()
n = int(re.search(r"(\d+) requests in", wrk).group(1))
def q(p):
    v, u = re.search(rf"^\s*{p}%\s+([\d.]+)(us|ms|s)\s*$", wrk, re.M).groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000}[u]
rows = list(csv.reader(open(sys.argv[2])))[1:]
last = sorted({r[0] for r in rows})[-10:]          # the cell's 10 one-second samples
s = collections.defaultdict(float)
for r in rows:
    if r[0] in last: s[r[2]] += float(r[4])
g = lambda k: s.get(k, 0.0)
gen = lambda i: g(f"dotnet.gc.collections ({{collection}} / 1 sec)[gc.heap.generation=gen{i}]")
cpu = g("dotnet.process.cpu.time (s / 1 sec)[cpu.mode=user]") + g("dotnet.process.cpu.time (s / 1 sec)[cpu.mode=system]")
print(f"requests {n} | p50 {q(50):.3f} ms | p90 {q(90):.3f} ms | p99 {q(99):.3f} ms | "
      f"KB allocated/request {g('dotnet.gc.heap.total_allocated (By / 1 sec)') / n / 1024:.1f} | GCs gen0/1/2 {gen(0):.0f}/{gen(1):.0f}/{gen(2):.0f} | "
      f"GC pause ms {1000 * g('dotnet.gc.pause.time (s / 1 sec)'):.0f} | methods compiled {g('dotnet.jit.compiled_methods ({method} / 1 sec)'):.0f} | "
      f"server CPU ms/request {1000 * cpu / n:.3f}")
PY
