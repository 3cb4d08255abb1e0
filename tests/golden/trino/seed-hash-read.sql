-- lake.silver.regions: the comment holding the seed's hash

-- introspection
SELECT 'lake.silver.regions' AS table_key, value AS comment FROM "lake"."silver"."regions$properties" WHERE key = 'comment';
