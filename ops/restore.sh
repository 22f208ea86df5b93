#!/usr/bin/env bash
# Restore a backup made by ops/backup.sh into an EMPTY database and empty file folders, then
# check it: migrations all applied, the access log's chain intact.
#
#   DATABASE_URL=postgres://…/veivalg_restored MEDIA_ROOT=… PRIVATE_MEDIA_ROOT=… \
#   SECRET_KEY=… IDENTITY_HASH_KEY=… ops/restore.sh /backups/veivalg-2026-12-06
#
# Stop the web servers, the worker and the scheduler first; start them after.
set -euo pipefail
source_dir=${1:?usage: ops/restore.sh BACKUP_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the empty PostgreSQL database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
: "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$here/.venv/bin/python}
(cd "$source_dir" && sha256sum --check --quiet SHA256SUMS)
pg_restore --exit-on-error --no-owner --dbname="$DATABASE_URL" "$source_dir/database.dump"
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar --extract --gzip --file="$source_dir/media.tar.gz" --directory="$MEDIA_ROOT"
tar --extract --gzip --file="$source_dir/private.tar.gz" --directory="$PRIVATE_MEDIA_ROOT"
cd "$here"
"$python" manage.py migrate --check --noinput
"$python" manage.py verify_access_log
echo "restored from $source_dir"
