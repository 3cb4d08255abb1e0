/**
 * Lakeform's import rules (docs/architecture.md explains them). Run by `scripts/test.sh`, so
 * `.ci/run` fails when a rule is broken. Type-only imports count: a type is a dependency too.
 *
 * Layers, lowest first; a folder may import only folders listed for it.
 */
const layers = {
  common: [],
  config: ["common"],
  compile: ["common", "config"],
  plan: ["common", "config", "compile"],
  "adapters/trino": ["common", "config", "compile", "plan"],
  "adapters/kafka": ["common"],
  "adapters/s3": ["common"],
  run: ["common", "config", "compile", "plan", "adapters/trino"],
  ingest: ["common", "config", "adapters/trino", "adapters/kafka", "adapters/s3"],
  simulate: ["common", "config", "ingest", "adapters/kafka"],
  lineage: ["common", "config", "compile", "ingest", "run", "adapters/trino"],
  dashboards: ["common", "config", "compile", "lineage", "adapters/trino"],
  stack: ["common", "config", "adapters/trino", "adapters/kafka"],
  serve: ["common", "config", "compile", "plan", "run", "ingest", "lineage", "dashboards", "adapters/trino", "adapters/kafka", "adapters/s3"],
  migrate: ["common", "config", "compile", "adapters/trino"],
  // cli may import every folder; nothing imports cli.
};

const esc = (s) => s.replace(/[/]/g, "\\/");
const folderRules = Object.entries(layers).map(([from, allowed]) => ({
  name: `layer-${from.replace("/", "-")}`,
  comment: `src/${from} may import only ${allowed.length ? allowed.map((a) => `src/${a}`).join(", ") : "itself"} (see docs/architecture.md)`,
  severity: "error",
  from: { path: `^src/${esc(from)}/` },
  to: { path: "^src/", pathNot: [`^src/${esc(from)}/`, ...allowed.map((a) => `^src/${esc(a)}/`)] },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "No import cycles between files (and so none between folders).",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    ...folderRules,
    {
      name: "cli-is-the-top",
      comment: "Only the CLI formats argv/stdout and exits; nothing below may import it.",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "only-the-client-speaks-trino-http",
      comment: "trino-client is wrapped once (typed errors, cancel, retries, BIGINT-safe JSON).",
      severity: "error",
      from: { pathNot: "^src/adapters/trino/client\\.ts$" },
      to: { path: "node_modules/trino-client/" },
    },
    {
      name: "only-the-kafka-adapter-speaks-kafka",
      comment: "kafkajs is unmaintained; keep it behind src/adapters/kafka.",
      severity: "error",
      from: { pathNot: "^src/adapters/kafka/" },
      to: { path: "node_modules/kafkajs/" },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve is a typo or a missing dependency.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".json"] },
  },
};
