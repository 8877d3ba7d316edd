#!/usr/bin/env bash
# The private PostgreSQL cluster under var/pg, used when DATABASE_URL is unset.
#   scripts/postgres.sh start   create (first time) and start it; create the database
#   scripts/postgres.sh stop    stop it
# It listens only on a unix socket in var/pg/run, never on a TCP port.
#
# initdb and postgres refuse to run as root, so as root they run as the
# `postgres` user. That user can't reach a clone under /root or in a mktemp
# folder; then the cluster's files live in /var/tmp/kundval-pg.* and var/pg
# is a link there.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
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

# Paths given are absolute; cd / spares the postgres user a cwd it can't enter.
as_server_user() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Make var/pg (a folder, or a link to one the postgres user can reach).
make_home() {
  mkdir -p var
  if [ "$(id -u)" != 0 ]; then
    mkdir -p var/pg
  elif runuser -u postgres -- test -x "$root/var"; then
    mkdir -p var/pg && chown postgres: var/pg
  else
    local away
    away=$(mktemp -d /var/tmp/kundval-pg.XXXXXX)
    chmod 755 "$away" && chown postgres: "$away"
    ln -s "$away" var/pg
  fi
}

start() {
  local bin home
  bin=$(bindir) # installs the server, and with it the postgres user, if missing
  [ -e var/pg ] || make_home
  home=$(readlink -f var/pg)
  if [ ! -f "$home/data/PG_VERSION" ]; then
    as_server_user "$bin/initdb" -D "$home/data" -A trust -U postgres -E UTF8 \
      --locale=C.UTF-8 >/dev/null
  fi
  as_server_user mkdir -p "$home/run"
  if ! as_server_user "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
    as_server_user "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
      -o "-c listen_addresses='' -k $home/run" start >/dev/null
  fi
  local sock=$root/var/pg/run
  if ! psql -h "$sock" -U postgres -Atqc \
    "SELECT 1 FROM pg_database WHERE datname='$dbname'" postgres | grep -q 1; then
    createdb -h "$sock" -U postgres "$dbname"
  fi
}

stop() {
  [ -f var/pg/data/PG_VERSION ] || return 0
  local bin home
  bin=$(bindir)
  home=$(readlink -f var/pg)
  if as_server_user "$bin/pg_ctl" -D "$home/data" status >/dev/null 2>&1; then
    as_server_user "$bin/pg_ctl" -D "$home/data" -w stop -m fast >/dev/null
  fi
}

# Remove the cluster's files, also where var/pg links to.
remove() {
  stop
  [ -L var/pg ] && rm -rf "$(readlink -f var/pg)"
  rm -rf var/pg
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  remove) remove ;;
  *) echo "usage: $0 start|stop|remove" >&2; exit 2 ;;
esac
