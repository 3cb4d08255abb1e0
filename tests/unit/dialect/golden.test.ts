import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations } from "../../../src/adapters/trino/materializations.js";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { renderMaintenance } from "../../../src/plan/maintenance.js";
import { renderAction, type RenderedStatement } from "../../../src/plan/render.js";
import { renderSchemas } from "../../../src/plan/schemas.js";
import { goldenCases, type GoldenCase } from "./golden-cases.js";

// UPDATE_GOLDEN=1 npx vitest run --project unit tests/unit/dialect  rewrites the files.
const GOLDEN_DIR = "tests/golden/trino";
const result = compileProject("tests/fixtures/golden-project", { quoting: trinoQuoting });
const dialect = createTrinoDialect(loadMaterializations());

function formatStatements(statements: readonly RenderedStatement[], header: string[]): string {
  const body = statements.map((s) => `-- ${s.role}\n${s.sql};`).join("\n\n");
  return `${header.map((h) => `-- ${h}`).join("\n")}\n\n${body}\n`;
}

function render(c: GoldenCase): string {
  if (c.special === "schemas") return formatStatements(renderSchemas(dialect, result.graph), ["CREATE SCHEMA for every written schema"]);
  const action = result.graph.actions.find((a) => a.key === c.key);
  if (!action) throw new Error(`no action ${c.key}; have ${result.graph.actions.map((a) => a.key).join(", ")}`);
  if (c.special) return formatStatements(renderMaintenance(dialect, action, { removeOrphanFiles: c.special === "maintenance-orphans" }), [`maintenance of ${c.key}`]);
  const r = renderAction(dialect, action, c.state, c.options);
  const header = [`${c.key}: mode ${r.mode}`, `state: ${JSON.stringify(c.state ?? { exists: false })}`];
  if (c.options) header.push(`options: ${JSON.stringify(c.options)}`);
  header.push(...r.diagnostics.map((d) => `diagnostic: ${formatDiagnostic(d)}`));
  return formatStatements(r.statements, header);
}

describe("golden Trino SQL", () => {
  it("the golden project compiles without errors", () => {
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  for (const c of goldenCases) {
    it(c.name, () => {
      const file = join(GOLDEN_DIR, `${c.name}.sql`);
      const actual = render(c);
      expect(render(c)).toBe(actual); // deterministic
      if (process.env["UPDATE_GOLDEN"] === "1" || !existsSync(file)) {
        mkdirSync(GOLDEN_DIR, { recursive: true });
        writeFileSync(file, actual);
      }
      expect(actual).toBe(readFileSync(file, "utf8"));
    });
  }
});
