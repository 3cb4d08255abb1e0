import type { Command } from "commander";
import { registerCompile } from "./compile.js";
import { registerDashboards } from "./dashboards.js";
import { registerDemo } from "./demo.js";
import { registerIngest } from "./ingest.js";
import { registerLineage } from "./lineage.js";
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
  registerLineage(program);
  registerDashboards(program);
  registerDemo(program);
  registerSql(program);
  registerStack(program);
}
