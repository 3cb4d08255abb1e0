import type { TrinoClient } from "../../../src/adapters/trino/client.js";

/** The source table the models of `tests/integration/run/project` read (its `src_schema` var). */
export async function createRawOrders(client: TrinoClient, src: string): Promise<void> {
  await client.query(`CREATE SCHEMA iceberg."${src}" WITH (location = 's3://warehouse/${src}')`);
  await client.query(
    `CREATE TABLE iceberg."${src}".raw_orders AS SELECT * FROM (VALUES
      (1, 'ana', 10.0E0, 'new', TIMESTAMP '2026-01-01 10:00:00'),
      (2, 'bia', 20.0E0, 'new', TIMESTAMP '2026-01-01 11:00:00'),
      (3, 'ana', 5.0E0, 'new', TIMESTAMP '2026-01-01 12:00:00')) v(order_id, customer, amount, status, updated_at)`,
  );
}
