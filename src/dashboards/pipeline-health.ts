/**
 * The pipeline-health dashboard: bronze freshness and ingest lag (from the ingester's offset
 * columns), commits and rows per layer (Iceberg `$snapshots`), small-file pressure (`$files`),
 * run durations and assertion results (the runner's run log tables).
 */
import { quoteIdentifier, quoteString } from "../adapters/trino/quote.js";
import { DashboardBuilder, RowBuilder } from "@grafana/grafana-foundation-sdk/dashboard";
import type { Target } from "../compile/graph.js";
import { Grid } from "./grid.js";
import { sqlName, type DashboardOptions } from "./options.js";
import { barChartPanel, statPanel, tablePanel, timeSeriesPanel, type PanelSpec } from "./panels.js";
import { TABLE, TIME_SERIES, type TrinoFormat } from "./trino-query.js";
import type { GeneratedDashboard, PanelQuery } from "./types.js";
import { dashboardUid } from "./uid.js";

export interface HealthTable {
  /** Graph relation key. */
  readonly key: string;
  readonly target: Target;
  readonly layer: string;
}

export interface HealthInput {
  /** Iceberg tables Lakeform writes (tables, incrementals) and the streams' bronze tables. */
  readonly tables: readonly HealthTable[];
  /** The streams' bronze tables (they have `_ingested_at`, `_kafka_ts`, offsets). */
  readonly streamTables: readonly (HealthTable & { readonly topic: string })[];
  /** File landings' bronze tables (`_file`, `_file_etag`, `_file_modified`) and their dead-letter tables. */
  readonly fileTables?: readonly (HealthTable & { readonly location: string; readonly deadLetter?: { readonly key: string; readonly target: Target } | undefined })[];
}

/** Keep snapshot/file unions bounded: Trino plans every branch. */
const MAX_TABLES = 40;
const SMALL_FILE_BYTES = 32 * 1024 * 1024;

const lit = quoteString;

export function pipelineHealthDashboard(input: HealthInput, opts: DashboardOptions): GeneratedDashboard {
  const uid = dashboardUid(opts.uidPrefix, "pipeline-health");
  const title = "Lakeform · pipeline health";
  const builder = new DashboardBuilder(title)
    .uid(uid)
    .tags(["lakeform", "pipeline-health"])
    .description("Freshness, ingest lag, Iceberg commits and files per layer, run durations and assertion results.")
    .time({ from: opts.timeFrom, to: "now" })
    .timezone("browser")
    .refresh("1m")
    .editable();
  const grid = new Grid();
  const queries: PanelQuery[] = [];
  let id = 1;
  const ds = opts.datasourceUid;
  const rel = (t: Target, suffix = "") => sqlName(opts.relation(t), suffix);
  const runLog = (table: string) => sqlName({ catalog: opts.runLog.catalog, schema: opts.runLog.schema, table });
  const runLogKeys = (table: string) => [`${opts.runLog.catalog}.${opts.runLog.schema}.${table}`];

  type Kind = (s: PanelSpec & { xField: string }) => ReturnType<typeof statPanel>;
  const panel = (make: Kind, spec: { title: string; description: string; w: number; h: number; sql: string; format: TrinoFormat; unit?: string; xField?: string; reads: readonly string[]; expectRows?: boolean }) => {
    queries.push({ panelId: id, panelTitle: spec.title, refId: "A", rawSQL: spec.sql, format: spec.format, reads: spec.reads, expectRows: spec.expectRows ?? false });
    builder.withPanel(make({ id, title: spec.title, description: spec.description, gridPos: grid.place(spec.w, spec.h), datasourceUid: ds, unit: spec.unit, xField: spec.xField ?? "", queries: [{ sql: spec.sql, format: spec.format }] }));
    id++;
  };
  const row = (t: string) => builder.withRow(new RowBuilder(t).id(id++).gridPos(grid.row()));

  if (input.streamTables.length) {
    row("Ingestão (bronze)");
    const widths = Grid.split(input.streamTables.length, 6);
    input.streamTables.forEach((s, i) => {
      const sql = `SELECT date_diff('second', max("_ingested_at"), current_timestamp) AS segundos_desde_ultimo_lote\nFROM ${rel(s.target)}`;
      panel(statPanel, { title: `Frescor · ${s.target.schema}.${s.target.name}`, description: `Seconds since the last batch from topic ${s.topic} landed`, w: widths[i] ?? 6, h: 4, sql, format: TABLE, unit: "s", reads: [s.key], expectRows: true });
    });
    const lagUnion = input.streamTables
      .map((s) => `SELECT "_ingested_at", "_kafka_ts", "_batch_high_watermark" - "_batch_end_offset" AS atraso_offsets FROM ${rel(s.target)}`)
      .join("\n  UNION ALL\n  ");
    const lagSql = `SELECT $__timeGroup("_ingested_at", '5m') AS "time",\n  avg(date_diff('millisecond', "_kafka_ts", "_ingested_at")) / 1000.0 AS atraso_ingestao_s,\n  max(atraso_offsets) AS mensagens_pendentes\nFROM (\n  ${lagUnion}\n) b\nWHERE $__timeFilter("_ingested_at")\nGROUP BY 1\nORDER BY 1`;
    panel(timeSeriesPanel, { title: "Atraso de ingestão", description: "Kafka timestamp → bronze commit (seconds), and messages left in the partition when the batch was read", w: 24, h: 8, sql: lagSql, format: TIME_SERIES, reads: input.streamTables.map((s) => s.key) });
  }

  const fileTables = input.fileTables ?? [];
  if (fileTables.length) {
    row("Arquivos recebidos (bronze)");
    const dead = (f: (typeof fileTables)[number]) => (f.deadLetter ? `(SELECT count(*) FROM ${rel(f.deadLetter.target)} WHERE "_line" > 0)` : "CAST(NULL AS bigint)");
    const summary = fileTables
      .map((f) => `SELECT ${lit(f.location)} AS prefixo, count(DISTINCT "_file" || ' ' || "_file_etag") AS arquivos, count(*) AS linhas, ${dead(f)} AS cartas_mortas, max("_ingested_at") AS ultimo_lote FROM ${rel(f.target)}`)
      .join("\nUNION ALL\n");
    const reads = fileTables.flatMap((f) => [f.key, ...(f.deadLetter ? [f.deadLetter.key] : [])]);
    panel(tablePanel, { title: "Arquivos aterrissados", description: "Per landing prefix: object versions landed, bronze rows, dead letters (bad records) and the last batch", w: 24, h: 6, sql: `${summary}\nORDER BY 1`, format: TABLE, reads, expectRows: true });
    const lagUnion = fileTables.map((f) => `SELECT "_ingested_at", "_file_modified", "_file", "_file_etag" FROM ${rel(f.target)}`).join("\n  UNION ALL\n  ");
    const lagSql = `SELECT $__timeGroup("_ingested_at", '5m') AS "time",\n  avg(date_diff('millisecond', "_file_modified", "_ingested_at")) / 1000.0 AS atraso_arquivo_s,\n  count(DISTINCT "_file" || ' ' || "_file_etag") AS arquivos\nFROM (\n  ${lagUnion}\n) f\nWHERE $__timeFilter("_ingested_at")\nGROUP BY 1\nORDER BY 1`;
    panel(timeSeriesPanel, { title: "Atraso de arquivos", description: "Object written to the store → its rows committed to bronze (seconds), and object versions landed per 5 minutes", w: 24, h: 8, sql: lagSql, format: TIME_SERIES, reads: fileTables.map((f) => f.key) });
  }

  const tables = input.tables.slice(0, MAX_TABLES);
  if (tables.length) {
    const layers = [...new Set(tables.map((t) => t.layer))];
    row("Commits Iceberg por camada");
    const snapUnion = tables.map((t) => `SELECT committed_at, summary, ${lit(t.layer)} AS camada FROM ${rel(t.target, "$snapshots")}`).join("\n  UNION ALL\n  ");
    const pivot = (expr: (layer: string) => string) => layers.map((l) => `  ${expr(l)} AS ${quoteIdentifier(l)}`).join(",\n");
    const reads = tables.map((t) => t.key);
    const commitsSql = `SELECT $__timeGroup(committed_at, '1h') AS "time",\n${pivot((l) => `count_if(camada = ${lit(l)})`)}\nFROM (\n  ${snapUnion}\n) s\nWHERE $__timeFilter(committed_at)\nGROUP BY 1\nORDER BY 1`;
    panel(timeSeriesPanel, { title: "Commits por camada", description: "Iceberg snapshots committed per hour ($snapshots)", w: 12, h: 8, sql: commitsSql, format: TIME_SERIES, reads });
    // An empty table's first snapshot has no added-records key: summary['added-records'] fails
    // with "Key not present in map", element_at gives NULL.
    const rowsSql = `SELECT $__timeGroup(committed_at, '1h') AS "time",\n${pivot((l) => `coalesce(sum(CAST(element_at(summary, 'added-records') AS bigint)) FILTER (WHERE camada = ${lit(l)}), 0)`)}\nFROM (\n  ${snapUnion}\n) s\nWHERE $__timeFilter(committed_at)\nGROUP BY 1\nORDER BY 1`;
    panel(timeSeriesPanel, { title: "Linhas gravadas por camada", description: "added-records of each Iceberg snapshot, per hour", w: 12, h: 8, sql: rowsSql, format: TIME_SERIES, reads });

    row("Arquivos pequenos");
    const filesUnion = tables.map((t) => `SELECT ${lit(`${t.target.schema}.${t.target.name}`)} AS tabela, file_size_in_bytes, record_count FROM ${rel(t.target, "$files")}`).join("\n  UNION ALL\n  ");
    const filesSql = `SELECT tabela,\n  count(*) AS arquivos,\n  count_if(file_size_in_bytes < ${SMALL_FILE_BYTES}) AS arquivos_pequenos,\n  round(avg(file_size_in_bytes) / 1048576.0, 2) AS mb_medio,\n  sum(record_count) AS linhas\nFROM (\n  ${filesUnion}\n) f\nGROUP BY 1\nORDER BY 3 DESC, 1`;
    panel(tablePanel, { title: "Arquivos por tabela", description: `Data files of each table ($files); under ${SMALL_FILE_BYTES / 1048576} MB counts as small — run maintenance (optimize) when they pile up`, w: 14, h: 9, sql: filesSql, format: TABLE, reads });
    const smallSql = `SELECT tabela, count_if(file_size_in_bytes < ${SMALL_FILE_BYTES}) AS arquivos_pequenos\nFROM (\n  ${filesUnion}\n) f\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 15`;
    panel(barChartPanel, { title: "Pressão de arquivos pequenos", description: "Tables with the most small files", w: 10, h: 9, sql: smallSql, format: TABLE, xField: "tabela", reads });
  }

  row("Execuções (lakeform run)");
  const runsSql = `SELECT $__timeGroup(started_at, '1h') AS "time",\n  avg(date_diff('millisecond', started_at, ended_at)) / 1000.0 AS duracao_media_s,\n  max(date_diff('millisecond', started_at, ended_at)) / 1000.0 AS duracao_max_s\nFROM ${runLog("runs")}\nWHERE $__timeFilter(started_at) AND ended_at IS NOT NULL\nGROUP BY 1\nORDER BY 1`;
  panel(timeSeriesPanel, { title: "Duração das execuções", description: "lakeform.runs", w: 12, h: 8, sql: runsSql, format: TIME_SERIES, unit: "s", reads: runLogKeys("runs") });
  const slowSql = `SELECT action_key, round(avg(duration_ms) / 1000.0, 2) AS duracao_media_s\nFROM ${runLog("action_runs")}\nWHERE $__timeFilter(started_at)\nGROUP BY 1\nORDER BY 2 DESC\nLIMIT 15`;
  panel(barChartPanel, { title: "Ações mais lentas", description: "Average duration per action (lakeform.action_runs)", w: 12, h: 8, sql: slowSql, format: TABLE, unit: "s", xField: "action_key", reads: runLogKeys("action_runs") });
  const lastRunsSql = `SELECT run_id, status, started_at, ended_at, actions_total, actions_failed\nFROM ${runLog("runs")}\nWHERE $__timeFilter(started_at)\nORDER BY started_at DESC\nLIMIT 20`;
  panel(tablePanel, { title: "Últimas execuções", description: "lakeform.runs", w: 12, h: 8, sql: lastRunsSql, format: TABLE, reads: runLogKeys("runs") });
  const failedSql = `SELECT action_key, status, started_at, error\nFROM ${runLog("action_runs")}\nWHERE $__timeFilter(started_at) AND status = 'failed'\nORDER BY started_at DESC\nLIMIT 50`;
  panel(tablePanel, { title: "Ações com falha", description: "lakeform.action_runs where status = 'failed'", w: 12, h: 8, sql: failedSql, format: TABLE, reads: runLogKeys("action_runs") });

  row("Assertions");
  const failingSql = `SELECT count_if(status <> 'success') AS assertions_falhando\nFROM (\n  SELECT assertion_key, max_by(status, checked_at) AS status\n  FROM ${runLog("assertion_results")}\n  WHERE $__timeFilter(checked_at)\n  GROUP BY 1\n) a`;
  panel(statPanel, { title: "Assertions falhando", description: "Assertions whose latest result in the range is not success", w: 6, h: 8, sql: failingSql, format: TABLE, reads: runLogKeys("assertion_results") });
  const latestSql = `SELECT assertion_key, parent_key, max_by(status, checked_at) AS status, max_by(failing_rows, checked_at) AS linhas_falhando, bool_or(blocking) AS bloqueante, max(checked_at) AS verificada_em\nFROM ${runLog("assertion_results")}\nWHERE $__timeFilter(checked_at)\nGROUP BY 1, 2\nORDER BY 3 DESC, 1`;
  panel(tablePanel, { title: "Resultado das assertions", description: "Latest result of every assertion (lakeform.assertion_results)", w: 18, h: 8, sql: latestSql, format: TABLE, reads: runLogKeys("assertion_results") });

  const reads = [...new Set(queries.flatMap((q) => q.reads))].sort();
  return { uid, title, fileName: "pipeline-health.json", kind: "pipeline-health", dashboard: builder.build(), queries, reads };
}
