/**
 * Table-level lineage from the compiled graph, the project's streams and the generated
 * dashboards. Pure: data in, `TableLineage` out.
 */
import type { Action, Graph } from "../compile/graph.js";
import { computeRanks, layerOfSchema } from "./layers.js";
import type { LineageColumn, LineageDashboard, LineageEdge, LineageNode, LineageNodeKind, LineageStream, TableLineage } from "./types.js";

export interface TableLineageInput {
  readonly project: string;
  readonly graph: Graph;
  readonly streams?: readonly LineageStream[];
  readonly dashboards?: readonly LineageDashboard[];
  /** Include assertions and unit tests as nodes (default true). */
  readonly checks?: boolean;
}

type Draft = Omit<LineageNode, "rank">;

function shortLabel(key: string): string {
  const parts = key.split(".");
  return parts.length >= 3 ? parts.slice(1).join(".") : key;
}

function actionColumns(a: Action): LineageColumn[] | undefined {
  if (!("columns" in a) || a.columns.length === 0) return undefined;
  return a.columns.map((c) => ({ name: c.path.join("."), type: c.type, description: c.description }));
}

function nodeKind(a: Action): LineageNodeKind {
  return a.kind === "declaration" ? "source" : a.kind;
}

function isCheck(a: Action): boolean {
  return a.kind === "assertion" || a.kind === "test";
}

export function nodeIdOfAction(a: Action): string {
  return isCheck(a) ? `${a.kind}:${a.key}` : a.key;
}

function actionNode(a: Action, stream: LineageStream | undefined): Draft {
  const check = isCheck(a);
  return {
    id: nodeIdOfAction(a),
    kind: nodeKind(a),
    label: check ? a.target.name : shortLabel(a.key),
    layer: check ? "quality" : layerOfSchema(a.canonicalTarget.schema),
    action: a.key,
    file: a.file,
    description: a.description ?? stream?.description,
    tags: a.tags.length ? a.tags : undefined,
    columns: actionColumns(a) ?? stream?.columns,
  };
}

function checkedRelations(a: Action): readonly string[] {
  if (a.kind === "test") return [a.dataset];
  if (a.kind === "assertion" && a.parent) return [a.parent];
  return a.dependencies;
}

export function buildTableLineage(input: TableLineageInput): TableLineage {
  const withChecks = input.checks ?? true;
  const drafts = new Map<string, Draft>();
  const edges: LineageEdge[] = [];
  const streamByTarget = new Map((input.streams ?? []).map((s) => [s.target, s]));
  const actions = input.graph.actions.filter((a) => !a.disabled && (withChecks || !isCheck(a)));
  const known = new Set(actions.filter((a) => !isCheck(a)).map((a) => a.key));

  for (const a of actions) drafts.set(nodeIdOfAction(a), actionNode(a, streamByTarget.get(a.key)));

  // A bronze table written by a stream need not be declared: draw it from the stream itself.
  const ensureRelation = (key: string, columns: readonly LineageColumn[] | undefined, description: string | undefined) => {
    if (drafts.has(key)) return;
    const schema = key.split(".")[1] ?? key;
    drafts.set(key, { id: key, kind: "source", label: shortLabel(key), layer: layerOfSchema(schema), description, columns });
  };

  for (const s of input.streams ?? []) {
    const topicId = s.location ? `files:${s.location}` : `topic:${s.topic}`;
    if (s.location) drafts.set(topicId, { id: topicId, kind: "files", label: s.location, layer: "files", file: s.file, description: s.description });
    else drafts.set(topicId, { id: topicId, kind: "topic", label: s.topic, layer: "kafka", file: s.file, description: s.description });
    ensureRelation(s.target, s.columns, s.description);
    edges.push({ from: topicId, to: s.target, kind: "ingests" });
    if (s.deadLetter) {
      ensureRelation(s.deadLetter, undefined, s.location ? `Records of the files under ${s.location} that could not be landed` : `Messages of ${s.topic} that could not be landed`);
      edges.push({ from: topicId, to: s.deadLetter, kind: "dead-letters" });
    }
  }

  for (const a of actions) {
    const to = nodeIdOfAction(a);
    if (isCheck(a)) {
      for (const rel of checkedRelations(a)) if (known.has(rel) || drafts.has(rel)) edges.push({ from: rel, to, kind: "checks" });
      continue;
    }
    for (const dep of a.dependencies) if (drafts.has(dep)) edges.push({ from: dep, to, kind: "feeds" });
  }

  for (const d of input.dashboards ?? []) {
    const id = `dashboard:${d.uid}`;
    drafts.set(id, { id, kind: "dashboard", label: d.title, layer: "grafana" });
    for (const rel of [...new Set(d.reads)]) if (drafts.has(rel)) edges.push({ from: rel, to: id, kind: "reads" });
  }

  // Relations in several catalogs (an operational database read as a source, the Iceberg lake, a
  // serving database): every relation's label names its catalog, so the flow between them shows.
  const relationKinds: ReadonlySet<LineageNodeKind> = new Set(["source", "table", "view", "incremental", "operations"]);
  const relations = [...drafts.values()].filter((d) => relationKinds.has(d.kind));
  if (new Set(relations.map((d) => d.id.split(".")[0])).size > 1) for (const d of relations) drafts.set(d.id, { ...d, label: d.id });

  const uniqueEdges = dedupeEdges(edges);
  const ranks = computeRanks([...drafts.keys()], uniqueEdges);
  const nodes = [...drafts.values()]
    .map((d) => ({ ...d, rank: ranks.get(d.id) ?? 0 }))
    .sort((x, y) => x.rank - y.rank || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  return { project: input.project, nodes, edges: uniqueEdges };
}

function dedupeEdges(edges: readonly LineageEdge[]): LineageEdge[] {
  const seen = new Map<string, LineageEdge>();
  for (const e of edges) seen.set(`${e.from}\u0000${e.to}\u0000${e.kind}`, e);
  return [...seen.values()].sort((x, y) => (x.from < y.from ? -1 : x.from > y.from ? 1 : x.to < y.to ? -1 : x.to > y.to ? 1 : 0));
}

/** Everything upstream (or downstream) of a node, for `--select`-style focus. */
export function neighbourhood(l: TableLineage, id: string, direction: "up" | "down" | "both"): TableLineage {
  const keep = new Set([id]);
  const walk = (dir: "up" | "down") => {
    const stack = [id];
    while (stack.length) {
      const cur = stack.pop() as string;
      for (const e of l.edges) {
        const next = dir === "up" ? (e.to === cur ? e.from : undefined) : e.from === cur ? e.to : undefined;
        if (next !== undefined && !keep.has(next)) {
          keep.add(next);
          stack.push(next);
        }
      }
    }
  };
  if (direction !== "down") walk("up");
  if (direction !== "up") walk("down");
  return { project: l.project, nodes: l.nodes.filter((n) => keep.has(n.id)), edges: l.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}
