-- maintenance of lake.silver.loans

-- maintenance
ALTER TABLE "lake"."silver"."loans" EXECUTE optimize(file_size_threshold => '128MB');

-- maintenance
ALTER TABLE "lake"."silver"."loans" EXECUTE expire_snapshots(retention_threshold => '7d');
