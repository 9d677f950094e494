#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store tests: initdb into a temp folder, pg_ctl on a free loopback port,
# one database. Nothing outside that folder is touched, and no system service is started.
#
#   throwaway-postgres.sh start DIR   prints the connection URL (postgres://citebot@127.0.0.1:PORT/citebot_test)
#   throwaway-postgres.sh stop DIR    stops the server and deletes DIR
#   throwaway-postgres.sh version     the server's version
#
# PostgreSQL refuses to run as root: as root, the server runs as the unprivileged `postgres` user (Debian's
# package creates it); as anyone else, as that user.
set -euo pipefail

find_bin() {
  local name=$1
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  # Debian installs the server binaries outside PATH.
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin/"$name" 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -n "$found" ]]; then echo "$found"; return; fi
  echo "throwaway-postgres: $name not found; install PostgreSQL (apt-get install -y postgresql)" >&2
  exit 3
}

as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

cmd=${1:-}
dir=${2:-}
if [[ "$cmd" == version ]]; then "$(find_bin postgres)" --version; exit 0; fi
[[ -n "$cmd" && -n "$dir" ]] || { echo "usage: $0 start|stop DIR, or $0 version" >&2; exit 2; }

case "$cmd" in
  start)
    initdb=$(find_bin initdb)
    pg_ctl=$(find_bin pg_ctl)
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    as_server_user "$initdb" -D "$dir/data" --auth=trust --username=citebot --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    port=$(free_port)
    # fsync off: a test cluster thrown away afterwards need not survive power loss, and fsync is what makes small
    # commits slow on a shared disk. Sockets go in the temp folder, never /var/run/postgresql.
    as_server_user "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_server_user "$(find_bin psql)" -h 127.0.0.1 -p "$port" -U citebot -d postgres -q -c "CREATE DATABASE citebot_test" >/dev/null
    echo "$port" >"$dir/port"
    echo "postgres://citebot@127.0.0.1:$port/citebot_test"
    ;;
  stop)
    if [[ -d "$dir/data" ]]; then
      as_server_user "$(find_bin pg_ctl)" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
