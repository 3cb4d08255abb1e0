import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { summarize } from "../../../src/cli/compile-report.js";
import { compileFiles, compileProject } from "../../../src/compile/compile.js";
import { formatDiagnostic } from "../../../src/common/errors.js";

// Issue 17 item 7: a failing include is reported first, and the errors that only follow from it
// (definitions using its global, refs to the actions those definitions would have defined) are
// folded into one line.
describe("an invalid var / a failing include", () => {
  it("reports the include first and folds its consequences into one line (the example project)", () => {
    const r = compileProject(".", { quoting: trinoQuoting, overrides: { vars: { modulo_fiscal_ha: "20' OR 1=1 --" } } });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      `includes/propriedade.js:15:26: error evaluation-error: Error: var modulo_fiscal_ha="20' OR 1=1 --" must be a number in [5, 110]`,
      'includes/propriedade.js:15:26: error follows-from-above: 11 more error(s) follow from the one above: definitions/silver/dados_produtores_agro.sqlx:40:41 (propriedade is not defined); 10 × ref("silver.dados_produtores_agro") not found — fix the error above first (`compile --json` lists them all)',
    ]);
    const folded = r.diagnostics[1]?.collapsed ?? [];
    expect(folded.map((d) => d.code).sort()).toEqual(["evaluation-error", ...Array<string>(10).fill("missing-ref")]);
    expect(folded.filter((d) => d.code === "missing-ref").map((d) => d.location?.file)).toEqual([
      "definitions/gold/assert_cadastro_na_solicitacao.sqlx",
      "definitions/gold/location_features_agro.sqlx",
      "definitions/gold/proponente_features_agro.sqlx",
      "definitions/gold/risk_features_agro.sqlx",
      "definitions/silver/assert_proponente_documento_unico.sqlx",
      "definitions/silver/proponente_cadastro_historico.sqlx",
      "definitions/tests/gold_proponente_features_test.sqlx",
      "definitions/tests/gold_risk_features_test.sqlx",
      "definitions/tests/silver_classificacao_risco_test.sqlx",
      "definitions/tests/silver_validacao_replay_test.sqlx",
    ]);
    // The count still says how many errors there are.
    expect(summarize(r, 0).split("\n").at(-1)).toBe("12 error(s), 0 warning(s)");
  });

  it("keeps unrelated errors, folds a require() of the broken include and the refs to a definition that failed on its own", () => {
    const r = compileFiles(
      {
        settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver","vars":{"n":"x"}}' }],
        files: [
          { path: "includes/limits.js", text: 'const n = Number(dataform.projectConfig.vars.n);\nif (!Number.isFinite(n)) throw new Error("var n must be a number");\nmodule.exports = { n };\n' },
          { path: "definitions/a_uses_global.sqlx", text: 'config { type: "table", tags: [`n${limits.n}`] }\nSELECT 1 AS n\n' },
          { path: "definitions/b_requires.js", text: 'const l = require("../includes/limits");\npublish("b_requires").query(`SELECT ${l.n} AS n`);\n' },
          { path: "definitions/c_refs.sqlx", text: 'config { type: "view" }\nSELECT * FROM ${ref("a_uses_global")} JOIN ${ref("d_broken")} ON TRUE\n' },
          { path: "definitions/d_broken.sqlx", text: 'config { type: "table", description: nope() }\nSELECT 1 AS x\n' },
          { path: "definitions/e_unrelated.sqlx", text: 'config { type: "table" }\nSELECT * FROM ${ref("ordrs")}\n' },
        ],
      },
      { quoting: trinoQuoting },
    );
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "includes/limits.js:2:32: error evaluation-error: Error: var n must be a number",
      'includes/limits.js:2:32: error follows-from-above: 3 more error(s) follow from the one above: definitions/a_uses_global.sqlx:1:36 (limits is not defined); definitions/b_requires.js:1:11 (var n must be a number); 1 × ref("a_uses_global") not found — fix the error above first (`compile --json` lists them all)',
      "definitions/d_broken.sqlx:1:38: error evaluation-error: ReferenceError: nope is not defined",
      'definitions/d_broken.sqlx:1:38: error follows-from-above: 1 more error(s) follow from the one above: 1 × ref("d_broken") not found — fix the error above first (`compile --json` lists them all)',
      'definitions/e_unrelated.sqlx:2:17: error missing-ref: ref("ordrs") not found — declare it (type: "declaration") or check the name',
    ]);
  });

  it("reports a failing include first even when nothing follows from it", () => {
    const r = compileFiles(
      {
        settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
        files: [
          { path: "definitions/a.sqlx", text: 'config { type: "table" }\nSELECT * FROM ${ref("nope")}\n' },
          { path: "includes/unused.js", text: 'throw new Error("broken on purpose");\n' },
        ],
      },
      { quoting: trinoQuoting },
    );
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "includes/unused.js:1:7: error evaluation-error: Error: broken on purpose",
      'definitions/a.sqlx:2:17: error missing-ref: ref("nope") not found — declare it (type: "declaration") or check the name',
    ]);
  });
});
