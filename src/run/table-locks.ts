/**
 * Table-level run locks. A run takes one lock file per table it may write
 * (`.lakeform/locks/<catalog.schema.table>.lock`), all or nothing, so two runs with disjoint
 * selections — two `serve` workflows, or `serve` and a hand-run `lakeform run` — proceed side by
 * side, and two that would write the same table never do. Reading a table another run writes is
 * allowed: every Iceberg read sees one committed snapshot.
 *
 * The locks live in the project directory, so they bind the processes of one machine (or one
 * shared volume); see the README for deployments across machines.
 */
import { join } from "node:path";
import type { Action, Graph } from "../compile/graph.js";
import { tryLock, type LockOwner } from "../common/lock-file.js";

/** Kinds whose run writes its target: relations, operations, and assertions (their `__failures` table). */
const WRITES: ReadonlySet<Action["kind"]> = new Set(["table", "view", "incremental", "operations", "assertion"]);

/** Sorted `catalog.schema.name` of every table the selected actions may write. Pure. */
export function writeSet(graph: Graph, selected: Iterable<string>): string[] {
  const byKey = new Map(graph.actions.map((a) => [a.key, a]));
  const out = new Set<string>();
  for (const k of selected) {
    const a = byKey.get(k);
    if (a && WRITES.has(a.kind)) out.add(`${a.target.database}.${a.target.schema}.${a.target.name}`);
  }
  return [...out].sort();
}

export function lockFileFor(projectDir: string, table: string): string {
  // encodeURIComponent keeps odd (quoted) names inside the locks directory.
  return join(projectDir, ".lakeform", "locks", `${encodeURIComponent(table)}.lock`);
}

export type TableLocks = { readonly release: () => void } | { readonly busy: { readonly table: string; readonly owner: LockOwner } };

/**
 * Takes the locks of `tables` in sorted order (two runs never wait on each other in a cycle), or
 * none: on the first busy table, releases what it took and names the holder.
 */
export function lockTables(projectDir: string, tables: readonly string[], what: string): TableLocks {
  const held: { release: () => void }[] = [];
  for (const table of [...tables].sort()) {
    const r = tryLock(lockFileFor(projectDir, table), what);
    if ("owner" in r) {
      for (const h of held.reverse()) h.release();
      return { busy: { table, owner: r.owner } };
    }
    held.push(r);
  }
  return { release: () => held.reverse().forEach((h) => h.release()) };
}
