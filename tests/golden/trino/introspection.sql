-- reads of catalog lake, schemas gold, silver; a query's columns

-- introspection
SELECT catalog_name, connector_name FROM system.metadata.catalogs WHERE catalog_name IN ('lake') ORDER BY 1;

-- introspection
SELECT schema_name FROM "lake".information_schema.schemata WHERE schema_name IN ('gold', 'silver');

-- introspection
SELECT DISTINCT s.schema_name, t.table_name, t.table_type, col.column_name, col.data_type, col.ordinal_position
FROM "lake".information_schema.schemata s
LEFT JOIN "lake".information_schema.tables t ON t.table_schema = s.schema_name
LEFT JOIN "lake".information_schema.columns col ON col.table_schema = t.table_schema AND col.table_name = t.table_name
WHERE s.schema_name IN ('gold', 'silver')
ORDER BY 1, 2, 6;

-- introspection
SELECT * FROM (
SELECT 1 AS x
) AS lakeform_probe LIMIT 0;
