import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

// Trino identifiers and strings are quoted in one module, adapters/trino/quote.ts. This finds
// hand-rolled quoting (doubling `"` or `'`) anywhere else under src/.
const root = resolve(import.meta.dirname, "..", "..", "..");
const QUOTING = [/replace(All)?\(\s*(\/"\/g|'"')\s*,\s*'""'\s*\)/, /replace(All)?\(\s*(\/'\/g|"'")\s*,\s*"''"\s*\)/];
/** Not Trino SQL, each with its reason. */
const ALLOWED: Readonly<Record<string, string>> = {
  "src/adapters/trino/quote.ts": "the one quoting module",
  "src/stack/services/postgres.ts": "PostgreSQL statements for psql, not Trino",
  "src/ingest/sql/json-rows.ts": "escapes JSON chunks that are concatenated inside one quoted literal",
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

describe("one quoting module for Trino SQL", () => {
  it("no file outside adapters/trino/quote.ts doubles quotes itself", () => {
    const offenders = files(join(root, "src"))
      .map((f) => relative(root, f))
      .filter((f) => !(f in ALLOWED))
      .filter((f) => QUOTING.some((re) => re.test(readFileSync(join(root, f), "utf8"))));
    expect(offenders).toEqual([]);
  });

  it("the scan finds the quoting module itself (it cannot pass by matching nothing)", () => {
    expect(QUOTING.some((re) => re.test(readFileSync(join(root, "src/adapters/trino/quote.ts"), "utf8")))).toBe(true);
    expect(QUOTING.some((re) => re.test(readFileSync(join(root, "src/stack/services/postgres.ts"), "utf8")))).toBe(true);
  });
});
