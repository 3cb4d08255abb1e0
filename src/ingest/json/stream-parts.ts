/**
 * The JSON half of reading a stream declaration (ingest/streams.ts does the rest): the contract
 * file is found, compiled into bronze columns, and `required:` / `key.field` paths are checked
 * against it — each problem a diagnostic at the YAML key.
 */
import { existsSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import type { Diagnostic, SourceLocation } from "../../common/errors.js";
import type { PayloadColumn } from "../avro/to-trino.js";
import type { StreamFormat } from "../stream-decl.js";
import type { ShapeField } from "./shape.js";
import { contractKind, loadJsonContract, type ContractKind } from "./load-contract.js";

interface Ctx {
  readonly projectDir: string;
  readonly absFile: string;
  readonly at: (...path: PropertyKey[]) => SourceLocation;
  readonly diagnostics: Diagnostic[];
}

/** What an encoding contributes to a stream declaration (Avro: ingest/streams.ts; JSON: here). */
export interface StreamParts {
  readonly format: StreamFormat;
  readonly payload: PayloadColumn[];
  readonly checkPaths: (paths: readonly string[], keyPath: PropertyKey[]) => void;
}

export function jsonStreamParts(f: { readonly schema: string; readonly contract?: ContractKind | undefined }, nested: "row" | "flatten", ctx: Ctx): StreamParts | undefined {
  const abs = resolve(dirname(ctx.absFile), f.schema);
  const kind = contractKind(f.schema, f.contract);
  if (!existsSync(abs)) {
    ctx.diagnostics.push({
      severity: "error",
      code: "stream-schema-file",
      message: `contract file "${f.schema}" not found (looked at ${relative(ctx.projectDir, abs)})`,
      location: ctx.at("format", "schema"),
      hint: "paths are relative to the stream's YAML file",
    });
    return undefined;
  }
  let fields: readonly ShapeField[];
  let payload: PayloadColumn[];
  try {
    const contract = loadJsonContract(abs, kind, { nested });
    fields = contract.fields;
    payload = [...contract.columns];
  } catch (e) {
    ctx.diagnostics.push({
      severity: "error",
      code: "stream-json-contract",
      message: `invalid ${kind === "avro" ? "Avro" : "JSON Schema"} contract ${f.schema}: ${e instanceof Error ? e.message : String(e)}`,
      location: ctx.at("format", "schema"),
    });
    return undefined;
  }
  const checkPaths = (paths: readonly string[], keyPath: PropertyKey[]) => {
    paths.forEach((p, i) => {
      let here: readonly ShapeField[] | undefined = fields;
      for (const part of p.split(".")) {
        const field: ShapeField | undefined = here?.find((x) => x.source === part);
        if (!field) {
          ctx.diagnostics.push({
            severity: "error",
            code: "stream-field",
            message: `field "${p}" is not in the stream's contract`,
            location: ctx.at(...keyPath, ...(paths.length > 1 || keyPath[0] === "required" ? [i] : [])),
            hint: here ? `properties here: ${here.map((x) => x.source).join(", ")}` : undefined,
          });
          return;
        }
        here = field.shape.kind === "object" ? field.shape.fields : undefined;
      }
    });
  };
  return { format: { encoding: "json", schemaFile: abs, contract: kind }, payload, checkPaths };
}
