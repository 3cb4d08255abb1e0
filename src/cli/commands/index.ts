import type { Command } from "commander";
import { registerCompile } from "./compile.js";
import { registerDemo } from "./demo.js";
import { registerIngest } from "./ingest.js";
import { registerPlan } from "./plan.js";
import { registerRun } from "./run.js";
import { registerSimulate } from "./simulate.js";
import { registerSql } from "./sql.js";
import { registerStack } from "./stack.js";
import { registerTest } from "./test.js";

/** Every command module registers itself here; main.ts stays a thin shell. */
export function registerCommands(program: Command): void {
  registerCompile(program);
  registerPlan(program);
  registerRun(program);
  registerTest(program);
  registerIngest(program);
  registerSimulate(program);
  registerDemo(program);
  registerSql(program);
  registerStack(program);
}
