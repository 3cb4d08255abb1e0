import { describe, expect, it } from "vitest";
import { parseProjectSettings, parseVarsFlag } from "../../../src/config/project.js";
import { formatDiagnostic } from "../../../src/common/errors.js";

describe("project settings", () => {
  it("maps workflow_settings.yaml to the same settings as dataform.json", () => {
    const yaml = parseProjectSettings([{ name: "workflow_settings.yaml", text: "defaultProject: lake\ndefaultDataset: silver\ndefaultAssertionDataset: qa\ndatasetSuffix: dev\nnamePrefix: t\nvars:\n  a: '1'\n" }]);
    const json = parseProjectSettings([{ name: "dataform.json", text: JSON.stringify({ warehouse: "trino", defaultDatabase: "lake", defaultSchema: "silver", assertionSchema: "qa", schemaSuffix: "dev", tablePrefix: "t", vars: { a: "1" } }) }]);
    expect(yaml.diagnostics).toEqual([]);
    expect({ ...yaml.settings, settingsFile: undefined }).toEqual({ ...json.settings, settingsFile: undefined });
  });

  it("rejects both files at once and unknown keys, with the nearest key", () => {
    const r = parseProjectSettings([
      { name: "dataform.json", text: '{\n  "warehouse": "trino",\n  "defaultSchemma": "x"\n}' },
      { name: "workflow_settings.yaml", text: "defaultProject: lake\n" },
    ]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      "workflow_settings.yaml:1:1: error duplicate-settings: both dataform.json and workflow_settings.yaml exist — keep only one of them (workflow_settings.yaml is Dataform v3's format)",
      'dataform.json:3:3: error unknown-settings-key: unknown key "defaultSchemma" in dataform.json — did you mean "defaultSchema"?',
    ]);
  });

  it("passes the lakeform section through and reads locationBase from it", () => {
    const r = parseProjectSettings([{ name: "dataform.json", text: JSON.stringify({ lakeform: { locationBase: "s3://lake/", trino: { url: "http://x" } } }) }]);
    expect(r.diagnostics).toEqual([]);
    expect(r.settings.locationBase).toBe("s3://lake");
    expect(r.settings.lakeform["trino"]).toEqual({ url: "http://x" });
  });

  it("applies --vars, --schema-suffix and --table-prefix", () => {
    const r = parseProjectSettings([{ name: "dataform.json", text: '{"vars":{"a":"1","b":"2"}}' }], { vars: parseVarsFlag("b=3,c=x=y"), schemaSuffix: "ci", tablePrefix: "pr1" });
    expect(r.settings.vars).toEqual({ a: "1", b: "3", c: "x=y" });
    expect([r.settings.schemaSuffix, r.settings.tablePrefix]).toEqual(["ci", "pr1"]);
  });

  it("points a syntax error in the settings file at its line and column", () => {
    const json = parseProjectSettings([{ name: "dataform.json", text: '{\n  "warehouse": "trino",\n  "defaultSchema": "silver",\n}\n' }]);
    expect(json.diagnostics.map(formatDiagnostic)[0]).toMatch(/^dataform\.json:4:1: error invalid-settings: cannot parse dataform\.json: /);
    const yaml = parseProjectSettings([{ name: "workflow_settings.yaml", text: "defaultProject: lake\ndefaultDataset: [oops\n" }]);
    expect(yaml.diagnostics[0]?.location).toMatchObject({ file: "workflow_settings.yaml", line: 3, column: 1 });
    expect(yaml.diagnostics[0]?.message).not.toContain("\n");
  });
});
