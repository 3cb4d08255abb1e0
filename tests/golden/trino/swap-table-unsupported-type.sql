-- serve.gold.loans_by_region: mode create-table
-- state: {"exists":false}
-- options: {"catalog":{"connector":"postgresql","writable":true,"createOrReplaceTable":false,"views":false,"merge":false,"snapshots":false,"tableProperties":false,"schemaLocation":false,"columnTypes":"postgresql"},"sourceColumns":[{"name":"region","type":"varchar"},{"name":"loans","type":"bigint"},{"name":"last_issued","type":"timestamp(9) with time zone"},{"name":"regions","type":"array(varchar)"}]}
-- diagnostic: definitions/loans_by_region.sqlx:1:1: warning column-type-mapped: serve.gold.loans_by_region: column "last_issued": timestamp(9) with time zone rounded to timestamp(6) with time zone: PostgreSQL keeps microseconds at most — cast it yourself to silence this: CAST(… AS timestamp(6) with time zone)
-- diagnostic: definitions/loans_by_region.sqlx:1:1: error unsupported-column-type: serve.gold.loans_by_region: column "regions" is array(varchar), which catalog "serve" (postgresql) cannot hold: the PostgreSQL connector writes no ARRAY columns (postgresql.array-mapping is DISABLED by default) — store it as JSON: CAST("regions" AS JSON) AS "regions", or as text: array_join("regions", ',') AS "regions"


