/**
 * Mermaid flowchart, left to right, one subgraph per layer in rank order, so GitHub and
 * Markdown viewers draw topic → bronze → silver → gold.
 */
import type { LineageEdgeKind, LineageNode, LineageNodeKind, TableLineage } from "../types.js";
import { layerOrder } from "./layer-order.js";

/** Mermaid ids must be plain words; keep them readable and unique. */
export function mermaidId(id: string, used: Map<string, string>): string {
  const existing = used.get(id);
  if (existing) return existing;
  let base = id.replace(/[^A-Za-z0-9_]/g, "_");
  if (!/^[A-Za-z]/.test(base)) base = `n_${base}`;
  let candidate = base;
  for (let i = 2; [...used.values()].includes(candidate); i++) candidate = `${base}_${i}`;
  used.set(id, candidate);
  return candidate;
}

function escapeLabel(s: string): string {
  return s.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
}

const SHAPES: Record<LineageNodeKind, (label: string) => string> = {
  topic: (l) => `[/"${l}"/]`,
  files: (l) => `[/"${l}"\\]`,
  source: (l) => `[("${l}")]`,
  table: (l) => `["${l}"]`,
  incremental: (l) => `["${l}"]`,
  view: (l) => `(["${l}"])`,
  operations: (l) => `[["${l}"]]`,
  assertion: (l) => `{{"${l}"}}`,
  test: (l) => `{{"${l}"}}`,
  dashboard: (l) => `>"${l}"]`,
  seed: (l) => `[("${l}")]`,
};

const ARROWS: Record<LineageEdgeKind, string> = {
  ingests: "==>",
  "dead-letters": "-.->",
  feeds: "-->",
  checks: "-.-",
  reads: "-->",
};

function nodeLine(n: LineageNode, id: string): string {
  const text = n.kind === "topic" ? `kafka: ${n.label}` : n.kind === "files" ? `files: ${n.label}` : n.kind === "incremental" ? `${n.label} ⟳` : n.label;
  return `${id}${SHAPES[n.kind](escapeLabel(text))}:::${n.kind}`;
}

export function toMermaid(l: TableLineage): string {
  const used = new Map<string, string>();
  const lines = ["flowchart LR"];
  const byLayer = new Map<string, LineageNode[]>();
  for (const n of l.nodes) byLayer.set(n.layer, [...(byLayer.get(n.layer) ?? []), n]);
  for (const layer of layerOrder(l)) {
    const nodes = byLayer.get(layer) ?? [];
    lines.push(`  subgraph ${mermaidId(`layer:${layer}`, used)}["${escapeLabel(layer)}"]`, "    direction TB");
    for (const n of nodes) lines.push(`    ${nodeLine(n, mermaidId(n.id, used))}`);
    lines.push("  end");
  }
  for (const e of l.edges) lines.push(`  ${mermaidId(e.from, used)} ${ARROWS[e.kind]} ${mermaidId(e.to, used)}`);
  lines.push(
    "  classDef topic fill:#fde2c8,stroke:#c76b1a",
    "  classDef files fill:#fdf0c8,stroke:#b08a1a",
    "  classDef source fill:#e8e1d3,stroke:#8a6d3b",
    "  classDef table fill:#dbe9f7,stroke:#2f6aa3",
    "  classDef incremental fill:#dbe9f7,stroke:#2f6aa3,stroke-width:2px",
    "  classDef view fill:#e4f2e4,stroke:#3c7d3c",
    "  classDef operations fill:#eee,stroke:#666",
    "  classDef assertion fill:#fbe3e3,stroke:#b03a3a",
    "  classDef test fill:#fbe3e3,stroke:#b03a3a",
    "  classDef dashboard fill:#efe3fb,stroke:#6b3ab0",
    "  classDef seed fill:#f3f0c8,stroke:#8a7d1a",
  );
  return `${lines.join("\n")}\n`;
}
