/**
 * Progress of a run on the terminal: a live status line on a TTY, one plain line per finished
 * action otherwise (CI logs), and a summary at the end.
 */
import type { Action } from "../compile/graph.js";
import type { ActionOutcome, RunInfo, RunObserver, RunSummary } from "../run/events.js";

const MARK: Record<ActionOutcome["status"], string> = { success: "OK  ", failed: "FAIL", skipped: "SKIP", warning: "WARN", cancelled: "STOP" };

function secs(o: { startedAt: string; endedAt: string }): string {
  return `${((Date.parse(o.endedAt) - Date.parse(o.startedAt)) / 1000).toFixed(1)} s`;
}

export function outcomeLine(o: ActionOutcome, index: number, total: number): string {
  // A seed whose table already holds its CSV runs no statement.
  const unchanged = o.action.kind === "seed" && o.status === "success" && o.statements.length === 0;
  const what = [o.action.kind, unchanged ? "unchanged" : "", secs(o), o.rowsWritten ? `${o.rowsWritten} row(s) written` : "", o.failingRows ? `${o.failingRows} failing row(s)` : ""].filter(Boolean).join(", ");
  const extra = o.status === "success" ? "" : ` — ${o.error ?? o.reason ?? ""}`;
  return `[${String(index).padStart(String(total).length)}/${total}] ${MARK[o.status]} ${o.action.key} (${what})${extra}`;
}

export class ProgressReporter implements RunObserver {
  private done = 0;
  private total = 0;
  private readonly running = new Set<string>();
  constructor(private readonly write: (s: string) => void, private readonly tty: boolean) {}

  onRunStart(run: RunInfo): void {
    this.total = run.selected.length;
    this.write(`Running ${this.total} action(s) (run ${run.runId})\n`);
  }

  onActionStart(_run: RunInfo, a: Action): void {
    this.running.add(a.key);
    this.status();
  }

  onActionEnd(_run: RunInfo, o: ActionOutcome): void {
    this.running.delete(o.action.key);
    this.done++;
    if (this.tty) this.write("\r\x1b[2K");
    this.write(`${outcomeLine(o, this.done, this.total)}\n`);
    this.status();
    if (o.sample?.length) for (const r of o.sample) this.write(`         ${JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}\n`);
  }

  private status(): void {
    if (!this.tty || this.running.size === 0) return;
    const names = [...this.running].slice(0, 3).join(", ");
    this.write(`\r\x1b[2K… ${this.done}/${this.total} done, running: ${names}${this.running.size > 3 ? ` +${this.running.size - 3}` : ""}`);
  }

  onRunEnd(_run: RunInfo, s: RunSummary): void {
    if (this.tty) this.write("\r\x1b[2K");
    this.write(`${summaryText(s)}\n`);
  }
}

export function summaryText(s: RunSummary): string {
  const count = (st: ActionOutcome["status"]) => s.outcomes.filter((o) => o.status === st).length;
  const rows = s.outcomes.reduce((n, o) => n + o.rowsWritten, 0);
  const built = s.outcomes.filter((o) => o.status === "success" && o.action.kind !== "assertion" && o.action.kind !== "test" && !(o.action.kind === "seed" && o.statements.length === 0)).length;
  const checks = s.outcomes.filter((o) => o.action.kind === "assertion" || o.action.kind === "test");
  const passed = checks.filter((o) => o.status === "success").length;
  const slowest = [...s.outcomes].sort((a, b) => Date.parse(b.endedAt) - Date.parse(b.startedAt) - (Date.parse(a.endedAt) - Date.parse(a.startedAt)))[0];
  return [
    `Run ${s.status.toUpperCase()} in ${secs(s)}: ${built} built, ${passed}/${checks.length} checks passed, ${count("failed")} failed, ${count("warning")} warning(s), ${count("skipped")} skipped${count("cancelled") ? `, ${count("cancelled")} cancelled` : ""}; ${rows} row(s) written`,
    slowest ? `slowest: ${slowest.action.key} (${secs(slowest)})` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
