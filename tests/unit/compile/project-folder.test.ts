import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { LakeformError } from "../../../src/common/errors.js";

/** The error compileProject throws for `dir`, or undefined when it compiles. */
function failure(dir: string): LakeformError | undefined {
  try {
    compileProject(dir, { quoting: trinoQuoting });
    return undefined;
  } catch (e) {
    if (e instanceof LakeformError) return e;
    throw e;
  }
}

describe("the project folder (defect: a wrong path compiled as an empty project, exit 0)", () => {
  it("a folder that does not exist is a usage error naming it", () => {
    const dir = join(tmpdir(), "lakeform-no-such-project", "really-not-there");
    const e = failure(dir);
    expect(e?.kind).toBe("usage");
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toContain(dir);
    expect(e?.message).toContain("does not exist");
  });

  it("an existing folder with neither settings nor definitions/ is a usage error naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "lakeform-empty-"));
    mkdirSync(join(dir, "includes"));
    const e = failure(dir);
    expect(e?.exitCode).toBe(2);
    expect(e?.message).toContain(dir);
    expect(e?.message).toContain("no definitions/ folder");
  });

  it("a settings file alone, or definitions/ alone, is a project", () => {
    const withSettings = mkdtempSync(join(tmpdir(), "lakeform-settings-"));
    writeFileSync(join(withSettings, "dataform.json"), '{"defaultDatabase":"iceberg","defaultSchema":"s"}');
    expect(failure(withSettings)).toBeUndefined();
    const withDefinitions = mkdtempSync(join(tmpdir(), "lakeform-defs-"));
    mkdirSync(join(withDefinitions, "definitions"));
    expect(failure(withDefinitions)).toBeUndefined();
  });
});
