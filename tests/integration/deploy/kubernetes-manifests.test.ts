import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers.js";
import { kubeconformBinary, kubernetesSchemas, KUBERNETES_VERSION } from "./kubernetes-schemas.js";

// No cluster runs here: validate deploy/kubernetes offline with kubeconform in strict mode against
// Kubernetes' own schemas (see kubernetes-schemas.ts for where both come from).
const dir = join(REPO_ROOT, "deploy", "kubernetes");
const files = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
const kinds = files.flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as { apiVersion: string; kind: string }));

function kubeconform(paths: string[]) {
  const schemas = kubernetesSchemas(kinds);
  const r = spawnSync(kubeconformBinary(), ["-strict", "-summary", "-output", "json", "-schema-location", `${schemas}/{{.ResourceKind}}{{.KindSuffix}}.json`, ...paths], { encoding: "utf8" });
  return { status: r.status, out: JSON.parse(r.stdout) as { resources: { filename: string; kind: string; status: string; msg: string }[]; summary: { valid: number; invalid: number; errors: number; skipped: number } } };
}

describe(`deploy/kubernetes against the Kubernetes ${KUBERNETES_VERSION} schemas`, () => {
  const tmp = mkdtempSync(join(tmpdir(), "lakeform-k8s-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it("is valid, strictly, resource by resource", () => {
    const r = kubeconform(files.map((f) => join(dir, f)));
    expect(r.out.resources.filter((x) => x.status !== "statusValid")).toEqual([]);
    expect(r.out.summary).toEqual({ valid: kinds.length, invalid: 0, errors: 0, skipped: 0 });
    expect(r.status).toBe(0);
  });

  it("would catch a misspelt or mistyped field (the check can fail)", () => {
    const text = readFileSync(join(dir, "deployment-serve.yaml"), "utf8");
    writeFileSync(join(tmp, "typo.yaml"), text.replace("readinessProbe:", "readinesProbe:"));
    writeFileSync(join(tmp, "type.yaml"), text.replace("replicas: 1", 'replicas: "one"'));
    const r = kubeconform([join(tmp, "typo.yaml"), join(tmp, "type.yaml")]);
    expect(r.status).not.toBe(0);
    const byFile = new Map(r.out.resources.map((x) => [x.filename.split("/").pop(), x]));
    expect(byFile.get("typo.yaml")?.status).toBe("statusInvalid");
    expect(byFile.get("typo.yaml")?.msg).toContain("readinesProbe");
    expect(byFile.get("type.yaml")?.status).toBe("statusInvalid");
    expect(byFile.get("type.yaml")?.msg).toContain("replicas");
  });
});
