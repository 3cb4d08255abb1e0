import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { Registry } from "prom-client";
import { parseAllDocuments, parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerServe } from "../../../src/cli/commands/serve.js";
import { DEFAULT_LISTEN, ENDPOINTS, parseListen, startHttpServer, type RunningServer } from "../../../src/serve/http-server.js";

// The deployment files (Dockerfile, docker-compose.yml, deploy/kubernetes) cannot run here: keep
// their images, ports, probes, flags and settings in step with the code. The schema validation of
// the manifests is tests/integration/deploy/kubernetes-schemas.test.ts (it needs kubeconform).
const root = resolve(import.meta.dirname, "..", "..", "..");
const k8sDir = join(root, "deploy", "kubernetes");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
const image = `lakeform:${pkg.version}`;
const port = parseListen(DEFAULT_LISTEN).port;

interface Container {
  image: string;
  args?: string[];
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  livenessProbe?: { httpGet: { path: string; port: string | number } };
  readinessProbe?: { httpGet: { path: string; port: string | number } };
  envFrom?: ({ configMapRef?: { name: string }; secretRef?: { name: string } })[];
}
interface Workload {
  kind: string;
  metadata: { name: string };
  spec: { template: { spec: { terminationGracePeriodSeconds: number; securityContext: { runAsUser: number }; containers: Container[] } } };
}
type Doc = { kind: string; metadata: { name: string }; data?: Record<string, string>; stringData?: Record<string, string>; spec?: { ports?: { port: number }[] } };

const docs = readdirSync(k8sDir)
  .filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")
  .flatMap((f) => parseAllDocuments(readFileSync(join(k8sDir, f), "utf8")).map((d) => d.toJS() as Doc));
const workloads = docs.filter((d) => d.kind === "Deployment" || d.kind === "StatefulSet") as unknown as Workload[];
const containers = workloads.flatMap((w) => w.spec.template.spec.containers.map((c) => ({ w, c })));
/** serve's flags as the container passes them (plain args, or inside the StatefulSet's sh -c line). */
const serveArgs = (c: Container) => (c.command?.[0] === "/bin/sh" ? (c.args?.[0] ?? "").split(/\s+/) : (c.args ?? []));

describe("deployment files stay in step with the code", () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startHttpServer({ registry: new Registry(), readiness: async () => ({ ready: true, checks: [] }) }, "127.0.0.1", 0);
  });
  afterAll(() => server.close());

  it("has a serve Deployment and an optional ingest StatefulSet", () => {
    expect(workloads.map((w) => `${w.kind}/${w.metadata.name}`).sort()).toEqual(["Deployment/lakeform-serve", "StatefulSet/lakeform-ingest"]);
  });

  it("uses the image the Dockerfile and docker-compose.yml build, at the package version", () => {
    for (const { c } of containers) expect(c.image).toBe(image);
    const compose = parse(readFileSync(join(root, "docker-compose.yml"), "utf8"), { merge: true }) as { services: Record<string, { image?: string; build?: unknown; ports?: string[]; command?: string[] }> };
    expect(compose.services.lakeform?.image).toBe(image);
    expect(compose.services.lakeform?.build).toBe(".");
    expect(compose.services.lakeform?.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    expect(compose.services.lakeform?.command).toEqual(["serve", "/project", "--listen", `0.0.0.0:${port}`]);
  });

  it("listens, exposes and probes the port serve listens on, on paths serve answers", async () => {
    const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, "m"));
    expect(dockerfile).toContain(`http://127.0.0.1:${port}${ENDPOINTS.health}`);
    for (const { c } of containers) {
      expect(serveArgs(c)).toEqual(expect.arrayContaining(["--listen", `0.0.0.0:${port}`]));
      expect(c.ports).toEqual([{ name: "http", containerPort: port }]);
      expect(c.livenessProbe?.httpGet).toEqual({ path: ENDPOINTS.health, port: "http" });
      expect(c.readinessProbe?.httpGet).toEqual({ path: ENDPOINTS.ready, port: "http" });
      for (const path of [c.livenessProbe!.httpGet.path, c.readinessProbe!.httpGet.path]) {
        expect((await fetch(`http://127.0.0.1:${server.port}${path}`)).status, path).toBe(200);
      }
    }
    const service = docs.find((d) => d.kind === "Service");
    expect(service?.spec?.ports?.map((p) => p.port)).toEqual([port]);
    expect((await fetch(`http://127.0.0.1:${server.port}${ENDPOINTS.metrics}`)).status).toBe(200);
  });

  it("gives each pod longer to stop than serve's shutdown timeout", () => {
    for (const { w, c } of containers) {
      const args = serveArgs(c);
      const timeout = Number(args[args.indexOf("--shutdown-timeout") + 1]?.replace(/"/g, ""));
      expect(timeout).toBeGreaterThan(0);
      expect(w.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(timeout);
    }
  });

  it("runs as the Dockerfile's user and passes only flags serve knows", () => {
    const uid = /^USER (\d+)/m.exec(readFileSync(join(root, "Dockerfile"), "utf8"))?.[1];
    for (const { w } of containers) expect(String(w.spec.template.spec.securityContext.runAsUser)).toBe(uid);
    const program = new Command();
    registerServe(program);
    const known = program.commands.find((c) => c.name() === "serve")!.options.map((o) => o.long);
    for (const { c } of containers) for (const flag of serveArgs(c).filter((a) => a.startsWith("--"))) expect(known, flag).toContain(flag);
  });

  it("configures only settings the code reads, from the ConfigMap and Secret the pods mount", () => {
    const source = ["src/config/connection.ts", "src/config/stack-env.ts"].map((f) => readFileSync(join(root, f), "utf8")).join("\n");
    const cm = docs.find((d) => d.kind === "ConfigMap")!;
    const secret = docs.find((d) => d.kind === "Secret")!;
    for (const key of [...Object.keys(cm.data ?? {}), ...Object.keys(secret.stringData ?? {})]) {
      expect(source.includes(`env.${key}`) || readFileSync(join(root, "infra", "stack.env"), "utf8").includes(`${key}=`), key).toBe(true);
    }
    for (const { c } of containers) {
      expect(c.envFrom).toEqual([{ configMapRef: { name: cm.metadata.name } }, { secretRef: { name: secret.metadata.name } }]);
    }
  });
});
