#!/usr/bin/env bash
# Adds an EF Core migration named $1 for every provider (SQLite, PostgreSQL, SQL Server).
# Holds a lock so two people generating at once cannot interleave the model snapshots.
set -euo pipefail
name="${1:?usage: scripts/add-migration.sh MigrationName}"
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
exec 9>/tmp/visitation-migrations.lock
flock 9
for provider in Sqlite Postgres SqlServer; do
  dotnet tool run dotnet-ef migrations add "$name" --project src/Api/Visitation.Api.csproj \
    --context "${provider}VisitationDbContext" --output-dir "Infrastructure/Persistence/Migrations/$provider"
done
