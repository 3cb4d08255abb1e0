-- maintenance of lake.silver.farmers

-- maintenance
ALTER TABLE "lake"."silver"."farmers" EXECUTE optimize(file_size_threshold => '128MB');

-- maintenance
ALTER TABLE "lake"."silver"."farmers" EXECUTE expire_snapshots(retention_threshold => '7d');

-- maintenance
ALTER TABLE "lake"."silver"."farmers" EXECUTE remove_orphan_files(retention_threshold => '7d');
