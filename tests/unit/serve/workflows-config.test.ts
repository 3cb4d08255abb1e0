import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../../src/common/errors.js";
import { parseProjectSettings } from "../../../src/config/project.js";

const json = (lakeform: unknown) => JSON.stringify({ warehouse: "trino", lakeform }, null, 2);

describe("lakeform.workflows", () => {
  it("reads the issue's shape from dataform.json and the same from workflow_settings.yaml", () => {
    const text = json({ workflows: { silver_nrt: { cron: "*/5 * * * *", tags: ["silver"] }, gold_hourly: { cron: "0 * * * *", tags: ["gold"], vars: { a: "1" }, timeZone: "America/Sao_Paulo", catchUp: false } } });
    const a = parseProjectSettings([{ name: "dataform.json", text }]);
    const yaml = [
      "defaultProject: iceberg",
      "lakeform:",
      "  workflows:",
      "    silver_nrt:",
      '      cron: "*/5 * * * *"',
      "      tags: [silver]",
      "    gold_hourly:",
      '      cron: "0 * * * *"',
      "      tags: [gold]",
      "      vars: { a: '1' }",
      "      timeZone: America/Sao_Paulo",
      "      catchUp: false",
    ].join("\n");
    const b = parseProjectSettings([{ name: "workflow_settings.yaml", text: yaml }]);
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    expect(a.settings.workflows).toEqual(b.settings.workflows);
    expect(a.settings.workflows).toEqual([
      { name: "silver_nrt", cron: "*/5 * * * *", timeZone: undefined, tags: ["silver"], actions: [], includeDependencies: false, includeDependents: false, vars: {}, catchUp: true, graceSeconds: undefined },
      { name: "gold_hourly", cron: "0 * * * *", timeZone: "America/Sao_Paulo", tags: ["gold"], actions: [], includeDependencies: false, includeDependents: false, vars: { a: "1" }, catchUp: false, graceSeconds: undefined },
    ]);
  });

  it("locates every mistake at the key of the workflow it belongs to", () => {
    const text = [
      "{",
      '  "lakeform": { "workflows": {',
      '    "ok": { "cron": "0 * * * *" },',
      '    "bad_cron": { "cron": "61 * * * *" },',
      '    "typo": { "cron": "0 * * * *", "tag": ["x"] },',
      '    "refresh": { "cron": "0 * * * *", "fullRefresh": true },',
      '    "zone": { "cron": "0 * * * *", "timeZone": "Mars/Olympus" },',
      '    "no_cron": { "tags": ["x"] }',
      "  } }",
      "}",
    ].join("\n");
    const r = parseProjectSettings([{ name: "dataform.json", text }]);
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([
      expect.stringMatching(/^dataform\.json:4:19: error invalid-settings: workflow "bad_cron": invalid cron "61 \* \* \* \*": /),
      'dataform.json:5:36: error unknown-settings-key: unknown key "tag" in workflow "typo" — did you mean "tags"?',
      'dataform.json:6:39: error invalid-settings: "lakeform.workflows.refresh.fullRefresh": scheduled workflows cannot fully refresh; run `lakeform run --full-refresh` by hand',
      'dataform.json:7:36: error invalid-settings: workflow "zone": unknown time zone "Mars/Olympus" (use an IANA name such as "America/Sao_Paulo" or "UTC") — croner syntax: "m h dom mon dow", or "s m h dom mon dow" with seconds',
      expect.stringMatching(/^dataform\.json:8:5: error invalid-settings: "lakeform\.workflows\.no_cron\.cron": /),
    ]);
    expect(r.settings.workflows.map((w) => w.name)).toEqual(["ok"]);
  });

  it("rejects a workflows value that is not an object", () => {
    const r = parseProjectSettings([{ name: "dataform.json", text: json({ workflows: ["a"] }) }]);
    expect(r.diagnostics.map(formatDiagnostic)[0]).toMatch(/^dataform\.json:4:5: error invalid-settings: "lakeform.workflows" must be an object/);
  });
});
