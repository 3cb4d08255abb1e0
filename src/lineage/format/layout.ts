/**
 * Positions for drawing the lineage left to right: one column per rank, nodes ordered in each
 * column by layer and by the average position of what feeds them (fewer crossings).
 */
import type { LineageNode, TableLineage } from "../types.js";

export interface Box {
  readonly node: LineageNode;
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

export interface Layout {
  readonly boxes: ReadonlyMap<string, Box>;
  readonly width: number;
  readonly height: number;
  /** Column headers: x and the layers present in the column. */
  readonly columns: readonly { readonly x: number; readonly layers: readonly string[] }[];
}

export const NODE_W = 240;
const NODE_H = 40;
const CHECK_H = 28;
const COL_GAP = 90;
const ROW_GAP = 14;
const TOP = 48;
const LEFT = 24;

const isCheck = (n: LineageNode) => n.kind === "assertion" || n.kind === "test";

export function layoutLineage(l: TableLineage): Layout {
  const ranks = [...new Set(l.nodes.map((n) => n.rank))].sort((a, b) => a - b);
  const preds = new Map<string, string[]>();
  for (const e of l.edges) preds.set(e.to, [...(preds.get(e.to) ?? []), e.from]);
  const order = new Map<string, number>();
  const boxes = new Map<string, Box>();
  const columns: { x: number; layers: string[] }[] = [];
  let height = 0;
  ranks.forEach((rank, ci) => {
    const x = LEFT + ci * (NODE_W + COL_GAP);
    const nodes = l.nodes.filter((n) => n.rank === rank);
    const bary = (n: LineageNode) => {
      const ps = (preds.get(n.id) ?? []).map((p) => order.get(p)).filter((v): v is number => v !== undefined);
      return ps.length ? ps.reduce((a, b) => a + b, 0) / ps.length : Number.MAX_SAFE_INTEGER;
    };
    // Relations first (by what feeds them), then checks under the relation they check.
    const relations = nodes.filter((n) => !isCheck(n)).sort((a, b) => bary(a) - bary(b) || (a.id < b.id ? -1 : 1));
    const checks = nodes.filter(isCheck).sort((a, b) => bary(a) - bary(b) || (a.id < b.id ? -1 : 1));
    let y = TOP;
    [...relations, ...checks].forEach((n, i) => {
      order.set(n.id, i + ci * 1000);
      const h = isCheck(n) ? CHECK_H : NODE_H;
      boxes.set(n.id, { node: n, x, y, w: NODE_W, h });
      y += h + ROW_GAP;
    });
    height = Math.max(height, y);
    columns.push({ x, layers: [...new Set(relations.map((n) => n.layer))] });
  });
  return { boxes, width: LEFT * 2 + ranks.length * (NODE_W + COL_GAP) - COL_GAP, height: height + 24, columns };
}
