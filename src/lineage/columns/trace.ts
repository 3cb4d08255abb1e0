/**
 * Follows column lineage across models to the root fields (sources, stream tables): "which
 * bronze fields feed gold.risk_features_agro.serasa_score_medio".
 */
import type { ActionColumnLineage, DirectSubtype, FieldRef, RootField } from "./types.js";

/** `fontes_dados_adicionais.serasa_score` on a model is looked up as its top-level column. */
function lookup(l: ActionColumnLineage, column: string): readonly { table: string; column: string; subtype: DirectSubtype }[] | undefined {
  return l.columns[column] ?? l.columns[column.split(".")[0] ?? column];
}

export function traceRoots(all: ReadonlyMap<string, ActionColumnLineage>, start: FieldRef): RootField[] {
  const roots = new Map<string, RootField>();
  const visit = (ref: FieldRef, path: readonly string[], identity: boolean, aggregated: boolean, depth: number): void => {
    const model = all.get(ref.table);
    const inputs = model ? lookup(model, ref.column) : undefined;
    if (!model || !inputs || depth > 64) {
      const key = `${ref.table}\u0000${ref.column}`;
      const prev = roots.get(key);
      // Keep the most informative path: identity only if every path is identity.
      roots.set(key, { table: ref.table, column: ref.column, path: [ref.table, ...path], identity: identity && (prev?.identity ?? true), aggregated: aggregated || (prev?.aggregated ?? false) });
      return;
    }
    for (const i of inputs) visit({ table: i.table, column: i.column }, [ref.table, ...path], identity && i.subtype === "IDENTITY", aggregated || i.subtype === "AGGREGATION", depth + 1);
  };
  const model = all.get(start.table);
  const inputs = model ? lookup(model, start.column) : undefined;
  for (const i of inputs ?? []) visit({ table: i.table, column: i.column }, [start.table], i.subtype === "IDENTITY", i.subtype === "AGGREGATION", 1);
  return [...roots.values()].sort((a, b) => (a.table + a.column < b.table + b.column ? -1 : 1));
}
