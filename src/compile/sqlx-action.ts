/**
 * Lakeform's implementation of `dataform.sqlxAction({...})`, the call the SQLX transpiler emits.
 * Turns the transpiled pieces into a draft; positions come from the original SQLX text.
 */

import type { Diagnostic } from "../common/errors.js";
import { findOffset, locationAt } from "../common/text-position.js";
import type { ActionDraft, Contextable } from "./drafts.js";
import { newDraft } from "./drafts.js";

/** Shape of the object literal the SQLX transpiler passes to `dataform.sqlxAction`. */
export interface SqlxActionArgs {
  readonly sqlxConfig?: Record<string, unknown>;
  readonly sqlStatementCount?: number;
  readonly sqlContextable?: Contextable;
  readonly incrementalWhereContextable?: Contextable;
  readonly preOperationsContextable?: Contextable;
  readonly postOperationsContextable?: Contextable;
  readonly inputContextables?: readonly { refName?: readonly string[]; contextable: Contextable }[];
}

const CONFIG_BLOCK = /(^|\n)\s*config\s*\{/;

export function sqlxDraft(args: SqlxActionArgs, file: string, text: string, diagnostics: Diagnostic[]): ActionDraft {
  const config = { ...args.sqlxConfig };
  const found = findOffset(text, CONFIG_BLOCK);
  const configOffset = found < 0 ? 0 : text.indexOf("config", found);
  // The transpiler defaults `type` to "operations"; a config block without `type` keeps that.
  const type = typeof config["type"] === "string" ? config["type"] : "operations";
  delete config["type"];
  const d = newDraft(type, file, "sqlx", locationAt(file, text, configOffset), config, configOffset);
  d.statementCount = args.sqlStatementCount ?? 1;
  if (args.sqlContextable !== undefined) d.query = args.sqlContextable;
  if (args.preOperationsContextable !== undefined) d.preOps.push(args.preOperationsContextable);
  if (args.postOperationsContextable !== undefined) d.postOps.push(args.postOperationsContextable);
  for (const input of args.inputContextables ?? []) {
    d.inputs.push({ ref: input.refName?.length === 1 ? input.refName[0] : input.refName?.join("."), contextable: input.contextable });
  }
  if (args.incrementalWhereContextable !== undefined) {
    const at = findOffset(text, /\bincremental_where\b/);
    diagnostics.push({
      severity: "warning",
      code: "deprecated-block",
      message: "incremental_where { } is ignored",
      location: locationAt(file, text, Math.max(at, 0)),
      hint: "use ${when(incremental(), `WHERE …`)} in the query",
    });
  }
  return d;
}
