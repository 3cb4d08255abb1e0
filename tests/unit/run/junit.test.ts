import { describe, expect, it } from "vitest";
import type { Action } from "../../../src/compile/graph.js";
import type { ActionOutcome, RunSummary } from "../../../src/run/events.js";
import { junitXml } from "../../../src/run/junit.js";

const action = (name: string, kind: "assertion" | "table"): Action =>
  ({ kind, key: `c.s.${name}`, file: `definitions/${name}.sqlx`, target: { database: "c", schema: "s", name } }) as unknown as Action;

const o = (name: string, kind: "assertion" | "table", status: ActionOutcome["status"], extra: Partial<ActionOutcome> = {}): ActionOutcome => ({
  action: action(name, kind),
  status,
  startedAt: "2026-01-01T00:00:00.000Z",
  endedAt: "2026-01-01T00:00:01.500Z",
  statements: [],
  rowsWritten: 0,
  ...extra,
});

describe("junitXml", () => {
  it("reports failures with their reason and sample, skips, and escapes XML", () => {
    const summary: RunSummary = {
      runId: "r1",
      status: "failed",
      startedAt: "2026-01-01T00:00:00.000Z",
      endedAt: "2026-01-01T00:00:03.000Z",
      outcomes: [
        o("ok_table", "table", "success"),
        o("amounts_<positive>", "assertion", "failed", { error: "2 failing row(s)", failingRows: 2, sample: [{ id: 7n, amount: -1 }] }),
        o("downstream", "table", "skipped", { reason: "upstream c.s.x failed" }),
      ],
    };
    const xml = junitXml("lakeform test", summary);
    expect(xml).toContain('<testsuites name="lakeform" tests="3" failures="1" errors="0" skipped="1" time="3.000">');
    expect(xml).toContain('name="c.s.amounts_&lt;positive&gt;"');
    expect(xml).toContain('<failure message="2 failing row(s)" type="assertion">');
    expect(xml).toContain('{&quot;id&quot;:&quot;7&quot;,&quot;amount&quot;:-1}');
    expect(xml).toContain('<skipped message="upstream c.s.x failed"/>');
    expect(xml).toContain('time="1.500"');
  });
});
