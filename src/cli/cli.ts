/** The CLI proper (loaded by main.ts once Node's compile cache is on). */
import { Command, CommanderError } from "commander";
import { DiagnosticsError, LakeformError, formatDiagnostic } from "../common/errors.js";
import { registerCommands } from "./commands/index.js";

const program = new Command()
  .name("lakeform")
  .description("Declarative, SQL-first transformations for the Trino + Apache Iceberg lakehouse (Dataform-style SQLX)")
  .version("0.1.0")
  .showHelpAfterError()
  .exitOverride();

await registerCommands(program, process.argv.slice(2));

// `lakeform … | head` closes stdout early: that is the reader's choice, not an error.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

/** The one catch: user-facing errors print as messages, bugs print their stack. */
async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      // `--help` and `--version` end with 0; every other complaint of commander (unknown flag,
      // missing or invalid value) is a usage error.
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    if (e instanceof DiagnosticsError) {
      for (const d of e.diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
    }
    if (e instanceof LakeformError) {
      process.stderr.write(`error: ${e.message}\n`);
      if (e.hint) process.stderr.write(`${e.hint}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    process.stderr.write(`internal error (a Lakeform bug — please report it):\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  }
}

await main();
