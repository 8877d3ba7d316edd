#!/usr/bin/env bash
# A private Redis on a unix socket under var/run, for the tests that need a
# real Celery worker when CELERY_BROKER_URL is not given. Prints its URL.
#   scripts/redis.sh start | stop
set -euo pipefail
cd "$(dirname "$0")/.."
sock=$PWD/var/run/redis.sock
pidfile=$PWD/var/run/redis.pid
case "${1:-}" in
  start)
    command -v redis-server >/dev/null || scripts/system-packages.sh redis-server >&2
    mkdir -p var/run
    if ! { [ -S "$sock" ] && redis-cli -s "$sock" ping >/dev/null 2>&1; }; then
      redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 \
        --daemonize yes --pidfile "$pidfile" --save "" --appendonly no \
        --dir "$PWD/var" --logfile "$PWD/var/redis.log" >/dev/null
      for _ in $(seq 50); do redis-cli -s "$sock" ping >/dev/null 2>&1 && break; sleep 0.1; done
    fi
    echo "redis+socket://$sock"
    ;;
  stop)
    [ -S "$sock" ] && redis-cli -s "$sock" shutdown nosave >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
