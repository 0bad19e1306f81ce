#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# A throwaway PostgreSQL server for the tests (docs/testing.md).
#
#   postgres_server.sh start DIR   initdb into DIR/data, start the server listening
#                                  only on a Unix socket in DIR, write the libpq URL
#                                  of its admin database to DIR/url
#   postgres_server.sh stop DIR    stop it and remove DIR (nothing to do: exit 0)
#
# When DIR cannot hold the socket (path too long, or not reachable by the
# server's user), the data and the socket go to a private directory under /tmp
# named in DIR/server-dir; `stop` removes it too.
#
# initdb refuses to run as root, so as root the server runs as `nobody`
# (NHI_TEST_POSTGRES_USER overrides). Trust authentication: the only way in is
# the local socket, and the server holds nothing but throwaway test databases.
set -euo pipefail

die() {
  echo "postgres_server.sh: $*" >&2
  exit 1
}

[ $# -eq 2 ] || die "usage: postgres_server.sh start|stop DIR"
action=$1
dir=$2
case "$dir" in
  /*) ;;
  *) dir="$PWD/$dir" ;;
esac

# The newest server binaries: pg_config's when they include initdb (Debian's
# libpq-dev ships a pg_config without the server), else /usr/lib/postgresql/N/bin.
find_bindir() {
  local d
  if command -v pg_config >/dev/null 2>&1; then
    d=$(pg_config --bindir 2>/dev/null || true)
    if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return
    fi
  fi
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n | tail -n 1 || true)
  if [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
    echo "$d"
    return
  fi
  die "no PostgreSQL server found (initdb and pg_ctl: pg_config --bindir, /usr/lib/postgresql/*/bin); install Debian's postgresql (bash scripts/deps.sh)"
}

# Runs a command as the server's user: `nobody` when we are root, else ourselves.
server_user=""
if [ "$(id -u)" -eq 0 ]; then
  server_user="${NHI_TEST_POSTGRES_USER:-nobody}"
  id -u "$server_user" >/dev/null 2>&1 || die "user '$server_user' does not exist (set NHI_TEST_POSTGRES_USER to an unprivileged user)"
fi
as_server() {
  if [ -n "$server_user" ]; then
    (cd / && runuser -u "$server_user" -- "$@")
  else
    (cd / && "$@")
  fi
}

# Percent-encodes a value for a libpq URL's query string.
url_encode() {
  local s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9._~/-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  echo "$out"
}

# A port number no TCP socket listens on and no server in DIR uses: the server
# listens on no TCP port, but the number names its socket (DIR/.s.PGSQL.N).
free_port() {
  local listening port tries f
  local local_address rest state
  listening=""
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    # Columns: sl local_address rem_address st ...; st 0A is LISTEN.
    while read -r _ local_address _ state rest; do
      [ "$state" = "0A" ] && listening+="$((16#${local_address##*:}))"$'\n'
    done < <(tail -n +2 "$f")
  done
  for ((tries = 0; tries < 100; tries++)); do
    port=$((20000 + RANDOM % 40000))
    if ! grep -qx "$port" <<<"$listening" && [ ! -e "$dir/.s.PGSQL.$port" ]; then
      echo "$port"
      return
    fi
  done
  die "no free port number found"
}

# The directory holding the data and the socket: DIR itself, or (recorded in
# DIR/server-dir) a short private one under /tmp when DIR's path is too long
# for a socket (107 bytes) or the server's user cannot reach it (a checkout
# under /root, say).
server_dir_of() {
  if [ -f "$dir/server-dir" ]; then cat "$dir/server-dir"; else echo "$dir"; fi
}

stop_server() {
  [ -d "$dir" ] || return 0
  local srv
  srv=$(server_dir_of)
  if [ -f "$srv/data/postmaster.pid" ]; then
    as_server "$(find_bindir)/pg_ctl" stop -D "$srv/data" -m immediate -w >/dev/null 2>&1 || true
  fi
  [ "$srv" = "$dir" ] || rm -rf "$srv"
  rm -rf "$dir"
}

# Makes $1 (existing) the server user's own, private directory; fails when
# that user cannot write it.
own_dir() {
  chmod 0700 "$1"
  if [ -n "$server_user" ]; then
    chown "$server_user" "$1"
    as_server test -w "$1" || return 1
  fi
}

start_server() {
  local bindir port srv who
  bindir=$(find_bindir)
  who=${server_user:-$(id -un)}
  # A server left behind by an interrupted run is stopped first.
  stop_server

  # initdb fails as an unprivileged user when /dev/null is not writable by all
  # (some CI machines give it 0600): restore the standard mode.
  if [ -n "$server_user" ] && [ -c /dev/null ] && [ "$(stat -c %a /dev/null)" != "666" ]; then
    chmod 0666 /dev/null || die "/dev/null has mode $(stat -c %a /dev/null) and chmod 0666 failed"
  fi

  mkdir -p "$dir"
  srv=$dir
  # The socket DIR/.s.PGSQL.NNNNN must fit in 107 bytes; pg_ctl passes -k to a shell.
  if [ ${#dir} -gt 90 ] || [[ "$dir" == *"'"* ]] || ! own_dir "$dir"; then
    srv=$(mktemp -d /tmp/nhi-pg-XXXXXX) || die "cannot create a directory under /tmp"
    echo "$srv" >"$dir/server-dir"
    own_dir "$srv" || die "user '$who' cannot write $dir nor $srv"
  fi
  port=$(free_port)

  if ! as_server "$bindir/initdb" -D "$srv/data" -A trust -U nhi --no-sync -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1; then
    echo "postgres_server.sh: initdb failed ($bindir/initdb as $who):" >&2
    tail -n 20 "$dir/initdb.log" >&2
    stop_server
    exit 1
  fi
  # Only a Unix socket; no durability (a test database is thrown away); enough
  # connections for the tests running in parallel, each with a few.
  if ! as_server "$bindir/pg_ctl" start -w -t 60 -D "$srv/data" -l "$srv/server.log" -o \
    "-c listen_addresses='' -k '$srv' -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB" \
    >"$dir/pg_ctl.log" 2>&1; then
    echo "postgres_server.sh: the server did not start ($bindir/pg_ctl as $who):" >&2
    tail -n 5 "$dir/pg_ctl.log" >&2
    echo "--- $srv/server.log (tail):" >&2
    tail -n 20 "$srv/server.log" >&2 2>/dev/null || true
    stop_server
    exit 1
  fi
  # The test processes (maybe another user than the server's) reach the socket:
  # its directory becomes searchable, the data stays 0700.
  chmod 0755 "$srv" "$dir"
  echo "postgresql://nhi@/postgres?host=$(url_encode "$srv")&port=$port" >"$dir/url"
  echo "postgres_server.sh: PostgreSQL $("$bindir/pg_ctl" --version | awk '{print $3}') on $srv/.s.PGSQL.$port"
}

case "$action" in
  start) start_server ;;
  stop) stop_server ;;
  *) die "unknown action '$action' (start, stop)" ;;
esac
