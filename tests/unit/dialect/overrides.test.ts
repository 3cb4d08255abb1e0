import { describe, expect, it } from "vitest";
import { createTrinoDialect } from "../../../src/adapters/trino/dialect.js";
import { loadMaterializations, overridesFromFiles } from "../../../src/adapters/trino/materializations.js";
import { quoteIdentifier, quoteLiteral } from "../../../src/adapters/trino/quote.js";

const target = { database: "lake", schema: "s", name: "t" };

describe("materialization overrides and escaping", () => {
  it("uses a project's includes/materializations/<name>.sql.hbs, without HTML escaping", () => {
    const overrides = overridesFromFiles([{ path: "includes/materializations/view.sql.hbs", text: "CREATE OR REPLACE VIEW {{target}} SECURITY INVOKER AS\n{{query}}" }]);
    const d = createTrinoDialect(loadMaterializations(overrides));
    expect(d.createView(target, "SELECT 'a<b' & 1;")).toBe(`CREATE OR REPLACE VIEW "lake"."s"."t" SECURITY INVOKER AS\nSELECT 'a<b' & 1`);
    expect(d.createTableAs(target, "SELECT 1", {})).toMatch(/^CREATE OR REPLACE TABLE/);
  });

  it("escapes identifiers and literals", () => {
    expect(quoteIdentifier('x"; DROP TABLE y; --')).toBe('"x""; DROP TABLE y; --"');
    expect(quoteLiteral("O'Brien")).toBe("'O''Brien'");
    const d = createTrinoDialect(loadMaterializations());
    expect(() => d.addColumn(target, { name: "c", type: "varchar; DROP TABLE t" })).toThrow(/invalid column type/);
    expect(() => d.optimize(target, "1MB') --")).toThrow(/invalid file size/);
    expect(() => d.createTableAs(target, "SELECT 1", { properties: { "x = 1) --": "y" } })).toThrow(/invalid table property/);
  });
});
