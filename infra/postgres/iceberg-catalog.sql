-- Tables of the Iceberg JDBC catalog. Trino's JDBC catalog does not create them itself; without
-- them every iceberg query fails with "Cannot check and eventually update SQL schema"
-- (PostgreSQL: relation "iceberg_tables" does not exist). `iceberg_type` marks views (TABLE/VIEW).
-- Used by `lakeform stack up` and mounted into docker-compose's postgres init directory.
CREATE TABLE IF NOT EXISTS iceberg_namespace_properties (
  catalog_name VARCHAR(255) NOT NULL,
  namespace VARCHAR(255) NOT NULL,
  property_key VARCHAR(255),
  property_value VARCHAR(1000),
  PRIMARY KEY (catalog_name, namespace, property_key)
);

CREATE TABLE IF NOT EXISTS iceberg_tables (
  catalog_name VARCHAR(255) NOT NULL,
  table_namespace VARCHAR(255) NOT NULL,
  table_name VARCHAR(255) NOT NULL,
  metadata_location VARCHAR(1000),
  previous_metadata_location VARCHAR(1000),
  iceberg_type VARCHAR(5),
  PRIMARY KEY (catalog_name, table_namespace, table_name)
);
