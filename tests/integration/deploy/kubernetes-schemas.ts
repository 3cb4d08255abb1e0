/**
 * Offline Kubernetes validation without GitHub: kubeconform is built with `go install` from the Go
 * module proxy, and its JSON schemas are generated from the OpenAPI document that ships inside the
 * Go module k8s.io/kubernetes at a pinned version (checksummed by Go's sum database), the way
 * kubeconform's own openapi2jsonschema does: one standalone file per kind, strict (no unknown
 * keys), IntOrString and Quantity widened to what the API server accepts. Everything is cached
 * under ~/.cache/lakeform.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const KUBERNETES_VERSION = "v1.34.3";
export const KUBECONFORM_VERSION = "v0.8.0";

const cache = process.env.LAKEFORM_CACHE_DIR ?? join(homedir(), ".cache", "lakeform");

function go(args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync("go", args, { encoding: "utf8", cwd: cache, env: { ...process.env, GOFLAGS: "-modcacherw", ...env }, stdio: ["ignore", "pipe", "pipe"] });
}

export function kubeconformBinary(): string {
  const bin = join(cache, "go-bin", `kubeconform-${KUBECONFORM_VERSION}`);
  if (!existsSync(join(bin, "kubeconform"))) {
    mkdirSync(bin, { recursive: true });
    go(["install", `github.com/yannh/kubeconform/cmd/kubeconform@${KUBECONFORM_VERSION}`], { GOBIN: bin });
  }
  return join(bin, "kubeconform");
}

type Schema = { $ref?: string; properties?: Record<string, Schema>; additionalProperties?: unknown; [k: string]: unknown };
interface Swagger {
  definitions: Record<string, Schema & { "x-kubernetes-group-version-kind"?: { group: string; version: string; kind: string }[] }>;
}

const WIDENED: Record<string, Schema> = {
  "io.k8s.apimachinery.pkg.util.intstr.IntOrString": { oneOf: [{ type: "string" }, { type: "integer" }] },
  "io.k8s.apimachinery.pkg.api.resource.Quantity": { oneOf: [{ type: "string" }, { type: "number" }] },
};

function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) out[k] = strict(v);
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return out;
}

function refsOf(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => refsOf(n, into));
  if (node === null || typeof node !== "object") return;
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string") into.add(v.replace("#/definitions/", ""));
    else refsOf(v, into);
  }
}

/** The schema directory for `-schema-location <dir>/{{.ResourceKind}}{{.KindSuffix}}.json`, with a file for every kind of `apiVersion`/`kind` pairs given. */
export function kubernetesSchemas(kinds: readonly { apiVersion: string; kind: string }[]): string {
  const dir = join(cache, "kubernetes-schemas", `${KUBERNETES_VERSION}-standalone-strict`);
  mkdirSync(dir, { recursive: true });
  const fileOf = (group: string, version: string, kind: string) => join(dir, `${kind.toLowerCase()}${group ? `-${group.split(".")[0]}` : ""}-${version}.json`);
  const wanted = kinds.map(({ apiVersion, kind }) => {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    return { group: group!, version: version!, kind };
  });
  if (wanted.every((w) => existsSync(fileOf(w.group, w.version, w.kind)))) return dir;

  const moduleDir = (JSON.parse(go(["mod", "download", "-json", `k8s.io/kubernetes@${KUBERNETES_VERSION}`], { GOMODCACHE: join(cache, "go-mod") })) as { Dir: string }).Dir;
  const swagger = JSON.parse(readFileSync(join(moduleDir, "api", "openapi-spec", "swagger.json"), "utf8")) as Swagger;
  for (const w of wanted) {
    const name = Object.keys(swagger.definitions).find((n) => swagger.definitions[n]!["x-kubernetes-group-version-kind"]?.some((g) => g.group === w.group && g.version === w.version && g.kind === w.kind));
    if (!name) throw new Error(`Kubernetes ${KUBERNETES_VERSION} has no ${w.group || "core"}/${w.version} ${w.kind}`);
    const closure = new Set<string>();
    const queue = [name];
    while (queue.length) {
      const n = queue.pop()!;
      if (closure.has(n)) continue;
      closure.add(n);
      if (WIDENED[n]) continue;
      const refs = new Set<string>();
      refsOf(swagger.definitions[n], refs);
      queue.push(...refs);
    }
    const definitions = Object.fromEntries([...closure].sort().map((n) => [n, WIDENED[n] ?? strict(swagger.definitions[n])]));
    writeFileSync(fileOf(w.group, w.version, w.kind), JSON.stringify({ ...(strict(swagger.definitions[name]) as object), definitions }));
  }
  return dir;
}
