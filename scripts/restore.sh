#!/usr/bin/env bash
# Bring back a backup of scripts/backup.sh into the database at DATABASE_URL, replacing what is there, in one
# transaction (a wrong key or a broken file changes nothing). Usage: scripts/restore.sh BACKUP_FILE
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}" "${BACKUP_KEY:?set BACKUP_KEY}"
file=${1:?usage: scripts/restore.sh BACKUP_FILE}

GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT

gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 3 --decrypt "$file" 3<<<"$BACKUP_KEY" \
    | pg_restore --clean --if-exists --no-owner --exit-on-error --single-transaction --dbname="$DATABASE_URL"
echo "restore: $file"
