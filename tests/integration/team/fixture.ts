import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TrinoClient } from "../../../src/adapters/trino/client.js";

/**
 * A small project of its own for the team tests (issue 15), written to a temporary folder:
 * raw_orders (declared) → stg (table) → by_customer (table, asserted) → big (view), and
 * stg → order_count (table), plus unrelated (table). Schemas are `<schema>`, `<schema>_src` and
 * `<schema>_assertions`, suffixed per environment.
 */
export interface TeamProject {
  readonly dir: string;
  readonly schema: string;
  write(file: string, text: string): void;
  remove(): void;
}

export const BY_CUSTOMER = `config { type: "table", assertions: { nonNull: ["customer"] } }
SELECT customer, sum(amount) AS total, count(*) AS orders
FROM \${ref("stg")}
GROUP BY customer`;

export function teamProject(schema: string, extra: Record<string, string> = {}): TeamProject {
  const dir = mkdtempSync(join(tmpdir(), "team-project-"));
  const write = (file: string, text: string) => {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  };
  write("dataform.json", JSON.stringify({ warehouse: "trino", defaultDatabase: "iceberg", defaultSchema: schema, assertionSchema: `${schema}_assertions` }, null, 2));
  const files: Record<string, string> = {
    "definitions/raw_orders.sqlx": `config { type: "declaration", schema: "${schema}_src", name: "raw_orders" }`,
    "definitions/stg.sqlx": `config { type: "table" }\nSELECT order_id, customer, amount FROM \${ref("raw_orders")}`,
    "definitions/by_customer.sqlx": BY_CUSTOMER,
    "definitions/big.sqlx": `config { type: "view" }\nSELECT * FROM \${ref("by_customer")} WHERE total > 10`,
    "definitions/order_count.sqlx": `config { type: "table" }\nSELECT count(*) AS n FROM \${ref("stg")}`,
    "definitions/unrelated.sqlx": `config { type: "table" }\nSELECT 1 AS x`,
    ...extra,
  };
  for (const [f, t] of Object.entries(files)) write(f, t);
  return { dir, schema, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function createTeamSource(client: TrinoClient, schema: string, rows = 6): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS iceberg."${schema}_src" WITH (location = 's3://warehouse/${schema}_src')`);
  await client.query(
    `CREATE TABLE iceberg."${schema}_src".raw_orders AS SELECT order_id, customer, amount FROM (
       SELECT n AS order_id, element_at(ARRAY['ana', 'bia', 'caio'], 1 + n % 3) AS customer, CAST(n * 2.5E0 AS double) AS amount
       FROM UNNEST(sequence(1, ${rows})) AS t(n))`,
  );
}
