#!/usr/bin/env bash
# Back up Veivalg: the PostgreSQL database first, then the public media and the private files
# (attachments, letters, application copies). In that order every file the database refers to
# is in the backup; a file newer than the dump is a harmless extra.
#
#   DATABASE_URL=postgres://… MEDIA_ROOT=/srv/veivalg/media PRIVATE_MEDIA_ROOT=/srv/veivalg/private \
#     ops/backup.sh /backups/veivalg-$(date +%F)
#
# Keep SECRET_KEY, IDENTITY_HASH_KEY and ACCESS_LOG_CHAIN_KEY with the backup, apart from it
# (a password manager or a sealed envelope): without IDENTITY_HASH_KEY a restored citizen is not
# recognised at sign-in (none of their cases, a second person record), and without the chain
# key the access log's chain cannot be verified.
set -euo pipefail
target=${1:?usage: ops/backup.sh TARGET_FOLDER}
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database}"
: "${MEDIA_ROOT:?set MEDIA_ROOT}"
: "${PRIVATE_MEDIA_ROOT:?set PRIVATE_MEDIA_ROOT}"
mkdir -p "$target"
umask 077  # the backup holds personal data
pg_dump --format=custom --file="$target/database.dump" "$DATABASE_URL"
mkdir -p "$MEDIA_ROOT" "$PRIVATE_MEDIA_ROOT"
tar --create --gzip --file="$target/media.tar.gz" --directory="$MEDIA_ROOT" .
tar --create --gzip --file="$target/private.tar.gz" --directory="$PRIVATE_MEDIA_ROOT" .
(cd "$target" && sha256sum database.dump media.tar.gz private.tar.gz > SHA256SUMS)
echo "backup written to $target"
