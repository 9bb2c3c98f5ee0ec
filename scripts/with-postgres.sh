#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster of its own, then stops and deletes it:
#   scripts/with-postgres.sh cargo nextest run --workspace
# The cluster lives in a fresh temporary folder on a free loopback port, so two runs on one
# machine (a test run beside a benchmark, a CI job beside an interrupted earlier one) never meet.
# (Debian's pg_virtualenv names its cluster "regress" when run as root, and refuses to start
# while a killed run's cluster of that name is still registered.)
# The command sees libpq's variables (PGHOST, PGPORT, PGUSER, PGDATABASE). When PGHOST is
# already set, the command runs against that server instead.
set -euo pipefail

if [ -n "${PGHOST:-}" ]; then
  exec "$@"
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL server binaries not found (apt install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/hurtrock-pg.XXXXXX")
# initdb refuses to run as root: the cluster then belongs to the postgres system user.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi

cleanup() {
  as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 30000))
  if port_free "$candidate"; then port=$candidate; break; fi
done
if [ -z "$port" ]; then
  echo "with-postgres: no free loopback port found" >&2
  exit 1
fi

as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# PostgreSQL's default settings otherwise (the sync benchmarks measure a durable server).
as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1" \
  start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }

export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres PGDATABASE=postgres
unset PGPASSWORD
"$@"
