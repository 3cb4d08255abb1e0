-- test:exposure_test: mode test
-- state: {"exists":false}

-- test
SELECT count(*) AS differing_rows
FROM (
  (SELECT * FROM (
SELECT l.region, sum(l.amount) AS exposure
FROM ( SELECT 'S' AS region, 10.0 AS amount, 1 AS farmer_id ) AS l
JOIN ( SELECT 1 AS farmer_id ) AS f ON f.farmer_id = l.farmer_id
GROUP BY l.region
  ) EXCEPT ALL SELECT * FROM (
SELECT 'S' AS region, 10.0 AS exposure
  ))
  UNION ALL
  (SELECT * FROM (
SELECT 'S' AS region, 10.0 AS exposure
  ) EXCEPT ALL SELECT * FROM (
SELECT l.region, sum(l.amount) AS exposure
FROM ( SELECT 'S' AS region, 10.0 AS amount, 1 AS farmer_id ) AS l
JOIN ( SELECT 1 AS farmer_id ) AS f ON f.farmer_id = l.farmer_id
GROUP BY l.region
  ))
) AS diff;
