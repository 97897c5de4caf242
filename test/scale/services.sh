# Sourced by .ci/run: starts Redis and PostgreSQL for the corpus-scale tests (test/scale/) on
# loopback, on free ports, with their own data directories, exports their URLs, and stops both
# by PID when the calling script exits. Installs Debian's packages only when missing.

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  echo "== install ${need[*]}"
  apt-get update && apt-get install -y --no-install-recommends "${need[@]}"
fi
UNSPIN_PGBIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -1)")

unspin_free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
# PostgreSQL refuses to run as root: use Debian's postgres user when we are root.
unspin_as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

UNSPIN_SERVICES=$(mktemp -d /tmp/unspin-services.XXXXXX)
chmod 755 "$UNSPIN_SERVICES"
mkdir "$UNSPIN_SERVICES/pg"
[ "$(id -u)" = 0 ] && chown postgres: "$UNSPIN_SERVICES/pg"

unspin_stop_services() {
  local pid
  if [ -f "$UNSPIN_SERVICES/redis.pid" ]; then
    pid=$(cat "$UNSPIN_SERVICES/redis.pid"); kill "$pid" 2>/dev/null || true
  fi
  if [ -f "$UNSPIN_SERVICES/pg/data/postmaster.pid" ]; then
    pid=$(head -1 "$UNSPIN_SERVICES/pg/data/postmaster.pid"); kill -INT "$pid" 2>/dev/null || true
  fi
  sleep 1
  rm -rf "$UNSPIN_SERVICES"
}
trap unspin_stop_services EXIT

echo "== start redis and postgresql for the corpus-scale tests"
UNSPIN_REDIS_PORT=$(unspin_free_port)
redis-server --port "$UNSPIN_REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$UNSPIN_SERVICES" \
  --pidfile "$UNSPIN_SERVICES/redis.pid" --logfile "$UNSPIN_SERVICES/redis.log" --daemonize yes
UNSPIN_PG_PORT=$(unspin_free_port)
unspin_as_pg "$UNSPIN_PGBIN/initdb" -D "$UNSPIN_SERVICES/pg/data" -A trust -U postgres >"$UNSPIN_SERVICES/initdb.log"
unspin_as_pg "$UNSPIN_PGBIN/pg_ctl" -D "$UNSPIN_SERVICES/pg/data" -l "$UNSPIN_SERVICES/pg/server.log" -w \
  -o "-p $UNSPIN_PG_PORT -k $UNSPIN_SERVICES/pg -c listen_addresses=127.0.0.1" start >/dev/null
for _ in $(seq 50); do [ -f "$UNSPIN_SERVICES/redis.pid" ] && break; sleep 0.1; done

export UNSPIN_TEST_REDIS_URL="redis://127.0.0.1:$UNSPIN_REDIS_PORT"
export UNSPIN_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$UNSPIN_PG_PORT/postgres"
echo "redis on $UNSPIN_TEST_REDIS_URL, postgresql on $UNSPIN_TEST_POSTGRES_URL"
