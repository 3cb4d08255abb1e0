-- lake.silver.loan_status: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"status_date","type":"date"},{"name":"status","type":"varchar"}]}
-- options: {"sourceColumns":[{"name":"loan_id","type":"bigint"},{"name":"status_date","type":"date"},{"name":"status","type":"varchar"},{"name":"first_seen_at","type":"timestamp(6)"}]}
-- diagnostic: definitions/silver/loan_status.sqlx:1:1: error schema-changed: lake.silver.loan_status: the query's columns changed (+first_seen_at) and onSchemaChange is FAIL — set onSchemaChange: "EXTEND" or "SYNCHRONIZE", or run with --full-refresh


