-- lake.silver.refresh_stats: mode operations
-- state: {"exists":false}

-- operation
DELETE FROM "lake"."silver"."loans" WHERE amount < 0;

-- operation
ANALYZE "lake"."silver"."farmers";
