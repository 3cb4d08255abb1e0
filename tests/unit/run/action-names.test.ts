import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { identifierFlag } from "../../../src/cli/identifier-flag.js";
import { overridesFromFlags } from "../../../src/cli/compile-flags.js";
import { compileFiles } from "../../../src/compile/compile.js";
import { LakeformError } from "../../../src/common/errors.js";
import { parseProjectSettings } from "../../../src/config/project.js";
import { parseActionName, splitActionList } from "../../../src/plan/action-name.js";
import { selectActions } from "../../../src/plan/select.js";

// Issue 17 item 8: environment flags are restricted to identifier characters, and `--actions`
// can select an action whose name contains a dot (or a quote).
const model = 'config { type: "table" }\nSELECT 1 AS x\n';
const { graph } = compileFiles(
  {
    settings: [{ name: "dataform.json", text: '{"warehouse":"trino","defaultDatabase":"lake","defaultSchema":"silver"}' }],
    files: [
      { path: "definitions/a.b.sqlx", text: model },
      { path: "definitions/b.sqlx", text: 'config { type: "table", schema: "a" }\nSELECT 1 AS x\n' },
      { path: "definitions/c.sqlx", text: model },
      { path: `definitions/it's "odd", really.sqlx`, text: model },
    ],
  },
  { quoting: trinoQuoting },
);
const pick = (...actions: string[]) => {
  const { keys, diagnostics } = selectActions(graph, { actions });
  return { keys: [...keys].sort(), errors: diagnostics.map((d) => `${d.code}: ${d.message}`) };
};

describe("--actions with dots and quotes", () => {
  it("selects a dotted name by its quoted or fully qualified form", () => {
    expect(pick('"a.b"').keys).toEqual(["lake.silver.a.b"]);
    expect(pick('silver."a.b"').keys).toEqual(["lake.silver.a.b"]);
    expect(pick('"lake"."silver"."a.b"').keys).toEqual(["lake.silver.a.b"]);
    expect(pick("lake.silver.a.b").keys).toEqual(["lake.silver.a.b"]);
    expect(pick("silver.a.b").keys).toEqual(["lake.silver.a.b"]);
  });

  it("keeps the quoted form exact where the unquoted one is ambiguous", () => {
    // `a.b` is both the table "a.b" in silver and the table b in schema a.
    expect(pick("a.b").keys).toEqual(["lake.a.b", "lake.silver.a.b"]);
    expect(pick('"a"."b"').keys).toEqual(["lake.a.b"]);
    expect(pick('"a.b"').keys).toEqual(["lake.silver.a.b"]);
    expect(pick("c", "silver.c").keys).toEqual(["lake.silver.c"]);
  });

  it("selects a name with quotes and a comma, through the flag's comma splitting", () => {
    const names = splitActionList(`c,"it's ""odd"", really"`);
    expect(names).toEqual(["c", `"it's ""odd"", really"`]);
    expect(pick(...names)).toEqual({ keys: ["lake.silver.c", `lake.silver.it's "odd", really`], errors: [] });
  });

  it("reports malformed and unknown names", () => {
    expect(parseActionName('"a.b')).toEqual({ error: 'unterminated quote in ""a.b"' });
    expect(pick('"a.b', 'si"lver.c', '"a"b', "x..y", "nope").errors).toEqual([
      'invalid-action-name: --actions: unterminated quote in ""a.b"',
      'invalid-action-name: --actions: a quote must enclose a whole part: si"lver.c',
      'invalid-action-name: --actions: expected "." after the quoted part "a" in "a"b',
      'invalid-action-name: --actions: empty part in "x..y"',
      'unknown-action: --actions: no action named "nope"',
    ]);
  });
});

describe("--schema-suffix / --table-prefix", () => {
  it("accepts identifier characters (and empty)", () => {
    expect(overridesFromFlags({ schemaSuffix: "dev_2", tablePrefix: "Ci_7" })).toEqual({ schemaSuffix: "dev_2", tablePrefix: "Ci_7" });
    expect(identifierFlag("--schema-suffix", "")).toBe("");
  });

  it.each([
    ["--schema-suffix", 'a"; drop', '--schema-suffix "a\\"; drop": "\\"" is not allowed in a schema or table name', "--schema-suffix a_drop"],
    ["--table-prefix", "x.y", '--table-prefix "x.y": "." is not allowed in a schema or table name', "--table-prefix x_y"],
    ["--table-prefix", "dev-1", '--table-prefix "dev-1": "-" is not allowed in a schema or table name', "--table-prefix dev_1"],
    ["--schema-suffix", "é", '--schema-suffix "é": "é" is not allowed in a schema or table name', "--schema-suffix dev"],
  ])("refuses %s %j with a usage error (exit 2)", (flag, value, message, example) => {
    const flags = flag === "--schema-suffix" ? { schemaSuffix: value } : { tablePrefix: value };
    let err: unknown;
    try {
      overridesFromFlags(flags);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LakeformError);
    const e = err as LakeformError;
    expect([e.kind, e.exitCode, e.message, e.hint]).toEqual(["usage", 2, message, `use letters, digits and _ only, e.g. ${example}`]);
  });

  it("refuses the same in dataform.json", () => {
    const { diagnostics } = parseProjectSettings([{ name: "dataform.json", text: '{"warehouse":"trino","schemaSuffix":"a b","tablePrefix":"ok"}' }]);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([[expect.any(String), expect.stringContaining("use letters, digits and _ only")]]);
  });
});
