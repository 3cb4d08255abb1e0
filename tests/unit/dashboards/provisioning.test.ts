/** Grafana provisioning (infra/grafana) agrees with the generated dashboards and docker-compose.yml. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { defaultDashboardOptions, TRINO_DATASOURCE_TYPE } from "../../../src/dashboards/options.js";

const ROOT = join(import.meta.dirname, "..", "..", "..");
const yaml = (p: string) => parse(readFileSync(join(ROOT, p), "utf8")) as Record<string, unknown>;

describe("Grafana provisioning", () => {
  test("the data source is the Trino plugin with the uid dashboards use", () => {
    const ds = (yaml("infra/grafana/provisioning/datasources/trino.yaml").datasources as { uid: string; type: string }[])[0];
    expect(ds).toMatchObject({ uid: defaultDashboardOptions("iceberg").datasourceUid, type: TRINO_DATASOURCE_TYPE });
  });

  test("the dashboard provider reads the directory compose mounts build/grafana at", () => {
    const provider = (yaml("infra/grafana/provisioning/dashboards/lakeform.yaml").providers as { options: { path: string } }[])[0];
    const grafana = (yaml("docker-compose.yml").services as Record<string, { volumes: string[]; environment: Record<string, string> }>).grafana;
    expect(grafana?.volumes).toContain(`./build/grafana:${provider?.options.path}:ro`);
    expect(grafana?.volumes).toContain("./infra/grafana/provisioning:/etc/grafana/provisioning:ro");
    expect(grafana?.environment.GF_INSTALL_PLUGINS).toContain(TRINO_DATASOURCE_TYPE);
  });
});
