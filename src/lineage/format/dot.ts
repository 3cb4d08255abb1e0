/** Graphviz DOT, left to right, one cluster per layer (`dot -Tsvg lineage.dot`). */
import type { LineageEdgeKind, LineageNodeKind, TableLineage } from "../types.js";
import { layerOrder } from "./layer-order.js";

const q = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;

const NODE_STYLE: Record<LineageNodeKind, string> = {
  topic: 'shape=cds, style=filled, fillcolor="#fde2c8"',
  files: 'shape=folder, style=filled, fillcolor="#fdf0c8"',
  source: 'shape=cylinder, style=filled, fillcolor="#e8e1d3"',
  table: 'shape=box, style=filled, fillcolor="#dbe9f7"',
  incremental: 'shape=box, style="filled,bold", fillcolor="#dbe9f7"',
  view: 'shape=box, style="filled,rounded", fillcolor="#e4f2e4"',
  operations: 'shape=box3d, style=filled, fillcolor="#eeeeee"',
  assertion: 'shape=hexagon, style=filled, fillcolor="#fbe3e3"',
  test: 'shape=hexagon, style=filled, fillcolor="#fbe3e3"',
  dashboard: 'shape=note, style=filled, fillcolor="#efe3fb"',
  seed: 'shape=cylinder, style=filled, fillcolor="#f3f0c8"',
};

const EDGE_STYLE: Record<LineageEdgeKind, string> = {
  ingests: "penwidth=2",
  "dead-letters": "style=dashed",
  feeds: "",
  checks: "style=dotted, arrowhead=none",
  reads: 'color="#6b3ab0"',
};

export function toDot(l: TableLineage): string {
  const lines = [`digraph ${q(l.project || "lineage")} {`, "  rankdir=LR;", '  node [fontname="Helvetica", fontsize=10];', "  edge [color=\"#555555\"];"];
  layerOrder(l).forEach((layer, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${q(layer)}; style=rounded; color="#bbbbbb";`);
    for (const n of l.nodes.filter((x) => x.layer === layer)) lines.push(`    ${q(n.id)} [label=${q(n.label)}, ${NODE_STYLE[n.kind]}];`);
    lines.push("  }");
  });
  for (const e of l.edges) {
    const style = EDGE_STYLE[e.kind];
    lines.push(`  ${q(e.from)} -> ${q(e.to)}${style ? ` [${style}]` : ""};`);
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
