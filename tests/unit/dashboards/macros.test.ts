import { describe, expect, test } from "vitest";
import { expandQuery, intervalSeconds } from "../../../src/dashboards/macros.js";
import { dashboardUid } from "../../../src/dashboards/uid.js";
import { Grid } from "../../../src/dashboards/grid.js";
import { classifyColumn } from "../../../src/dashboards/column-roles.js";

const ctx = { from: new Date("2024-03-01T10:00:00Z"), to: new Date("2024-03-02T12:30:15Z"), variables: { uf: ["SP", "D'Oeste"], n: ["1"] } };

describe("Trino plugin macros and Grafana variables", () => {
  test("timeFilter / timeGroup as the plugin expands them", () => {
    expect(expandQuery(`SELECT $__timeGroup("ts", '1h') AS "time" FROM t WHERE $__timeFilter("ts")`, ctx)).toBe(
      `SELECT FROM_UNIXTIME(FLOOR(TO_UNIXTIME("ts")/3600)*3600) AS "time" FROM t WHERE "ts" BETWEEN TIMESTAMP '2024-03-01 10:00:00' AND TIMESTAMP '2024-03-02 12:30:15'`,
    );
    expect(expandQuery("$__timeFrom() $__timeTo() $__dateFilter(d)", ctx)).toBe("TIMESTAMP '2024-03-01 10:00:00' TIMESTAMP '2024-03-02 12:30:15' d BETWEEN date '2024-03-01' AND date '2024-03-02'");
    expect(expandQuery("$__timeGroup(date_trunc('day', ts), '5m')", ctx)).toBe("FROM_UNIXTIME(FLOOR(TO_UNIXTIME(date_trunc('day', ts))/300)*300)");
    expect(intervalSeconds("'1d'")).toBe(86400);
  });

  test("variables: sqlstring escapes quotes the SQL way, bare $var is csv, $snapshots is left alone", () => {
    expect(expandQuery(`uf IN (\${uf:sqlstring}) AND n = $n FROM "t$snapshots"`, ctx)).toBe(`uf IN ('SP','D''Oeste') AND n = 1 FROM "t$snapshots"`);
    expect(() => expandQuery("${missing:sqlstring}", ctx)).toThrow(/undefined template variable/);
  });

  test("uids fit Grafana's 40 characters; grid widths fill a line", () => {
    expect(dashboardUid("lf", "gold-risk")).toBe("lf-gold-risk");
    const long = dashboardUid("lf", "gold-a-very-long-domain-name-that-goes-on-and-on");
    expect(long.length).toBeLessThanOrEqual(40);
    expect(Grid.split(3, 4)).toEqual([8, 8, 8]);
    expect(Grid.split(5, 4).reduce((a, b) => a + b, 0)).toBe(24);
  });
});

describe("column roles", () => {
  test("typed and untyped columns", () => {
    const role = (name: string, type?: string, description?: string) => classifyColumn({ name, type, description }).role;
    expect(role("taxa_risco_elevado", undefined, "Fração (0–1) dos pedidos com faixa ALTO ou MUITO_ALTO.")).toBe("rate");
    expect(role("densidade_proponentes", undefined, "BAIXA / MEDIA / ALTA: terço no ranking (percent_rank < 1/3)")).toBe("dimension");
    expect(role("cultura_dominante", undefined, "cultura com mais pedidos")).toBe("dimension");
    expect(role("serasa_score_medio")).toBe("measure");
    expect(role("total_solicitacoes", "bigint")).toBe("count");
    expect(role("ultima_solicitacao", "timestamp(6) with time zone")).toBe("time");
    expect(role("primeira_solicitacao")).toBe("time");
    expect(role("proponente_id", "varchar")).toBe("identifier");
    expect(role("perfil_frequencia", "varchar", "NOVO ou RECORRENTE")).toBe("dimension");
    expect(role("valor_mediano", "double")).toBe("measure");
    expect(role("nome", "varchar")).toBe("identifier");
  });
});
