/**
 * Issue 17 item 1: one valid record must not stop the pipeline. A v2 event whose
 * `metadata_evento.timestamp_geracao_evento` is Long.MAX_VALUE (or anything above ~9.2e12 ms)
 * is valid Avro and lands in bronze; silver used to fail on it with `bigint multiplication
 * overflow` (NUMERIC_VALUE_OUT_OF_RANGE) on every run, skipping all its dependents. Now silver
 * keeps the row, flagged, and gold is built. Through `lakeform run` (a subprocess), on a copy of
 * the example project whose bronze, silver and gold schemas are unique to this test.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchemas, REPO_ROOT, runCli, trino, uniqueName } from "../helpers.js";
import { loadFixtureBronze } from "./fixture-bronze.js";

const id = uniqueName("harden_poison");
const bronze = `bronze_${id}`;
const dir = mkdtempSync(join(tmpdir(), "lakeform-poison-"));
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);
const num = async (sql: string) => Number((await q(sql))[0]?.[0]);
const BRONZE = `iceberg."${bronze}".dados_produtores_agro`;
const SILVER = `iceberg."silver_${id}".dados_produtores_agro`;
/** Out of Trino's timestamp range as epoch ms: |ms| > floor((2^63 - 1) / 10^6). */
// (not abs(): abs(Long.MIN_VALUE) overflows too)
const OUT_OF_RANGE = "metadata_evento.timestamp_geracao_evento NOT BETWEEN -9223372036854 AND 9223372036854";

beforeAll(async () => {
  for (const d of ["definitions", "includes", "sources", "streams", "seeds", "dataform.json"]) cpSync(join(REPO_ROOT, d), join(dir, d), { recursive: true });
  const retarget = (file: string) => {
    const text = readFileSync(join(dir, file), "utf8");
    writeFileSync(join(dir, file), text.replace(/ref\("bronze", /g, `ref("${bronze}", `).replace(/input "bronze", /g, `input "${bronze}", `).replace(/schema: bronze\b/g, `schema: ${bronze}`));
  };
  for (const f of ["sources/bronze.yaml", "definitions/silver/dados_produtores_agro.sqlx", "definitions/tests/silver_classificacao_risco_test.sqlx", "definitions/tests/silver_validacao_replay_test.sqlx", "sources/bronze_freshness.sqlx"]) retarget(f);
  // The simulator's own bad events include out-of-range event times (src/simulate/bad-events.ts).
  await loadFixtureBronze(client, REPO_ROOT, bronze, { count: 600, seed: 7, firstOffset: 0 });
  // …and the exact values of the outside reliability run, on copies of good events.
  const cols = (await q(`SELECT column_name FROM iceberg.information_schema.columns WHERE table_schema = '${bronze}' AND table_name = 'dados_produtores_agro' ORDER BY ordinal_position`)).map((r) => `"${String(r[0])}"`);
  const poisoned = (ms: string, offset: number) =>
    cols.map((c) =>
      c === '"metadata_evento"'
        ? `CAST(ROW(metadata_evento.versao_schema, metadata_evento.origem_dados, BIGINT '${ms}') AS ROW(versao_schema varchar, origem_dados varchar, timestamp_geracao_evento bigint))`
        : c === '"_offset"' || c === '"_batch_end_offset"' || c === '"_batch_high_watermark"'
          ? `BIGINT '${offset}'`
          : c,
    );
  const values = [["9223372036854775807", 900_001], ["-9223372036854775808", 900_002], ["9223372036855", 900_003]] as const;
  for (const [ms, offset] of values) {
    await client.query(`INSERT INTO ${BRONZE} (${cols.join(", ")}) SELECT ${poisoned(ms, offset).join(", ")} FROM ${BRONZE} WHERE _offset = (SELECT min(_offset) FROM ${BRONZE} WHERE NOT (${OUT_OF_RANGE}))`);
  }
});

afterAll(async () => {
  await dropSchemas(client, [bronze, `silver_${id}`, `gold_${id}`, `qualidade_${id}`]);
  rmSync(dir, { recursive: true, force: true });
});

describe("a record with an out-of-range event time (issue 17 item 1)", () => {
  it("lands in bronze, is kept and flagged in silver, and the run builds gold", async () => {
    const poison = await num(`SELECT count(*) FROM ${BRONZE} WHERE ${OUT_OF_RANGE}`);
    expect(poison).toBeGreaterThan(3); // the three above plus the simulator's

    const r = runCli(["run", dir, "--schema-suffix", id, "--json", "--no-run-log"]);
    const summary = JSON.parse(r.stdout) as { status: string; outcomes: { action: { key: string }; status: string; error?: string }[] };
    // On the old conversion: silver failed with "bigint multiplication overflow" and its 19 dependents were skipped.
    expect(summary.outcomes.filter((o) => o.status !== "success" && o.status !== "warning").map((o) => [o.action.key, o.status, o.error])).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain("NUMERIC_VALUE_OUT_OF_RANGE");
    expect(summary.status).toBe("success");
    expect(r.status, r.stderr.slice(-3000)).toBe(0);

    // Every bronze row is in silver, the poisoned ones flagged with their reason and a NULL time.
    expect(await num(`SELECT count(*) FROM ${SILVER}`)).toBe(await num(`SELECT count(*) FROM ${BRONZE}`));
    const flagged = await q(
      `SELECT count(*), count_if(evento_gerado_em IS NULL), count_if(NOT registro_valido) FROM ${SILVER} WHERE contains(motivos_invalidade, 'EVENTO_GERADO_EM_INVALIDO')`,
    );
    expect(flagged.map((row) => row.map(Number))).toEqual([[poison, poison, poison]]);
    expect(await num(`SELECT count(*) FROM ${SILVER} WHERE evento_gerado_em IS NULL`)).toBe(poison);

    // The simulator's non-finite amounts are flagged too, never valid.
    expect(await num(`SELECT count(*) FROM ${SILVER} WHERE registro_valido AND NOT is_finite(valor_solicitado_credito)`)).toBe(0);

    for (const g of ["proponente_features_agro", "location_features_agro", "risk_features_agro"]) {
      expect(await num(`SELECT count(*) FROM iceberg."gold_${id}".${g}`), g).toBeGreaterThan(0);
    }
  });
});
