-- lakeform diff of lake.silver.farmers with itself, key farmer_id

-- introspection
SELECT * FROM "lake"."silver"."farmers" LIMIT 0;

-- introspection
SELECT * FROM "lake"."silver"."farmers" LIMIT 0;

-- introspection
SELECT count(_lf_a) AS rows_a, count(_lf_b) AS rows_b, count_if(_lf_b IS NULL) AS only_a, count_if(_lf_a IS NULL) AS only_b,
  count_if(_lf_a IS NOT NULL AND _lf_b IS NOT NULL AND ("a__name" IS DISTINCT FROM "b__name" OR "a__region" IS DISTINCT FROM "b__region")) AS changed,
  count_if(_lf_a IS NOT NULL AND _lf_b IS NOT NULL AND "a__name" IS DISTINCT FROM "b__name"),
  count_if(_lf_a IS NOT NULL AND _lf_b IS NOT NULL AND "a__region" IS DISTINCT FROM "b__region")
FROM (
WITH a AS (SELECT "farmer_id", "name", "region", 1 AS _lf_a FROM "lake"."silver"."farmers"), b AS (SELECT "farmer_id", "name", "region", 1 AS _lf_b FROM "lake"."silver"."farmers")
SELECT a."farmer_id" AS "a__farmer_id", a."name" AS "a__name", a."region" AS "a__region", b."farmer_id" AS "b__farmer_id", b."name" AS "b__name", b."region" AS "b__region", a._lf_a, b._lf_b
FROM a FULL OUTER JOIN b ON a."farmer_id" = b."farmer_id"
) AS j;

-- introspection
SELECT * FROM (
WITH a AS (SELECT "farmer_id", "name", "region", 1 AS _lf_a FROM "lake"."silver"."farmers"), b AS (SELECT "farmer_id", "name", "region", 1 AS _lf_b FROM "lake"."silver"."farmers")
SELECT a."farmer_id" AS "a__farmer_id", a."name" AS "a__name", a."region" AS "a__region", b."farmer_id" AS "b__farmer_id", b."name" AS "b__name", b."region" AS "b__region", a._lf_a, b._lf_b
FROM a FULL OUTER JOIN b ON a."farmer_id" = b."farmer_id"
) AS j
WHERE _lf_a IS NULL OR _lf_b IS NULL OR "a__name" IS DISTINCT FROM "b__name" OR "a__region" IS DISTINCT FROM "b__region"
ORDER BY coalesce("a__farmer_id", "b__farmer_id")
LIMIT 10;

-- introspection
SELECT (SELECT count(*) FROM "lake"."silver"."farmers") AS rows_a, (SELECT count(*) FROM "lake"."silver"."farmers") AS rows_b,
  (SELECT count(*) FROM (SELECT "farmer_id", "name", "region" FROM "lake"."silver"."farmers" EXCEPT ALL SELECT "farmer_id", "name", "region" FROM "lake"."silver"."farmers")) AS only_a, (SELECT count(*) FROM (SELECT "farmer_id", "name", "region" FROM "lake"."silver"."farmers" EXCEPT ALL SELECT "farmer_id", "name", "region" FROM "lake"."silver"."farmers")) AS only_b;
