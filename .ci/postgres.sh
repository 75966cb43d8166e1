#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on 127.0.0.1 for the tests tagged [Trait("Requires","postgres")], idempotently:
# installs Debian's server if absent, creates the cluster once, starts it if it is not running, and exports
# MLCYCLE_TEST_POSTGRES (an Npgsql connection string). Source it (`. .ci/postgres.sh`) to get the variable in your
# shell, or run it and eval its last line (`eval "$(.ci/postgres.sh)"`).
# When sourced, run in a child shell so its strict options never leak into the caller, then take its export.
if [ "${BASH_SOURCE[0]}" != "$0" ]; then eval "$(bash "${BASH_SOURCE[0]}")"; return; fi
set -euo pipefail

root=${MLCYCLE_PG_DIR:-${TMPDIR:-/tmp}/mlcycle-postgres}

# The other tool the tests need from Debian: RunReadsOnceTests counts the bytes `mlcycle run` reads under strace, and
# fails (never skips) without it. Installed here so the README's one test command works on a fresh machine.
if ! command -v strace >/dev/null 2>&1; then
  echo "postgres.sh: installing Debian's strace package (for RunReadsOnceTests)" >&2
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y strace >&2
fi

# And Debian's chromium for the dashboard's browser tests (Playwright drives it; Playwright's own browsers are never downloaded).
if [ ! -x /usr/bin/chromium ]; then
  echo "postgres.sh: installing Debian's chromium package (for MLCycle.Dashboard.Tests)" >&2
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium >&2
fi

bindir=""
for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && bindir=$dir; done
if [ -z "$bindir" ]; then
  echo "postgres.sh: installing Debian's postgresql package" >&2
  apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/pg_ctl" ] && bindir=$dir; done
fi
[ -n "$bindir" ] || { echo "postgres.sh: no PostgreSQL server found after installing" >&2; exit 1; }

# PostgreSQL refuses to run as root: run it as the postgres user when we are root.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

mkdir -p "$root"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root"
data="$root/data"
if [ ! -f "$data/PG_VERSION" ]; then
  as_pg "$bindir/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 >&2
fi

if ! as_pg "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  # A free port: ask the kernel for one, so parallel clusters on one machine never clash.
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null \
         || echo $((20000 + RANDOM % 20000)))
  echo "$port" > "$root/port"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$root/port"
  as_pg "$bindir/pg_ctl" -D "$data" -l "$root/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $root -c fsync=off" start >&2
fi
port=$(cat "$root/port")

MLCYCLE_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=false"
export MLCYCLE_TEST_POSTGRES
echo "export MLCYCLE_TEST_POSTGRES='$MLCYCLE_TEST_POSTGRES'"
