#!/bin/sh
# docker-compose.yml's `temporal-schema` job: creates Temporal's two databases on PostgreSQL and brings each schema up
# to this admin-tools image's version. Every step is idempotent (an existing database or schema version is kept), so
# the job runs on every `docker compose up`; any failure exits non-zero, and Temporal does not start.
set -eu

versioned=/etc/temporal/schema/postgresql/v12
for database in temporal temporal_visibility; do
  case "$database" in
    temporal) schema="$versioned/temporal/versioned" ;;
    *) schema="$versioned/visibility/versioned" ;;
  esac
  echo "temporal-schema: $database"
  temporal-sql-tool --db "$database" create-database
  temporal-sql-tool --db "$database" setup-schema -v 0.0
  temporal-sql-tool --db "$database" update-schema -d "$schema"
done
echo 'temporal-schema: done'
