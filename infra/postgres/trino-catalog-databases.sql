-- The databases behind Trino's PostgreSQL catalogs (infra/trino/etc/catalog/operacional.properties,
-- serving.properties). Run once by docker-compose's postgres entrypoint; the native stack creates
-- them itself (src/stack/services/postgres.ts, TRINO_CATALOG_DATABASES).
CREATE DATABASE operacional;
CREATE DATABASE serving;
