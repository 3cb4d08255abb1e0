import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropSchemas, REPO_ROOT, runCli, trino, uniqueName } from "../integration/helpers.js";

// The README's first command, minus the stack start (the test setup did it): the example project
// end to end through the CLI — simulate → ingest → run → test — on a copy of the project whose
// topic, bronze schema and silver/gold schemas are unique to this test.
const id = uniqueName("e2e");
const bronze = `bronze_${id}`;
const dir = mkdtempSync(join(tmpdir(), "lakeform-demo-"));
const client = trino();
const q = (sql: string) => client.query(sql).then((r) => r.rows);

/** Project-relative paths of the files under `dirs`. */
function files(root: string, dirs: readonly string[]): string[] {
  return dirs.flatMap((d) => readdirSync(join(root, d), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(root, join(e.parentPath, e.name))));
}

// Fixed seeds (one per run, so the rerun adds new events) whose bad events include out-of-range
// event times (issue 17 item 1): 10 in the first run, 8 in the second.
function demo(seed: number) {
  return runCli(["demo", dir, "--no-stack", "--events", "1200", "--seed", String(seed), "--schema-suffix", id, "--out", join(dir, "build")], { timeoutMs: 900_000 });
}

describe("lakeform demo (e2e)", () => {
  beforeAll(() => {
    for (const d of ["definitions", "includes", "sources", "streams", "seeds", "dataform.json"]) cpSync(join(REPO_ROOT, d), join(dir, d), { recursive: true });
    /** Applies each edit and fails when one matches nothing (the project changed under the test). */
    const retarget = (file: string, edits: [RegExp, string][]): void => {
      let text = readFileSync(join(dir, file), "utf8");
      for (const [re, to] of edits) {
        if (!re.test(text)) throw new Error(`${file}: ${re} matches nothing; update tests/e2e/demo.test.ts`);
        re.lastIndex = 0;
        text = text.replace(re, to);
      }
      writeFileSync(join(dir, file), text);
    };
    retarget("streams/dados_produtores.yaml", [
      [/^topic: .*$/m, `topic: ${id}`],
      [/schema: bronze$/m, `schema: ${bronze}`],
      [/table: bronze\./, `table: ${bronze}.`],
      [/group: .*$/m, `group: ${id}`],
    ]);
    retarget("sources/bronze.yaml", [[/schema: bronze\b/g, `schema: ${bronze}`]]);
    // Every file that names the bronze schema, found rather than listed.
    const bronzeRef = () => /(ref\(|input )"bronze", /g;
    const users = files(dir, ["definitions", "sources"]).filter((f) => /\.(sqlx|js)$/.test(f) && bronzeRef().test(readFileSync(join(dir, f), "utf8")));
    expect(users.length).toBeGreaterThan(0);
    for (const f of users) retarget(f, [[bronzeRef(), `$1"${bronze}", `]]);
    // Nothing in the copy still points at the shared bronze schema.
    const code = (f: string) => readFileSync(join(dir, f), "utf8").replace(/\.ya?ml$/.test(f) ? /#.*$/gm : /$^/, "");
    const left = files(dir, ["definitions", "sources", "streams"]).filter((f) => /\.(sqlx|js|ya?ml)$/.test(f) && /(ref\(|input )"bronze"|schema: bronze\b|table: bronze\./.test(code(f)));
    expect(left).toEqual([]);
  });

  afterAll(async () => {
    await dropSchemas(client, [bronze, `silver_${id}`, `gold_${id}`, `qualidade_${id}`]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs end to end; gold is non-empty and recomputable from silver; a rerun is incremental", async () => {
    const first = demo(1701);
    expect(first.status, first.stderr.slice(-3000)).toBe(0);
    expect(first.stdout).toMatch(/checks: \d+ passed, 0 failed/);
    const bronzeRows = Number((await q(`SELECT count(*) FROM iceberg."${bronze}".dados_produtores_agro`))[0]?.[0]);
    const dead = Number((await q(`SELECT count(*) FROM iceberg."${bronze}".dados_produtores_agro_dead_letter`))[0]?.[0]);
    expect(bronzeRows + dead).toBe(1200); // every message landed exactly once, good or dead
    expect(dead).toBeGreaterThan(0);
    const silver = `iceberg."silver_${id}".dados_produtores_agro`;
    expect(Number((await q(`SELECT count(*) FROM ${silver}`))[0]?.[0])).toBe(bronzeRows);
    expect(Number((await q(`SELECT count_if(NOT registro_valido) FROM ${silver}`))[0]?.[0])).toBeGreaterThan(0);
    // Event times no timestamp can hold landed in bronze and are kept in silver, flagged; gold was still built.
    const outOfRange = `metadata_evento.timestamp_geracao_evento NOT BETWEEN -9223372036854 AND 9223372036854`;
    const poison = Number((await q(`SELECT count(*) FROM iceberg."${bronze}".dados_produtores_agro WHERE ${outOfRange}`))[0]?.[0]);
    expect(poison).toBeGreaterThan(0);
    const flagged = await q(`SELECT count(*), count_if(evento_gerado_em IS NULL AND NOT registro_valido) FROM ${silver} WHERE contains(motivos_invalidade, 'EVENTO_GERADO_EM_INVALIDO')`);
    expect(flagged[0]?.map(Number)).toEqual([poison, poison]);

    // A gold number by hand from silver: requests per risk band and crop.
    const gold = await q(`SELECT faixa_risco_credito, cultura_principal, total_solicitacoes FROM iceberg."gold_${id}".risk_features_agro ORDER BY 1, 2`);
    expect(gold.length).toBeGreaterThan(0);
    const byHand = await q(`SELECT faixa_risco_credito, cultura_principal, count(*) FROM ${silver} WHERE registro_valido AND faixa_risco_credito IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`);
    expect(gold).toEqual(byHand);

    const second = demo(1702);
    expect(second.status, second.stderr.slice(-3000)).toBe(0);
    expect(second.stderr).toMatch(/dados_produtores_agro \(incremental, [\d.]+ s, \d+ row\(s\) written\)/);
    const bronze2 = Number((await q(`SELECT count(*) FROM iceberg."${bronze}".dados_produtores_agro`))[0]?.[0]);
    const dead2 = Number((await q(`SELECT count(*) FROM iceberg."${bronze}".dados_produtores_agro_dead_letter`))[0]?.[0]);
    expect(bronze2 + dead2).toBe(2400);
    expect(Number((await q(`SELECT count(*) FROM ${silver}`))[0]?.[0])).toBe(bronze2);
    const snaps = await q(`SELECT operation FROM iceberg."silver_${id}"."dados_produtores_agro$snapshots" ORDER BY committed_at`);
    expect(snaps.map((r) => r[0])).toEqual(["append", "overwrite"]); // first build, then one MERGE
  });
});
