-- CREATE SCHEMA for every written schema

-- create-schema
CREATE SCHEMA IF NOT EXISTS "lake"."gold"
WITH (location = 's3://warehouse/gold');

-- create-schema
CREATE SCHEMA IF NOT EXISTS "lake"."select"
WITH (location = 's3://warehouse/select');

-- create-schema
CREATE SCHEMA IF NOT EXISTS "lake"."silver"
WITH (location = 's3://warehouse/silver');
