/**
 * Builds the agro lineage fixture for real in a throwaway schema: a bronze table with the
 * stream's columns and generated rows, then silver and gold by running the fixture's compiled
 * model SQL (refs redirected to the test schema), plus run-log tables with a few runs.
 */
import type { TrinoClient } from "../../../src/adapters/trino/client.js";
import type { Action, Target } from "../../../src/compile/graph.js";
import type { ProjectInputs } from "../../../src/lineage/project-inputs.js";

const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Every graph relation lives in the test schema as `<schema>__<name>`. */
export function testRelation(catalog: string, schema: string) {
  return (t: Target) => ({ catalog, schema, table: `${t.schema}__${t.name}` });
}

const BRONZE_ROW = `
  'P' || lpad(CAST(i % 40 AS varchar), 4, '0') AS proponente_id,
  current_timestamp - i * INTERVAL '37' MINUTE AS data_solicitacao,
  lpad(CAST(i * 7919 % 99999999999 AS varchar), CASE WHEN i % 5 = 0 THEN 14 ELSE 11 END, '0') AS cpf_cnpj,
  'Produtor ' || CAST(i % 40 AS varchar) AS nome_razao_social,
  CASE WHEN i % 5 = 0 THEN 'PJ' ELSE 'PF' END AS tipo_pessoa,
  50000.0 + (i % 17) * 12000 AS renda_bruta_anual_declarada,
  10000.0 + (i % 23) * 5000 AS valor_solicitado_credito,
  element_at(ARRAY['CUSTEIO', 'INVESTIMENTO', 'COMERCIALIZACAO'], 1 + i % 3) AS finalidade_credito,
  CAST(ROW(-20.0 - (i % 9), -50.0 + (i % 7), element_at(ARRAY['Sorriso', 'Rio Verde', 'Cascavel', 'Uberaba'], 1 + i % 4), element_at(ARRAY['MT', 'GO', 'PR', 'MG'], 1 + i % 4))
       AS ROW(latitude DOUBLE, longitude DOUBLE, municipio VARCHAR, uf VARCHAR)) AS localizacao_propriedade,
  CASE WHEN i % 31 = 0 THEN -1.0 ELSE 5.0 + (i % 13) * 40 END AS area_total_hectares,
  element_at(ARRAY['SOJA', 'MILHO', 'CAFE', 'ALGODAO'], 1 + i % 4) AS cultura_principal,
  i % 2 = 0 AS possui_experiencia_atividade,
  CAST(i % 30 AS integer) AS anos_experiencia,
  CAST(ROW(CAST((i * 137) % 1000 AS integer), i % 11 = 0, 'M-' || CAST(i AS varchar)) AS ROW(serasa_score INTEGER, ibama_autuacoes_ativas BOOLEAN, numero_matricula_imovel VARCHAR)) AS fontes_dados_adicionais,
  CAST(ROW('2', 'simulador', to_unixtime(current_timestamp) * 1000) AS ROW(versao_schema VARCHAR, origem_dados VARCHAR, timestamp_geracao_evento BIGINT)) AS metadata_evento,
  element_at(ARRAY['APP', 'AGENCIA'], 1 + i % 2) AS canal_solicitacao,
  'dados_produtores' AS _topic,
  CAST(i % 3 AS integer) AS _partition,
  CAST(i AS bigint) AS _offset,
  current_timestamp - i * INTERVAL '37' MINUTE - INTERVAL '2' SECOND AS _kafka_ts,
  'P' || CAST(i % 40 AS varchar) AS _key,
  2 AS _schema_id,
  current_timestamp - i * INTERVAL '37' MINUTE AS _ingested_at,
  CAST(i AS bigint) AS _batch_end_offset,
  CAST(i + 5 AS bigint) AS _batch_high_watermark`;

export async function buildFixture(client: TrinoClient, p: ProjectInputs, catalog: string, schema: string): Promise<void> {
  const rel = testRelation(catalog, schema);
  const name = (t: Target) => {
    const r = rel(t);
    return `${q(r.catalog)}.${q(r.schema)}.${q(r.table)}`;
  };
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${q(catalog)}.${q(schema)}`);
  const stream = p.streams[0];
  if (!stream) throw new Error("fixture has no stream");
  const [db = "", sc = "", tb = ""] = stream.target.split(".");
  const bronze = name({ database: db, schema: sc, name: tb });
  await client.query(`CREATE TABLE ${bronze} (${stream.columns.map((c) => `${q(c.name)} ${c.type ?? "VARCHAR"}`).join(", ")})`);
  // Two commits, so $snapshots has history.
  await client.query(`INSERT INTO ${bronze} SELECT ${BRONZE_ROW} FROM UNNEST(sequence(1, 150)) AS s(i)`);
  await client.query(`INSERT INTO ${bronze} SELECT ${BRONZE_ROW} FROM UNNEST(sequence(151, 240)) AS s(i)`);

  const actions = p.compiled.graph.actions;
  const redirect = (sql: string) => actions.reduce((s, a) => s.split(a.sqlTarget).join(name(a.target)), sql);
  const models = actions.filter((a): a is Extract<Action, { kind: "table" | "incremental" }> => a.kind === "table" || a.kind === "incremental");
  // Silver before gold: the fixture's dependency order is its layer order.
  for (const a of [...models].sort((x, y) => (x.target.schema === "silver" ? -1 : 0) - (y.target.schema === "silver" ? -1 : 0))) {
    await client.query(`CREATE TABLE ${name(a.target)} AS ${redirect(a.query)}`);
  }

  const log = (t: string) => `${q(catalog)}.${q(schema)}.${q(t)}`;
  await client.query(`CREATE TABLE ${log("runs")} (run_id varchar, project varchar, started_at timestamp(6) with time zone, ended_at timestamp(6) with time zone, status varchar, actions_total integer, actions_failed integer)`);
  await client.query(`CREATE TABLE ${log("action_runs")} (run_id varchar, action_key varchar, kind varchar, status varchar, started_at timestamp(6) with time zone, ended_at timestamp(6) with time zone, duration_ms bigint, statements integer, rows_written bigint, query_ids array(varchar), snapshot_id varchar, error varchar)`);
  await client.query(`CREATE TABLE ${log("assertion_results")} (run_id varchar, assertion_key varchar, parent_key varchar, status varchar, failing_rows bigint, blocking boolean, checked_at timestamp(6) with time zone)`);
  await client.query(`INSERT INTO ${log("runs")} VALUES
    ('r1', 'agro', current_timestamp - INTERVAL '2' HOUR, current_timestamp - INTERVAL '119' MINUTE, 'success', 8, 0),
    ('r2', 'agro', current_timestamp - INTERVAL '1' HOUR, current_timestamp - INTERVAL '58' MINUTE, 'failed', 8, 1)`);
  await client.query(`INSERT INTO ${log("action_runs")} VALUES
    ('r1', 'iceberg.silver.dados_produtores_agro', 'incremental', 'success', current_timestamp - INTERVAL '2' HOUR, current_timestamp - INTERVAL '119' MINUTE, 41000, 2, 240, ARRAY['q1'], '1', NULL),
    ('r2', 'iceberg.gold.risk_features_agro', 'table', 'failed', current_timestamp - INTERVAL '1' HOUR, current_timestamp - INTERVAL '59' MINUTE, 3000, 1, 0, ARRAY['q2'], NULL, 'Column x cannot be resolved')`);
  await client.query(`INSERT INTO ${log("assertion_results")} VALUES
    ('r1', 'iceberg.qualidade.gold_risk_features_agro_assertions_uniqueKey_0', 'iceberg.gold.risk_features_agro', 'success', 0, true, current_timestamp - INTERVAL '119' MINUTE),
    ('r2', 'iceberg.qualidade.silver_dados_produtores_agro_assertions_uniqueKey_0', 'iceberg.silver.dados_produtores_agro', 'failed', 3, true, current_timestamp - INTERVAL '58' MINUTE)`);
}

export async function dropFixture(client: TrinoClient, catalog: string, schema: string): Promise<void> {
  const r = await client.query(`SELECT table_name FROM ${q(catalog)}.information_schema.tables WHERE table_schema = '${schema}'`);
  for (const row of r.rows) await client.query(`DROP TABLE IF EXISTS ${q(catalog)}.${q(schema)}.${q(String(row[0]))}`);
  await client.query(`DROP SCHEMA IF EXISTS ${q(catalog)}.${q(schema)}`);
}
