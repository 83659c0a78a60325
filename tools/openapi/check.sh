#!/usr/bin/env bash
# Checks the gateway's aggregated OpenAPI document (path given as $1): Redocly's recommended ruleset with no error,
# then a TypeScript client generated from it by openapi-typescript must compile with tsc --strict together with
# sample-client.ts. Run by tests/Gateway.Tests (PublishedContractTests), which writes the document first.
set -euo pipefail
cd "$(dirname "$0")"
document="${1:?usage: check.sh <openapi.json>}"

# A clean clone (CI) installs exactly the locked versions; an existing install is reused when the lock is unchanged.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.lock-installed; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.lock-installed
fi

echo "== redocly lint"
npx --no-install redocly lint --config redocly.yaml --format stylish "$document"
echo "== openapi-typescript"
mkdir -p generated
npx --no-install openapi-typescript "$document" --output generated/hallplatform.d.ts
echo "== tsc --strict"
npx --no-install tsc --project tsconfig.json
echo "contract checks passed"
