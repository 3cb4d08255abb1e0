/**
 * Runs `@dataform/core`'s own `main()` in-process as a compatibility oracle. The bundle is
 * evaluated in a fresh `node:vm` context with a `require` that serves the project's files
 * (transpiling .sqlx with the same `compiler`), exactly as the Dataform CLI's sandbox does.
 * The request is a hand-encoded `CoreExecutionRequest` protobuf; the compiled graph is taken
 * from `session.compile()` rather than decoding the base64 response.
 */

import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import vm from "node:vm";
import { parse as parseYaml } from "yaml";

const hostRequire = createRequire(import.meta.url);

export interface DfTarget {
  database?: string;
  schema?: string;
  name?: string;
}
export interface DfAction {
  target: DfTarget;
  type?: string;
  query?: string;
  incrementalQuery?: string;
  preOps?: string[];
  postOps?: string[];
  incrementalPreOps?: string[];
  incrementalPostOps?: string[];
  queries?: string[];
  dependencyTargets?: DfTarget[];
  tags?: string[];
  uniqueKey?: string[];
  parentAction?: DfTarget;
  hasOutput?: boolean;
}
export interface DfGraph {
  tables?: DfAction[];
  operations?: DfAction[];
  assertions?: DfAction[];
  declarations?: DfAction[];
  graphErrors?: { compilationErrors?: { fileName?: string; message?: string }[] };
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
function field(no: number, body: Buffer): Buffer {
  return Buffer.concat([varint((no << 3) | 2), varint(body.length), body]);
}

/** CoreExecutionRequest{compile=1: CompileExecutionRequest{compile_config=1: {project_dir=1, file_paths=8}}}. */
function encodeRequest(projectDir: string, files: readonly string[]): string {
  const config = Buffer.concat([field(1, Buffer.from(projectDir)), ...files.map((f) => field(8, Buffer.from(f)))]);
  return field(1, field(1, config)).toString("base64");
}

export function dataformCompile(projectDir: string, files: readonly string[]): DfGraph {
  const bundlePath = hostRequire.resolve("@dataform/core");
  const context = vm.createContext({ console });
  vm.runInContext("globalThis.global = globalThis", context);
  const modules = new Map<string, { exports: unknown }>();
  let core: { compiler: (c: string, p: string) => string; main: (r: string) => string; session: { compile: () => { toJSON(): DfGraph } } } | undefined;

  const settings = files.includes("workflow_settings.yaml")
    ? { workflowSettingsYaml: { asJson: parseYaml(readFileSync(join(projectDir, "workflow_settings.yaml"), "utf8")) as unknown } }
    : { dataformJson: stripLakeform(JSON.parse(readFileSync(join(projectDir, "dataform.json"), "utf8")) as Record<string, unknown>) };
  Object.assign(context, settings);

  const load = (abs: string, code: string): unknown => {
    const module = { exports: {} as unknown };
    modules.set(abs, module);
    const fn = vm.runInContext(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, context, { filename: abs }) as (...a: unknown[]) => void;
    fn(module.exports, (id: string) => req(id, dirname(abs)), module, abs, dirname(abs));
    return module.exports;
  };
  const isFile = (abs: string): boolean => existsSync(abs) && statSync(abs).isFile();
  /** Node's resolution, plus project-relative bare paths (`require("includes/x")`), as the CLI's sandbox does. */
  const resolveId = (id: string, fromDir: string): string | undefined => {
    const bases = id.startsWith(".") ? [resolve(fromDir, id)] : id.startsWith("/") ? [id] : [join(projectDir, id), ...nodeModuleDirs(fromDir).map((d) => join(d, id))];
    for (const base of bases) {
      for (const c of [base, `${base}.js`, `${base}.json`]) if (isFile(c)) return c;
      const pkg = join(base, "package.json");
      const main = isFile(pkg) ? (JSON.parse(readFileSync(pkg, "utf8")) as { main?: string }).main : undefined;
      for (const c of [...(main ? [join(base, main), `${join(base, main)}.js`] : []), join(base, "index.js"), join(base, "index.json")]) if (isFile(c)) return c;
    }
    return undefined;
  };
  const nodeModuleDirs = (from: string): string[] => {
    const out: string[] = [];
    for (let d = from; d.startsWith(projectDir); d = dirname(d)) out.push(join(d, "node_modules"));
    return out;
  };
  function req(id: string, fromDir: string = projectDir): unknown {
    if (id === "@dataform/core") return core;
    if (id === "fs" || id === "path") return hostRequire(id) as unknown;
    const abs = resolveId(id, fromDir);
    if (!abs) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: "MODULE_NOT_FOUND" });
    const cached = modules.get(abs);
    if (cached) return cached.exports;
    const text = readFileSync(abs, "utf8");
    if (abs.endsWith(".json")) return JSON.parse(text) as unknown;
    const rel = relative(projectDir, abs);
    const compiled = core && /\.(sqlx|sql|ya?ml|ipynb)$/.test(abs) ? core.compiler(text, rel) : text;
    return load(abs, compiled);
  }
  core = load(bundlePath, readFileSync(bundlePath, "utf8")) as typeof core;
  if (!core) throw new Error("cannot load @dataform/core");
  let graph: DfGraph | undefined;
  const session = core.session;
  const original = session.compile.bind(session);
  session.compile = () => {
    const g = original();
    graph = g.toJSON();
    return g;
  };
  core.main(encodeRequest(projectDir, files));
  if (!graph) throw new Error("@dataform/core main() did not compile");
  return graph;
}

function stripLakeform(o: Record<string, unknown>): Record<string, unknown> {
  const { lakeform: _ignored, ...rest } = o;
  return rest;
}
