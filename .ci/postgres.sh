# Sourced: starts a throwaway PostgreSQL cluster on a free 127.0.0.1 port as a non-root user and
# exports OB_MIGRATE_TEST_PG_URL. pg_stop (installed as an EXIT trap by pg_start) removes it.

pg_bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -x "$dir/initdb" ]] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; return 1; }
  echo "$dir"
}

pg_free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
  local bindir port as=()
  bindir=$(pg_bindir) || return 1
  port=$(pg_free_port)
  PG_TMP=$(mktemp -d /tmp/ob-migrate-pg.XXXXXX)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$PG_TMP"
    as=(runuser -u postgres --)
  fi
  PG_AS=("${as[@]+"${as[@]}"}")
  "${PG_AS[@]+"${PG_AS[@]}"}" "$bindir/initdb" -D "$PG_TMP/data" -U postgres -A trust -E UTF8 --no-sync >"$PG_TMP/initdb.log" 2>&1 \
    || { cat "$PG_TMP/initdb.log" >&2; return 1; }
  "${PG_AS[@]+"${PG_AS[@]}"}" "$bindir/pg_ctl" -D "$PG_TMP/data" -l "$PG_TMP/server.log" -w -t 60 \
    -o "-p $port -k $PG_TMP -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$PG_TMP/server.log" >&2; return 1; }
  PG_BINDIR=$bindir
  export OB_MIGRATE_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  trap pg_stop EXIT
  echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($OB_MIGRATE_TEST_PG_URL)"
}

pg_stop() {
  [[ -n "${PG_TMP:-}" && -d "$PG_TMP" ]] || return 0
  "${PG_AS[@]+"${PG_AS[@]}"}" "$PG_BINDIR/pg_ctl" -D "$PG_TMP/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$PG_TMP"
  PG_TMP=""
}
