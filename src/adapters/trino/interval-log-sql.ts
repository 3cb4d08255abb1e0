/**
 * The interval log of time-range models (`lakeform.intervals`): one row per interval built (after
 * its MERGE committed) and one `reset` row when the table is recreated empty. Planning reads the
 * intervals logged since the latest reset.
 */
import type { Target } from "../../common/target.js";
import type { IntervalLogRow } from "../../plan/dialect.js";
import { quoteLiteral, quoteString, quoteTarget } from "./quote.js";

/** `TIMESTAMP '2026-01-01 00:00:00.000000 UTC'` from an ISO-8601 UTC instant. */
export function timestampLiteral(isoUtc: string): string {
  const t = Date.parse(isoUtc);
  if (Number.isNaN(t)) throw new Error(`not an instant: ${isoUtc}`);
  const s = new Date(t).toISOString(); // 2026-01-01T00:00:00.000Z
  return `TIMESTAMP ${quoteString(`${s.slice(0, 10)} ${s.slice(11, 23)}000 UTC`)}`;
}

export function intervalLogInsert(log: Target, rows: readonly IntervalLogRow[]): string {
  if (!rows.length) throw new Error("intervalLogInsert: no rows");
  const bound = (v: string | undefined) => (v === undefined ? "NULL" : timestampLiteral(v));
  const values = rows.map((r) => `(${quoteString(r.modelKey)}, ${quoteString(r.event)}, ${bound(r.start)}, ${bound(r.end)}, ${quoteLiteral(r.complete)}, current_timestamp)`);
  return [`INSERT INTO ${quoteTarget(log)} (model_key, event, interval_start, interval_end, complete, logged_at)`, `VALUES ${values.join(",\n  ")}`].join("\n");
}

/**
 * Rows (model_key, start, end, complete) — ISO strings — of the intervals built since each model's
 * latest reset. `>=`: a (re)build logs its reset and its intervals in one INSERT (one timestamp).
 */
export function intervalLogRead(log: Target, modelKeys: readonly string[]): string {
  const t = quoteTarget(log);
  return [
    "SELECT l.model_key, to_iso8601(l.interval_start), to_iso8601(l.interval_end), bool_or(l.complete)",
    `FROM ${t} AS l`,
    `LEFT JOIN (SELECT model_key, max(logged_at) AS reset_at FROM ${t} WHERE event = 'reset' GROUP BY model_key) AS r ON r.model_key = l.model_key`,
    `WHERE l.event = 'built' AND l.model_key IN (${modelKeys.map(quoteString).join(", ")}) AND (r.reset_at IS NULL OR l.logged_at >= r.reset_at)`,
    "GROUP BY 1, 2, 3",
    "ORDER BY 1, 2",
  ].join("\n");
}
