/** Cross-field checks of a stream declaration that need the parsed Avro schema. */
import type avro from "avsc";
import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { unwrapNullable } from "./avro/to-trino.js";

interface CheckCtx {
  readonly at: (...path: PropertyKey[]) => SourceLocation;
  readonly diagnostics: Diagnostic[];
}

/** Every writer schema must be readable as the reader schema (Avro schema resolution). */
export function checkWriterSchemas(reader: avro.Type, writers: readonly { label: string; type: avro.Type; path: PropertyKey[] }[], ctx: CheckCtx): void {
  for (const w of writers) {
    try {
      reader.createResolver(w.type);
    } catch (e) {
      ctx.diagnostics.push({
        severity: "error",
        code: "stream-schema-evolution",
        message: `${w.label} cannot be read with the stream's schema: ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`,
        location: ctx.at(...w.path),
        hint: "new fields need a default; removed fields must have had one; types may only be promoted (int→long→double)",
      });
    }
  }
}

const TRANSFORM = /^\s*(?:(year|month|day|hour|identity)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|(bucket|truncate)\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*,\s*\d+\s*\)|([A-Za-z_][A-Za-z0-9_]*))\s*$/i;

export function checkPartitioning(partitioning: readonly string[], columns: readonly string[], ctx: CheckCtx): void {
  partitioning.forEach((p, i) => {
    const m = TRANSFORM.exec(p);
    if (!m) {
      ctx.diagnostics.push({
        severity: "error",
        code: "stream-partitioning",
        message: `partitioning "${p}" is not an Iceberg partition transform`,
        location: ctx.at("target", "partitioning", i),
        hint: "use col, year(col), month(col), day(col), hour(col), bucket(col, n) or truncate(col, n)",
      });
      return;
    }
    const col = (m[2] ?? m[4] ?? m[5] ?? "").toLowerCase();
    if (!columns.includes(col)) {
      ctx.diagnostics.push({
        severity: "error",
        code: "stream-partitioning",
        message: `partition column "${col}" is not a top-level bronze column`,
        location: ctx.at("target", "partitioning", i),
        hint: `columns: ${columns.join(", ")}`,
      });
    }
  });
}

/** Dotted paths (e.g. `fontes_dados_adicionais.serasa_score`) must name fields of the schema. */
export function checkPaths(root: avro.Type, paths: readonly string[], keyPath: PropertyKey[], ctx: CheckCtx): void {
  paths.forEach((p, i) => {
    let t: avro.Type | undefined = root;
    for (const part of p.split(".")) {
      const rec: avro.Type | undefined = t ? unwrapNullable(t).type : undefined;
      const fields: { name: string; type: avro.Type }[] | undefined = (rec as unknown as { fields?: { name: string; type: avro.Type }[] } | undefined)?.fields;
      t = fields?.find((f) => f.name === part)?.type;
      if (!t) {
        ctx.diagnostics.push({
          severity: "error",
          code: "stream-field",
          message: `field "${p}" is not in the stream's Avro schema`,
          location: ctx.at(...keyPath, ...(paths.length > 1 || keyPath[0] === "required" ? [i] : [])),
          hint: fields ? `fields here: ${fields.map((f) => f.name).join(", ")}` : undefined,
        });
        return;
      }
    }
  });
}
