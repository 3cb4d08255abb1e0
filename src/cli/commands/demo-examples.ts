/**
 * The example projects `lakeform demo --example <name>` runs end to end, each as the list of CLI
 * commands its README gives — so the demo does exactly what a user would type, and adding an
 * example is adding an entry here (its folder under `examples/`, its steps). The stack is started
 * by `demo` itself before the first step.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The environment a test (or a user) gives the demo; every step passes it on where it applies. */
export interface ExampleEnv {
  readonly schemaSuffix?: string | undefined;
  /** `k=v,…` as for `--vars`. */
  readonly vars?: string | undefined;
}

export interface ExampleStep {
  readonly title: string;
  /** Arguments of the `lakeform` CLI, run with the example's folder as the working directory. */
  readonly argv: (env: ExampleEnv) => readonly string[];
}

export interface DemoExample {
  readonly name: string;
  /** Folder under the package's `examples/`. */
  readonly folder: string;
  readonly summary: string;
  readonly steps: readonly ExampleStep[];
}

const suffix = (env: ExampleEnv) => (env.schemaSuffix ? ["--schema-suffix", env.schemaSuffix] : []);
const vars = (env: ExampleEnv) => (env.vars ? ["--vars", env.vars] : []);
/** A project command over `dir` with the environment flags. */
const project = (command: string, dir: string, ...rest: string[]) => (env: ExampleEnv) => [command, dir, ...suffix(env), ...vars(env), ...rest];

export const EXAMPLES: readonly DemoExample[] = [
  {
    name: "vendas",
    folder: "vendas",
    summary: "seed 001: sales in an operational PostgreSQL → Iceberg bronze/silver → gold served in PostgreSQL (catalog serving)",
    steps: [
      // The generator is a project of its own: the example's `run` never regenerates its source.
      { title: "generate 20 000 sales in the operational PostgreSQL (catalog operacional)", argv: (env) => ["run", "gerador", ...vars(env)] },
      { title: "run: bronze (MERGE from operacional) and silver on Iceberg, gold swapped into PostgreSQL serving, assertions", argv: project("run", ".") },
      { title: "test: the assertions again, without rebuilding", argv: project("test", ".") },
      // Lineage reads the project as written (no environment flags): the flow, not the test schemas.
      { title: "lineage: operacional → iceberg → serving", argv: () => ["lineage", ".", "--format", "mermaid", "--no-checks", "--no-dashboards"] },
    ],
  },
  {
    name: "uploads-csv",
    folder: "uploads-csv",
    summary: "seed 003: store CSV exports uploaded to the object store → file landing (bronze, dead letters by line) → silver on Iceberg → gold served in PostgreSQL (catalog serving)",
    steps: [
      {
        title: "upload the three monthly CSV exports to s3://landing/uploads-csv/pedidos/",
        argv: () => ["upload", "pedidos", "data/pedidos-2024-01.csv", "data/pedidos-2024-02.csv", "data/pedidos-2024-03.csv"],
      },
      // The landing's bronze tables are not renamed by --schema-suffix (declarations never are).
      { title: "ingest: every new object version exactly once; malformed rows to the dead-letter table", argv: () => ["ingest", ".", "--until-idle"] },
      { title: "run: silver on Iceberg, gold swapped into PostgreSQL serving, assertions", argv: project("run", ".") },
      { title: "lineage: landing prefix → bronze → silver → serving", argv: () => ["lineage", ".", "--format", "mermaid", "--no-checks", "--no-dashboards"] },
    ],
  },
  {
    name: "clima",
    folder: "clima",
    summary: "seed 000: JSON weather readings on Kafka → bronze → hourly silver → gold time series → Grafana dashboard",
    // Its topic and bronze tables are the stream's own (no environment flags for simulate/ingest).
    steps: [
      { title: "simulate 2 160 JSON readings (6 cities × every 10 min × 60 h) → Kafka", argv: () => ["simulate", "leituras_clima", ".", "--count", "2160"] },
      { title: "ingest the JSON stream into bronze (exactly once; bad readings to the dead-letter table)", argv: () => ["ingest", ".", "--until-idle"] },
      { title: "run: hourly silver, gold series and daily extremes, assertions", argv: project("run", ".") },
      { title: "test: assertions and the SQLX unit test", argv: project("test", ".") },
      { title: "dashboards: the Grafana time series, every panel query run on Trino", argv: () => ["dashboards", ".", "--out", "build/grafana", "--check"] },
    ],
  },
];

export function findExample(name: string): DemoExample | undefined {
  return EXAMPLES.find((e) => e.name === name);
}

/** Same relative path from src/cli/commands/ and dist/cli/commands/ to the package root. */
export function examplesDir(): string {
  return fileURLToPath(new URL("../../../examples/", import.meta.url));
}

/** The examples whose folder is present (a package without `examples/` has none). */
export function availableExamples(): DemoExample[] {
  return EXAMPLES.filter((e) => existsSync(`${examplesDir()}${e.folder}/dataform.json`));
}
