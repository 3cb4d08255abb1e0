/**
 * JSON contracts: a JSON Schema (draft-07, 2019-09 or 2020-12) that types and validates JSON
 * records for bronze. Pure (no I/O) and shared by every JSON input: Kafka JSON streams
 * (`format.encoding: json`), JSON-lines files, and CSV files typed by a JSON Schema.
 *
 * ```ts
 * const contract = compileJsonContract(schema, { nested: "row" });   // throws ContractSchemaError
 * contract.columns      // bronze payload columns: { name, type: TrinoType, path, nullable }
 * contract.decode(text) // JSON text  → { ok: true, row } | { ok: false, pointer, message, reason }
 * contract.validate(v)  // parsed JSON → the same (pass `sources` from parseJsonExact for exact numbers)
 * contract.fromCells({ col: "12.50", … })  // CSV: text cells typed by the schema, then validated
 * ```
 *
 * - `row` is keyed like the JSON (ROW fields by property name, undeclared properties dropped), so
 *   `renderGoodPrefix(contract.columns, row, …)` renders it exactly as an Avro record; values are
 *   bigint (BIGINT), exact decimal text (DECIMAL), `AvroTimestamp` (timestamps), `YYYY-MM-DD`
 *   (DATE), Buffer (VARBINARY). Types: see `shape.ts`.
 * - `pointer` is the RFC 6901 JSON pointer of the failing value ("" = the whole record; for a
 *   missing `required` property, the property's own pointer), `message` the validator's text
 *   (ajv), `reason` one of `invalid-json | schema | required | conversion`. `describeFailure()` is the
 *   one-line text dead-letter rows carry: `schema violation at /temperatura: must be number`.
 * - JSON Schema `default`s fill missing properties (ajv `useDefaults`); `additionalProperties:
 *   false` makes an unexpected property a violation (pointer to it), otherwise extras are ignored.
 * - Formats: ajv-formats' (`date-time`, `date`, `email`, `uuid`, …) plus `decimal` (with
 *   `precision`/`scale`), `timestamp-seconds|millis|micros|nanos`, `int32`, `float`.
 *
 * Deterministic: the same input gives the same result (exactly-once resume re-decodes messages).
 */
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { PayloadColumn } from "../avro/to-trino.js";
import { convertValue, pointerPart } from "./convert.js";
import { parseJsonExact, type NumberSources } from "./exact-json.js";
import { ContractSchemaError, rootShape, trinoTypeOf, type Shape, type ShapeField } from "./shape.js";
import { EPOCH_UNITS } from "./timestamps.js";

export { ContractSchemaError } from "./shape.js";
export { parseJsonExact, type NumberSources } from "./exact-json.js";

export type ContractFailureReason = "invalid-json" | "schema" | "required" | "conversion";

export type ContractResult =
  | { readonly ok: true; readonly row: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly reason: ContractFailureReason; readonly pointer: string; readonly message: string };

export type ContractFailure = Extract<ContractResult, { ok: false }>;

export interface JsonContract {
  /** payload columns in table order (top-level properties; nested objects as ROW or flattened) */
  readonly columns: readonly PayloadColumn[];
  /** the root object's fields as shapes (for path checks and CSV typing) */
  readonly fields: readonly ShapeField[];
  decode(text: string): ContractResult;
  validate(value: unknown, sources?: NumberSources): ContractResult;
  fromCells(cells: Readonly<Record<string, string | null | undefined>>): ContractResult;
}

export interface ContractOptions {
  /** nested objects as ROW columns (default) or flattened to `parent_child` columns */
  readonly nested?: "row" | "flatten";
  /** dotted paths that must be non-null after conversion (the stream's `required:`) */
  readonly required?: readonly string[];
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function newAjv(schema: Readonly<Record<string, unknown>>): Ajv {
  const opts: Options = { strict: false, allErrors: false, useDefaults: true, validateFormats: true };
  const draft = typeof schema["$schema"] === "string" ? schema["$schema"] : "";
  const ajv = draft.includes("2020-12") ? new Ajv2020(opts) : draft.includes("2019-09") ? new Ajv2019(opts) : new Ajv(opts);
  addFormats(ajv);
  ajv.addFormat("decimal", { type: "string", validate: (s: string) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s.trim()) });
  for (const unit of Object.keys(EPOCH_UNITS)) ajv.addFormat(unit, { type: "number", validate: (n: number) => Number.isFinite(n) });
  ajv.addFormat("int32", { type: "number", validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
  ajv.addFormat("float", { type: "number", validate: () => true });
  return ajv;
}

function failureOf(e: ErrorObject): ContractFailure {
  const params = e.params as Record<string, unknown>;
  if (e.keyword === "required" && typeof params["missingProperty"] === "string") {
    return { ok: false, reason: "required", pointer: `${e.instancePath}/${pointerPart(params["missingProperty"])}`, message: e.message ?? "is required" };
  }
  if (e.keyword === "additionalProperties" && typeof params["additionalProperty"] === "string") {
    return { ok: false, reason: "schema", pointer: `${e.instancePath}/${pointerPart(params["additionalProperty"])}`, message: "is not allowed (additionalProperties: false)" };
  }
  return { ok: false, reason: "schema", pointer: e.instancePath, message: e.message ?? e.keyword };
}

/** The one-line text a dead letter carries, pointer included. */
export function describeFailure(f: Pick<ContractFailure, "reason" | "pointer" | "message">): string {
  const where = f.pointer === "" ? "(root)" : f.pointer;
  switch (f.reason) {
    case "invalid-json":
      return `invalid JSON: ${f.message}`;
    case "required":
      return `required field missing at ${where}: ${f.message}`;
    case "conversion":
      return `value cannot be landed at ${where}: ${f.message}`;
    case "schema":
      return `schema violation at ${where}: ${f.message}`;
  }
}

function columnsOf(fields: readonly ShapeField[], nested: "row" | "flatten"): PayloadColumn[] {
  const out: PayloadColumn[] = [];
  const walk = (fs: readonly ShapeField[], path: string[], prefix: string, parentNullable: boolean) => {
    for (const f of fs) {
      const name = `${prefix}${f.source.toLowerCase()}`;
      const nullable = parentNullable || f.nullable;
      if (nested === "flatten" && f.shape.kind === "object") walk(f.shape.fields, [...path, f.source], `${name}_`, nullable);
      else out.push({ name, type: trinoTypeOf(f.shape), path: [...path, f.source], nullable });
    }
  };
  walk(fields, [], "", false);
  return out;
}

function missingRequired(row: Readonly<Record<string, unknown>>, required: readonly string[]): ContractFailure | undefined {
  for (const path of required) {
    let v: unknown = row;
    for (const part of path.split(".")) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[part];
    if (v === null || v === undefined) {
      return { ok: false, reason: "required", pointer: `/${path.split(".").map(pointerPart).join("/")}`, message: `required field "${path}" is null` };
    }
  }
  return undefined;
}

const NUMERIC_CELL = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** The text of a CSV cell as the JSON value the schema expects (numbers keep their text in `sources`). */
function cellValue(shape: Shape, text: string): { value: unknown; numeric: boolean } | undefined {
  switch (shape.kind) {
    case "integer":
    case "double":
    case "real":
      return NUMERIC_CELL.test(text) ? { value: Number(text), numeric: true } : undefined;
    case "timestamp":
      if (shape.unit === "iso") return { value: text, numeric: false };
      return NUMERIC_CELL.test(text) ? { value: Number(text), numeric: true } : undefined;
    case "boolean": {
      const t = text.trim().toLowerCase();
      return t === "true" ? { value: true, numeric: false } : t === "false" ? { value: false, numeric: false } : undefined;
    }
    case "decimal":
      // a decimal the schema takes as a number travels as one (its text kept exact in sources)
      if (!shape.text && NUMERIC_CELL.test(text)) return { value: Number(text), numeric: true };
      return { value: text.trim(), numeric: false };
    case "object":
    case "map":
    case "array":
    case "json":
      try {
        return { value: JSON.parse(text), numeric: false };
      } catch {
        return undefined;
      }
    default:
      return { value: text, numeric: false };
  }
}

export function compileJsonContract(schema: unknown, options: ContractOptions = {}): JsonContract {
  const root = rootShape(schema);
  let validateFn: ValidateFunction;
  try {
    validateFn = newAjv(schema as Record<string, unknown>).compile(schema as Record<string, unknown>);
  } catch (e) {
    throw new ContractSchemaError(`invalid JSON Schema: ${e instanceof Error ? e.message : String(e)}`);
  }
  const required = options.required ?? [];
  const validate = (value: unknown, sources?: NumberSources): ContractResult => {
    if (!validateFn(value)) {
      const first = validateFn.errors?.[0];
      return first ? failureOf(first) : { ok: false, reason: "schema", pointer: "", message: "does not match the schema" };
    }
    const c = convertValue(root, value, "", { "": value }, "", sources);
    if (!c.ok) return { ok: false, reason: "conversion", pointer: c.pointer, message: c.message };
    const row = c.value as Record<string, unknown>;
    return missingRequired(row, required) ?? { ok: true, row };
  };
  return {
    columns: columnsOf(root.fields, options.nested ?? "row"),
    fields: root.fields,
    decode: (text) => {
      const parsed = parseJsonExact(text);
      if (!parsed.ok) return { ok: false, reason: "invalid-json", pointer: "", message: parsed.message };
      return validate(parsed.value, parsed.sources);
    },
    validate,
    fromCells: (cells) => {
      const obj: Record<string, unknown> = {};
      const texts = new Map<string, string>();
      for (const f of root.fields) {
        const text = cells[f.source];
        if (text === null || text === undefined) continue;
        const v = cellValue(f.shape, text);
        if (v === undefined) return { ok: false, reason: "conversion", pointer: `/${pointerPart(f.source)}`, message: `${JSON.stringify(text)} is not ${f.shape.kind === "integer" ? "an integer" : f.shape.kind === "boolean" ? "true or false" : f.shape.kind === "object" || f.shape.kind === "array" || f.shape.kind === "map" || f.shape.kind === "json" ? "JSON" : "a number"}` };
        obj[f.source] = v.value;
        if (v.numeric) texts.set(f.source, text.trim());
      }
      const sources: NumberSources = new WeakMap([[obj, texts]]);
      return validate(obj, sources);
    },
  };
}
