#!/usr/bin/env bash
# Runs the whole HallPlatform: the Aspire AppHost with its dashboard, Redis and PostgreSQL (from the OS packages,
# installed here when missing), the five services and the gateway. Stop with Ctrl+C.
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-prerequisites.sh
exec dotnet run --project AppHost/AppHost.csproj --launch-profile http -- "$@"
