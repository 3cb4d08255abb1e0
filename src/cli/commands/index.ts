import type { Command } from "commander";
import { registerSql } from "./sql.js";
import { registerStack } from "./stack.js";

/** Every command module registers itself here; main.ts stays a thin shell. */
export function registerCommands(program: Command): void {
  registerStack(program);
  registerSql(program);
}
