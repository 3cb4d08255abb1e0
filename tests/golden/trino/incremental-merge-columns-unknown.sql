-- lake.silver.loan_keys: mode merge
-- state: {"exists":true,"kind":"table"}
-- diagnostic: definitions/silver/loan_keys.sqlx:1:1: error columns-unknown: lake.silver.loan_keys: MERGE needs the column list, which is unknown until the table exists — pass the target's columns in the warehouse state (or document them in `columns`)


