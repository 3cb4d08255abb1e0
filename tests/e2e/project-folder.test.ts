import { describe, expect, it } from "vitest";
import { runCli } from "../integration/helpers.js";

// Defect: `lakeform compile /does/not/exist` printed "Compiled 0 action(s)" and exited 0.
describe("a wrong project folder is a usage error in every command that reads a project", () => {
  const missing = "/does/not/exist/arch-e2e";
  for (const args of [["compile", missing], ["lineage", missing], ["dashboards", missing, "--out", "/tmp/arch-e2e-dashboards"], ["serve", missing, "--listen", "127.0.0.1:0"]]) {
    it(`lakeform ${args[0]}`, () => {
      const r = runCli(args);
      expect({ status: r.status, named: r.stderr.includes(missing) }).toEqual({ status: 2, named: true });
      expect(r.stdout).not.toMatch(/Compiled 0 action/);
    });
  }
});
