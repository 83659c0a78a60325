#!/usr/bin/env bash
# Prints a new random partner API key and the SHA-256 hash the gateway stores for it.
# Give the key to the partner over a secure channel; put only the hash in the gateway's configuration
# (Gateway:Auth:PartnerKeys:N:KeyHash). 32 random bytes: a plain SHA-256 is enough to store it (docs/security.md).
set -euo pipefail

prefix="${1:-hpk}"
key="${prefix}_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')"
hash="$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)"

echo "key:  $key"
echo "hash: $hash"
