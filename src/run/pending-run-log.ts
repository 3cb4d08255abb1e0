/**
 * Run-log statements (the plan's, with their rows bound) that could not be written (Trino gone at the end of a run) wait in
 * `.lakeform/pending-run-log.jsonl`, one statement a line, and are written before the next
 * run's log. A statement whose fate is unknown (the connection dropped during its INSERT) may
 * have committed, so each is skipped when its table already has rows of its run: every table's
 * rows of one run are written by one INSERT, one Iceberg commit. A statement Trino refuses
 * (e.g. written by an older Lakeform for another table layout) must not block every later log:
 * it moves to `.lakeform/pending-run-log.rejected.jsonl`, with Trino's error, for a human.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isTransient, TrinoQueryError, type TrinoClient } from "../adapters/trino/client.js";
import { errorMessage } from "../common/errors.js";

export interface PendingStatement {
  readonly runId: string;
  /** The `lakeform.<table>` the statement inserts into. */
  readonly table: string;
  readonly sql: string;
  /** values bound to the statement's `?` (the run log's rows as one JSON parameter) */
  readonly parameters?: readonly string[] | undefined;
}

export function pendingRunLogFile(projectDir: string): string {
  return join(projectDir, ".lakeform", "pending-run-log.jsonl");
}

export function rejectedRunLogFile(projectDir: string): string {
  return join(projectDir, ".lakeform", "pending-run-log.rejected.jsonl");
}

function isPending(v: unknown): v is PendingStatement {
  const o = v as Partial<PendingStatement> | null;
  return typeof o?.runId === "string" && typeof o.table === "string" && typeof o.sql === "string" && (o.parameters === undefined || (Array.isArray(o.parameters) && o.parameters.every((x) => typeof x === "string")));
}

/** Statements waiting to be written, oldest first; a damaged line is skipped, not fatal. */
export function readPending(file: string): PendingStatement[] {
  if (!existsSync(file)) return [];
  const out: PendingStatement[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const v: unknown = JSON.parse(line);
      if (isPending(v)) out.push(v);
    } catch {
      // a line cut by a crash mid-append: the statements before and after it still count
    }
  }
  return out;
}

/** Replaces the file's content (atomically), or removes it when nothing is left. */
export function rewritePending(file: string, statements: readonly PendingStatement[]): void {
  if (!statements.length) {
    rmSync(file, { force: true });
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, statements.map((s) => `${JSON.stringify(s)}\n`).join(""));
  renameSync(tmp, file);
}

export function appendRejected(file: string, statements: readonly (PendingStatement & { readonly error: string })[]): void {
  if (!statements.length) return;
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, statements.map((s) => `${JSON.stringify(s)}\n`).join(""));
}

export interface WriteResult {
  /** Not written because Trino could not be reached: keep them pending. */
  readonly left: readonly PendingStatement[];
  /** Refused by Trino: never retried. */
  readonly rejected: readonly (PendingStatement & { readonly error: string })[];
  readonly error?: unknown;
}

/**
 * Runs `ddl`, then `todo` in order. The first `maybeWritten` statements may already have
 * committed (kept from a run whose connection dropped): `written` is asked before each.
 */
export async function writeStatements(
  client: TrinoClient,
  ddl: readonly string[],
  todo: readonly PendingStatement[],
  maybeWritten: number,
  written: (p: PendingStatement) => Promise<boolean>,
): Promise<WriteResult> {
  const rejected: (PendingStatement & { error: string })[] = [];
  let i = 0;
  try {
    for (const sql of ddl) await client.query(sql);
    for (; i < todo.length; i++) {
      const p = todo[i]!;
      if (i < maybeWritten && (await written(p))) continue;
      try {
        await client.query(p.sql, p.parameters ? { parameters: p.parameters } : {});
      } catch (e) {
        if (!(e instanceof TrinoQueryError) || isTransient(e)) throw e;
        rejected.push({ ...p, error: errorMessage(e) });
      }
    }
    return { left: [], rejected };
  } catch (e) {
    return { left: todo.slice(i), rejected, error: e };
  }
}
