-- lake.silver.loan_keys: mode merge
-- state: {"exists":true,"kind":"table","columns":[{"name":"loan_id","type":"bigint"}]}

-- merge
MERGE INTO "lake"."silver"."loan_keys" AS t
USING (
SELECT DISTINCT loan_id FROM "lake"."silver"."loans"
) AS s
ON t."loan_id" = s."loan_id"
WHEN NOT MATCHED THEN INSERT ("loan_id")
  VALUES (s."loan_id");
