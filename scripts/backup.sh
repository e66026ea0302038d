#!/usr/bin/env bash
# A backup of the database: pg_dump in its custom format, encrypted with BACKUP_KEY (gpg, AES-256), written to
# BACKUP_DIR as machmit-<UTC time>.dump.gpg; backups older than BACKUP_KEEP_DAYS days (default 14) are deleted.
# With --nightly it waits for BACKUP_AT (default 02:30, local time) every day: the compose stack's `backup` service.
# scripts/restore.sh brings one back.
set -euo pipefail
: "${DATABASE_URL:?set DATABASE_URL}" "${BACKUP_KEY:?set BACKUP_KEY}" "${BACKUP_DIR:?set BACKUP_DIR}"
keep_days=${BACKUP_KEEP_DAYS:-14}

# A keyring of its own: symmetric encryption needs none, and gpg must not write into anyone's home.
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'rm -rf "$GNUPGHOME"' EXIT

backup_once() {
    mkdir -p "$BACKUP_DIR"
    local file
    file="$BACKUP_DIR/machmit-$(date -u +%Y%m%dT%H%M%SZ).dump.gpg"
    pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" \
        | gpg --batch --yes --quiet --pinentry-mode loopback --passphrase-fd 3 \
            --symmetric --cipher-algo AES256 --output "$file.partial" 3<<<"$BACKUP_KEY"
    mv "$file.partial" "$file"
    find "$BACKUP_DIR" -maxdepth 1 -name 'machmit-*.dump.gpg' -mtime +"$keep_days" -delete
    echo "backup: $file ($(stat -c %s "$file") bytes)"
}

if [ "${1:-}" = "--nightly" ]; then
    while true; do
        sleep $(( $(date -d "tomorrow ${BACKUP_AT:-02:30}" +%s) - $(date +%s) ))
        backup_once || echo "backup: failed, trying again tomorrow" >&2
    done
fi
backup_once
