#!/usr/bin/env bash
# The private PostgreSQL cluster under var/, used when DATABASE_URL is unset.
#   scripts/postgres.sh start   create (first time) and start it; create the database
#   scripts/postgres.sh stop    stop it
# It listens only on a unix socket in var/run, never on a TCP port.
# initdb and postgres refuse to run as root. As root we run them as the
# `postgres` user when it can reach this folder, or else in a user namespace
# where we are an ordinary user (a clone under /root or a mktemp folder is out
# of the postgres user's reach).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=$root/var/pg/data
sock=$root/var/run
log=$root/var/pg/server.log
dbname=${KUNDVAL_DB_NAME:-kundval}

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ]; then
    scripts/system-packages.sh postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# Run a server binary as a user other than root, the way this cluster was made.
as_owner() {
  if [ "$(id -u)" != 0 ]; then
    "$@"
  elif [ "$(stat -c %U "$data" 2>/dev/null || echo none)" = postgres ]; then
    runuser -u postgres -- "$@"
  else
    unshare --user --map-user=1000 --map-group=1000 "$@"
  fi
}

create() {
  mkdir -p "$root/var/pg" "$sock"
  if [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 &&
    runuser -u postgres -- test -w "$root/var/pg"; then
    mkdir -p "$data"
    chown postgres: "$data" "$sock"
  fi
  as_owner "$1/initdb" -D "$data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
}

start() {
  local bin
  bin=$(bindir)
  [ -f "$data/PG_VERSION" ] || create "$bin"
  mkdir -p "$sock"
  if ! as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
      -o "-c listen_addresses='' -k $sock" start >/dev/null
  fi
  if ! psql -h "$sock" -U postgres -Atqc "SELECT 1 FROM pg_database WHERE datname='$dbname'" postgres | grep -q 1; then
    createdb -h "$sock" -U postgres "$dbname"
  fi
}

stop() {
  [ -f "$data/PG_VERSION" ] || return 0
  local bin
  bin=$(bindir)
  if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$data" -w stop -m fast >/dev/null
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
