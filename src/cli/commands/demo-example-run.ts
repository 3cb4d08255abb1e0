/**
 * `lakeform demo --example <name>`: start the stack, then run the example's steps (its README's
 * commands) one after another as `lakeform` subprocesses in the example's folder; the first step
 * that fails stops the demo with its exit code.
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { LakeformError } from "../../common/errors.js";
import { stackContext, stackUp } from "../../stack/stack.js";
import { info } from "../output.js";
import { availableExamples, examplesDir, findExample, type ExampleEnv } from "./demo-examples.js";

const MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

function runStep(cwd: string, argv: readonly string[]): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [MAIN, ...argv], { cwd, stdio: "inherit" });
    child.on("error", fail);
    child.on("exit", (code, signal) => done(code ?? (signal ? 130 : 1)));
  });
}

export async function runExampleDemo(name: string, o: { readonly stack: boolean } & ExampleEnv): Promise<number> {
  const example = findExample(name);
  const present = availableExamples().map((e) => e.name);
  if (!example || !present.includes(name)) {
    throw new LakeformError("usage", `no example "${name}"`, { hint: `examples: ${present.join(", ") || "(none in this package)"}` });
  }
  const cwd = `${examplesDir()}${example.folder}`;
  info(`example ${example.name}: ${example.summary}\n   folder: ${cwd}`);
  const t0 = Date.now();
  let n = 1;
  if (o.stack) {
    info(`\n== ${n++}. local lakehouse (Trino 476 + Iceberg + PostgreSQL catalogs + MinIO + Kafka)`);
    const up = await stackUp(stackContext((m) => info(`   ${m}`)));
    info(`   stack up in ${up.seconds.toFixed(1)} s`);
  }
  for (const step of example.steps) {
    const argv = step.argv(o);
    info(`\n== ${n++}. ${step.title}\n   $ lakeform ${argv.join(" ")}`);
    const code = await runStep(cwd, argv);
    if (code !== 0) {
      info(`\nexample ${example.name}: step failed (exit ${code})`);
      return code;
    }
  }
  info(`\nexample ${example.name}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return 0;
}
