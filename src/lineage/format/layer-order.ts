import type { TableLineage } from "../types.js";

/** Side layers drawn after the data layers, whatever their rank. */
const TRAILING = ["quality", "grafana"];

/** Layers ordered by the smallest rank of their nodes (kafka, bronze, silver, gold, …). */
export function layerOrder(l: TableLineage): string[] {
  const first = new Map<string, number>();
  for (const n of l.nodes) first.set(n.layer, Math.min(first.get(n.layer) ?? Infinity, n.rank));
  const weight = (layer: string) => TRAILING.indexOf(layer);
  return [...first.entries()]
    .sort((a, b) => weight(a[0]) - weight(b[0]) || a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
    .map(([layer]) => layer);
}
