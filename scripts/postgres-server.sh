#!/usr/bin/env bash
# Runs the OS's PostgreSQL server in the foreground for HallPlatform: initdb on first run, then postgres on
# 127.0.0.1 with its socket inside the data folder. Usage: postgres-server.sh DATA_DIR PORT, with
# POSTGRES_PASSWORD set (applied to the "postgres" role at every start, so a changed secret takes effect).
# initdb and postgres refuse to run as root: as root they run as the OS user "postgres" through runuser.
set -euo pipefail

data_dir=$(realpath -m "$1")
port=$2
password=${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}

bin_dir=$(compgen -G "/usr/lib/postgresql/*/bin" | sort -V | tail -n1 || true)
[ -x "${bin_dir:-}/postgres" ] || { echo "PostgreSQL server not found: run scripts/install-prerequisites.sh" >&2; exit 1; }

as_owner=()
mkdir -p "$data_dir"
chmod 700 "$data_dir"
if [ "$(id -u)" = 0 ]; then
  chown postgres:postgres "$data_dir"
  as_owner=(runuser -u postgres --)
fi

# A server left over from a run that was killed hard still holds the folder: stop it first.
if [ -s "$data_dir/postmaster.pid" ]; then
  old_pid=$(head -n1 "$data_dir/postmaster.pid")
  if kill -0 "$old_pid" 2>/dev/null; then
    echo "Stopping a PostgreSQL server left running on $data_dir (pid $old_pid)" >&2
    kill -INT "$old_pid" || true
    for _ in $(seq 1 100); do kill -0 "$old_pid" 2>/dev/null || break; sleep 0.1; done
  fi
fi

if [ ! -s "$data_dir/PG_VERSION" ]; then
  "${as_owner[@]}" "$bin_dir/initdb" -D "$data_dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    -E UTF8 --no-locale >/dev/null
fi

# Single-user mode sets the password before the server listens; the statement travels on stdin, not argv.
printf "ALTER ROLE postgres PASSWORD '%s';\n" "${password//\'/\'\'}" \
  | "${as_owner[@]}" "$bin_dir/postgres" --single -D "$data_dir" postgres >/dev/null

# POSTGRES_THROWAWAY=1 (test servers, whose data folder is deleted afterwards): no flush to disk, which a crash
# could cost data it would lose anyway.
throwaway=()
if [ "${POSTGRES_THROWAWAY:-0}" = 1 ]; then
  throwaway=(-c fsync=off -c synchronous_commit=off -c full_page_writes=off)
fi

exec "${as_owner[@]}" "$bin_dir/postgres" -D "$data_dir" -p "$port" -k "$data_dir" \
  -c listen_addresses=127.0.0.1 -c max_connections=200 "${throwaway[@]}"
