#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A throwaway PostgreSQL 15 cluster for the tests: Unix socket only, in a short folder under /tmp,
# fsync off (nothing here needs to survive a power cut).
#
#   pg_cluster.sh start DIR     create DIR, initdb, start; prints the PGHOST to use (DIR)
#   pg_cluster.sh restart DIR [fast|immediate]
#                               restart (the reconnection test uses it); `immediate` kills every
#                               backend at once, as a crash would, without letting any finish
#   pg_cluster.sh stop DIR      stop and remove DIR
#
# As root the server runs as the `postgres` user (initdb refuses to run as root); otherwise as
# the current user. When the server binaries are missing, `start` fails if CLAW_REQUIRE_POSTGRES=1
# and otherwise succeeds with a message (the PostgreSQL tests then skip with exit code 77).
set -euo pipefail

action=${1:?usage: pg_cluster.sh start|restart|stop DIR}
dir=${2:?usage: pg_cluster.sh start|restart|stop DIR}

pgbin=${CLAW_PG_BIN:-}
if [[ -z "$pgbin" ]]; then
  for candidate in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x "$candidate/initdb" ]]; then pgbin=$candidate; break; fi
  done
fi

as_server() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop_cluster() {
  if [[ -n "$pgbin" && -f "$dir/data/postmaster.pid" ]]; then
    as_server "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "$action" in
  start)
    if [[ -z "$pgbin" ]]; then
      if [[ "${CLAW_REQUIRE_POSTGRES:-0}" == 1 ]]; then
        echo "pg_cluster: PostgreSQL server binaries not found (install postgresql) and CLAW_REQUIRE_POSTGRES=1" >&2
        exit 1
      fi
      echo "pg_cluster: PostgreSQL server not installed; the PostgreSQL tests will skip"
      exit 0
    fi
    stop_cluster  # a cluster left by an interrupted run
    mkdir -p "$dir"
    chmod 0755 "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$dir"; fi
    as_server "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_server "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-c listen_addresses='' -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    "$pgbin/pg_isready" -q -h "$dir" -U postgres -t 10
    echo "$dir"
    ;;
  restart)
    as_server "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -m "${3:-fast}" -w -t 30 restart >/dev/null
    "$pgbin/pg_isready" -q -h "$dir" -U postgres -t 10
    ;;
  stop)
    stop_cluster
    ;;
  *)
    echo "usage: pg_cluster.sh start|restart|stop DIR" >&2
    exit 2
    ;;
esac
