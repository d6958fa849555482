#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server on 127.0.0.1 and QUOTEBOT_TEST_PG_URL pointing at it,
# then stops the server and deletes its files (also when the command fails or is interrupted).
#
#   scripts/with-postgres.sh npm test
#   scripts/with-postgres.sh npx vitest run test/store
#
# Needs Debian's postgresql package (initdb, pg_ctl). As root the server runs as the `postgres` user.
set -euo pipefail

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "with-postgres: PostgreSQL is not installed (apt-get install -y postgresql)" >&2
  exit 1
fi

as_pg() {
  if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

dir="$(mktemp -d /tmp/quotebot-pg.XXXXXX)"
[[ "$(id -u)" == 0 ]] && chown postgres:postgres "$dir"
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
password="test-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"

cleanup() {
  as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

echo "$password" > "$dir/pw" && [[ "$(id -u)" == 0 ]] && chown postgres "$dir/pw"
as_pg "$bindir/initdb" -D "$dir/data" -U quotebot --pwfile="$dir/pw" -A scram-sha-256 -E UTF8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2

export QUOTEBOT_TEST_PG_URL="postgres://quotebot:$password@127.0.0.1:$port/postgres"
set +e
"$@"
status=$?
set -e
exit $status
