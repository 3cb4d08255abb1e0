import { afterAll, describe, expect, it } from "vitest";
import { dropSchemas, runCli, uniqueName } from "../integration/helpers.js";
import { dropPostgresSchemas, psql } from "../integration/postgres.js";

// Issue 13's seed 001 example end to end through the CLI, as its README runs it:
// `lakeform demo --example vendas` generates sales in the operational PostgreSQL, copies them to
// Iceberg (bronze MERGE, silver), serves three gold tables in the `serving` PostgreSQL and checks
// them; this test then reads the served tables with plain psql — as the API would — and compares
// them with the same aggregates recomputed by PostgreSQL itself from the operational rows.
const id = uniqueName("federation");
const gold = `vendas_gold_${id}`;

/** The silver cleaning rules, written again independently in PostgreSQL's SQL. */
const CLEAN = `
  WITH v AS (
    SELECT id_venda, id_cliente, data_venda, quantidade, quantidade * preco_unitario AS valor,
           upper(trim(estado)) AS estado,
           CASE WHEN lower(trim(modalidade)) IN ('loja física', 'loja_fisica') THEN 'LOJA_FISICA' ELSE upper(trim(modalidade)) END AS modalidade
    FROM "${id}".vendas WHERE status = 'CONCLUIDA')`;

describe("examples/vendas (e2e)", () => {
  afterAll(async () => {
    const { trino } = await import("../integration/helpers.js");
    await dropSchemas(trino(), [`vendas_bronze_${id}`, `vendas_silver_${id}`, `vendas_qualidade_${id}`]);
    dropPostgresSchemas("serving", [gold]);
    dropPostgresSchemas("operacional", [id]);
  });

  it("demo --example vendas builds and serves; psql reads what PostgreSQL recomputes from the operational rows", () => {
    const r = runCli(["demo", "--example", "vendas", "--no-stack", "--schema-suffix", id, "--vars", `operacional_schema=${id}`], { timeoutMs: 900_000 });
    expect(r.status, r.stderr.slice(-4000)).toBe(0);

    // Lineage: operational catalog → Iceberg → serving catalog, every relation named with its catalog.
    expect(r.stdout).toContain('operacional_vendas_vendas[("operacional.vendas.vendas")]');
    expect(r.stdout).toContain("operacional_vendas_vendas --> iceberg_vendas_bronze_vendas");
    expect(r.stdout).toContain("iceberg_vendas_silver_vendas --> serving_vendas_gold_vendas_ano_mes");
    expect(r.stdout).toContain('serving_vendas_gold_vendas_estado["serving.vendas_gold.vendas_estado"]');

    expect(psql("operacional", `SELECT count(*) FROM "${id}".vendas`)).toEqual([["20000"]]);

    const anoMes = psql("serving", `SELECT ano_mes, ano, mes, vendas, itens, receita, ticket_medio FROM "${gold}".vendas_ano_mes ORDER BY ano_mes`);
    expect(anoMes).toHaveLength(12);
    expect(anoMes).toEqual(
      psql("operacional", `${CLEAN} SELECT to_char(data_venda, 'YYYY-MM'), extract(year FROM data_venda)::int, extract(month FROM data_venda)::int, count(*), sum(quantidade), sum(valor), round(sum(valor) / count(*), 2) FROM v GROUP BY 1, 2, 3 ORDER BY 1`),
    );

    const estado = psql("serving", `SELECT estado, vendas, clientes, receita, participacao FROM "${gold}".vendas_estado ORDER BY estado`);
    expect(estado.map((row) => row[0])).toEqual(["BA", "CE", "DF", "ES", "GO", "MG", "PE", "PR", "RJ", "RS", "SC", "SP"]);
    expect(estado).toEqual(
      psql("operacional", `${CLEAN} SELECT estado, count(*), count(DISTINCT id_cliente), sum(valor), round(sum(valor) / (SELECT sum(valor) FROM v), 4) FROM v GROUP BY estado ORDER BY estado`),
    );

    const modalidade = psql("serving", `SELECT modalidade, vendas, itens, receita, ultima_venda FROM "${gold}".vendas_modalidade ORDER BY modalidade`);
    expect(modalidade.map((row) => row[0])).toEqual(["LOJA_FISICA", "MARKETPLACE", "ONLINE", "TELEFONE"]);
    expect(modalidade).toEqual(psql("operacional", `${CLEAN} SELECT modalidade, count(*), sum(quantidade), sum(valor), max(data_venda) FROM v GROUP BY modalidade ORDER BY modalidade`));

    // The freshness check runs on the operational catalog too: with a limit of 0 hours the
    // newest change is "too old" and `lakeform test` fails naming it.
    const stale = runCli(["test", "examples/vendas", "--schema-suffix", id, "--vars", `operacional_schema=${id},frescor_horas=0`, "--actions", "operacional_vendas_frescor"]);
    expect(stale.status, stale.stdout + stale.stderr).toBe(1);
    expect(stale.stdout + stale.stderr).toMatch(/FAIL.*operacional_vendas_frescor/);

    // The swap leaves no staging or previous table behind for the API to trip over.
    expect(psql("serving", `SELECT table_name FROM information_schema.tables WHERE table_schema = '${gold}' ORDER BY 1`).flat()).toEqual(["vendas_ano_mes", "vendas_estado", "vendas_modalidade"]);
  });
});
