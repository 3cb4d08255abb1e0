import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { trinoQuoting } from "../../../src/adapters/trino/quote.js";
import { compileProject } from "../../../src/compile/compile.js";
import { planDashboards } from "../../../src/dashboards/plan.js";
import { compileJsonContract } from "../../../src/ingest/json/contract.js";
import { loadStreams } from "../../../src/ingest/streams.js";
import { lineageStreams } from "../../../src/lineage/streams.js";
import { generateClimaMessages } from "../../../src/simulate/clima.js";

const DIR = join(import.meta.dirname, "../../../examples/clima");

describe("examples/clima", () => {
  it("compiles without diagnostics; the JSON stream is a declaration silver refs", () => {
    const r = compileProject(DIR, { quoting: trinoQuoting });
    expect(r.diagnostics).toEqual([]);
    expect(loadStreams(DIR).diagnostics).toEqual([]);
    const silver = r.graph.actions.find((a) => a.target.name === "leituras_horarias");
    expect(silver?.dependencies).toEqual(["iceberg.clima_bronze.leituras_clima"]);
  });

  it("the simulator is deterministic and its bad events are exactly the ones the contract refuses", () => {
    const opts = { count: 600, seed: 3, badShare: 0.1, nowMs: Date.UTC(2026, 2, 1, 12, 5) };
    const a = [...generateClimaMessages(opts)];
    const b = [...generateClimaMessages(opts)];
    expect(a.map((m) => m.value.toString())).toEqual(b.map((m) => m.value.toString()));
    expect(a).toHaveLength(600);
    const contract = compileJsonContract(JSON.parse(readFileSync(join(DIR, "streams/contracts/leitura_clima.schema.json"), "utf8")));
    for (const m of a) expect(contract.decode(m.value.toString()).ok, m.value.toString()).toBe(m.expect !== "dead-letter");
    expect(a.filter((m) => m.expect === "dead-letter").length).toBeGreaterThan(20);
    expect(a.filter((m) => m.expect === "duplicate").length).toBeGreaterThan(0);
    // readings carry local time with the zone, in 10-minute steps, up to the end time
    const recife = a.filter((m) => m.expect === "bronze" && m.key === "A301").map((m) => JSON.parse(m.value.toString()).medido_em as string);
    expect(recife.every((t) => /^2026-0[23]-\d\dT\d\d:\d0:00-03:00$/.test(t))).toBe(true);
    expect(Date.parse(recife.at(-1)!)).toBeLessThanOrEqual(opts.nowMs);
    expect(Date.parse(recife.at(-1)!)).toBeGreaterThan(opts.nowMs - 3_600_000);
  });

  it("the dashboard has a time series per measure with one line per city and the cidade variable", () => {
    const r = compileProject(DIR, { quoting: trinoQuoting });
    const [clima] = planDashboards(r.graph, { streams: lineageStreams(loadStreams(DIR).streams) });
    expect(clima?.fileName).toBe("gold-clima.json");
    expect((clima?.dashboard.templating?.list ?? []).map((v) => v.name)).toEqual(["cidade"]);
    const series = clima!.queries.filter((q) => q.format === 0 && q.rawSQL.includes("GROUP BY 1, 2"));
    expect(series.map((q) => q.panelTitle)).toEqual(["temperatura c por cidade", "umidade pct por cidade", "pressao hpa por cidade"]);
    expect(series[0]!.rawSQL).toBe(
      `SELECT $__timeGroup("hora", '1h') AS "time",\n  "cidade",\n  avg("temperatura_c") AS "temperatura_c"\nFROM "iceberg"."clima_gold"."serie_temporal"\nWHERE $__timeFilter("hora")\n  AND "cidade" IN (\${cidade:sqlstring})\nGROUP BY 1, 2\nORDER BY 1`,
    );
  });
});
