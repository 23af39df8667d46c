#!/usr/bin/env bash
# Makes sure what the tests need is up: PostgreSQL and Redis on their local
# ports (started, or installed with apt-get when missing) and Debian's Chromium.
# Says clearly what it could not do and exits non-zero then.
set -u

log() { echo "[services] $*"; }
apt_updated=0
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    log "cannot install $* here (needs root and apt-get); install it yourself and re-run."
    return 1
  fi
  if [ $apt_updated = 0 ]; then apt-get update -qq >/dev/null && apt_updated=1; fi
  log "installing $* with apt-get…"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null | grep -q PONG; }
failed=0

if ! pg_up; then
  command -v pg_ctlcluster >/dev/null 2>&1 || apt_install postgresql postgresql-contrib || failed=1
  if command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -n 1)
    if [ -n "$version" ]; then
      log "starting PostgreSQL $version…"
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 | sed 's/^/[services]   /'
    fi
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  # Tests connect as postgres over TCP without a password, as these machines are set up.
  if pg_up && ! psql -h 127.0.0.1 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
    log "PostgreSQL is up but 'postgres' cannot connect over 127.0.0.1 without a password; set TEST_DATABASE_ADMIN_URL."
  fi
fi
if pg_up; then log "PostgreSQL is up on 127.0.0.1:5432"; else log "PostgreSQL is NOT up on 127.0.0.1:5432"; failed=1; fi

if ! redis_up; then
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server || failed=1
  if command -v redis-server >/dev/null 2>&1; then
    log "starting Redis…"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null
    for _ in $(seq 1 20); do redis_up && break; sleep 0.5; done
  fi
fi
if redis_up; then log "Redis is up on 127.0.0.1:6379"; else log "Redis is NOT up on 127.0.0.1:6379"; failed=1; fi

chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium_path" ]; then apt_install chromium || failed=1; fi
if [ -x "$chromium_path" ]; then log "Chromium: $("$chromium_path" --version 2>/dev/null | head -n 1)"; else log "Chromium is NOT at $chromium_path"; failed=1; fi

exit $failed
