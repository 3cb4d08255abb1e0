import { describe, expect, it } from "vitest";
import { REPO_ROOT, runCli, uniqueName } from "../helpers.js";
import { psql } from "../postgres.js";

// Acceptance of issue 13: a served model with a type PostgreSQL cannot hold fails at plan time —
// before anything is built — naming the column and a fix. The query's columns come from a
// `LIMIT 0` probe listed in the plan's reads.
const id = uniqueName("federation_types");
const project = `${REPO_ROOT}/tests/fixtures/serving-bad-type`;

describe("a served model whose columns PostgreSQL cannot hold", () => {
  it("plan fails with each column, why, and a fix; nothing is created", () => {
    const r = runCli(["plan", project, "--schema-suffix", id]);
    expect(r.status).toBe(1);
    const err = r.stderr;
    expect(err).toContain('column "etiquetas" is array(varchar(3)), which catalog "serving" (postgresql) cannot hold');
    expect(err).toContain('CAST("etiquetas" AS JSON) AS "etiquetas"');
    expect(err).toMatch(/column "endereco" is row\(cidade varchar, uf varchar\), which catalog "serving" \(postgresql\) cannot hold: PostgreSQL has no ROW columns/);
    expect(err).toContain('"endereco".<field> AS endereco_<field>');
    // Finer timestamps are no error (cast to microseconds with a warning: golden swap-table-*).
    expect(err).not.toContain('column "criado_em" is');
    expect(err).toContain("definitions/clientes_api.sqlx");
    expect(psql("serving", `SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'api_${id}'`)).toEqual([["0"]]);
  });

  it("run refuses the same way, before any statement", () => {
    const r = runCli(["run", project, "--schema-suffix", id, "--no-run-log"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('column "etiquetas"');
    expect(psql("serving", `SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'api_${id}'`)).toEqual([["0"]]);
  });
});
