#!/usr/bin/env bash
# Runs the OS's redis-server in the foreground for HallPlatform: loopback only, AOF on (appendfsync everysec),
# its own data folder. Usage: redis-server.sh DATA_DIR PORT. REDIS_PASSWORD, when set, is required from clients.
# The password goes into a config file readable only by its owner, never onto the command line.
set -euo pipefail

data_dir=$(realpath -m "$1")
port=$2

command -v redis-server >/dev/null 2>&1 || { echo "redis-server not found: run scripts/install-prerequisites.sh" >&2; exit 1; }
mkdir -p "$data_dir"
umask 077
config="$data_dir/redis.conf"
{
  echo "port $port"
  echo "bind 127.0.0.1"
  echo "protected-mode yes"
  echo "dir \"$data_dir\""
  echo "appendonly yes"
  echo "appendfsync everysec"
  echo "daemonize no"
  echo "logfile \"\""
  if [ -n "${REDIS_PASSWORD:-}" ]; then
    echo "requirepass \"$REDIS_PASSWORD\""
  fi
} >"$config"

exec redis-server "$config"
