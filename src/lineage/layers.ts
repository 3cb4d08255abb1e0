/** Medallion layer and left-to-right rank of lineage nodes. */
import type { LineageEdge, LineageEdgeKind } from "./types.js";

const MEDALLION = ["raw", "landing", "bronze", "staging", "silver", "intermediate", "gold", "mart", "marts"] as const;

/** `gold`, `gold_dev`, `dev_gold` → `gold`; other schemas are their own layer. */
export function layerOfSchema(schema: string): string {
  const s = schema.toLowerCase();
  for (const m of MEDALLION) if (s === m || s.startsWith(`${m}_`) || s.endsWith(`_${m}`)) return m;
  return s;
}

/** Data flows along these; checks hang off the relation they check (same column). */
const DATA_EDGES: ReadonlySet<LineageEdgeKind> = new Set(["ingests", "dead-letters", "feeds", "reads"]);

/**
 * Longest data path from a root, so every relation sits right of everything it reads. Check
 * nodes (assertions, tests) take the column of the rightmost relation they check. Cycles are a
 * compile error reported elsewhere; here they are cut so ranking always terminates.
 */
export function computeRanks(ids: readonly string[], edges: readonly LineageEdge[]): Map<string, number> {
  const incoming = new Map<string, LineageEdge[]>();
  for (const e of edges) incoming.set(e.to, [...(incoming.get(e.to) ?? []), e]);
  const rank = new Map<string, number>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = rank.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return 0;
    visiting.add(id);
    let r = 0;
    for (const e of incoming.get(id) ?? []) {
      const from = visit(e.from);
      r = Math.max(r, DATA_EDGES.has(e.kind) ? from + 1 : from);
    }
    visiting.delete(id);
    rank.set(id, r);
    return r;
  };
  for (const id of ids) visit(id);
  return rank;
}
