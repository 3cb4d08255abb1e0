-- lake.silver.loan_balances: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"},{"name":"balance","type":"decimal(14,2)"}]}
-- diagnostic: definitions/silver/loan_balances.sqlx:1:1: error unknown-change-column: lake.silver.loan_balances: mergeChangeColumns names column(s) the table does not have: UPDATED_AT — columns: loan_id, balance


