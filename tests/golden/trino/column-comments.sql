-- lake.silver.farmers: stored column comments, then one description persisted

-- introspection
SELECT table_schema, table_name, column_name, comment FROM "lake".information_schema.columns WHERE table_schema IN ('gold', 'silver') AND comment IS NOT NULL;

-- comment
COMMENT ON COLUMN "lake"."silver"."farmers"."name" IS 'Farmer''s name, as registered.';
