/**
 * `seeds/<name>.csv` (+ optional `seeds/<name>.yaml`) → one `seed` draft: a small reference table
 * that `lakeform run` builds and models `ref()`. Every value is checked here against its column's
 * type (declared in the YAML, else inferred), so a bad value is a compile error at
 * `seeds/x.csv:LINE:COL`, never a failed CAST halfway through a run.
 */

import { createHash } from "node:crypto";
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { didYouMean } from "../common/did-you-mean.js";
import { findOffset, keyPattern } from "../common/text-position.js";
import { salvageParse } from "../config/salvage.js";
import { locateKey, zodIssuesToDiagnostics } from "../config/zod-diagnostics.js";
import { seedConfigSchema, type ColumnDocInput, type SeedConfig } from "./config-schema.js";
import type { ActionDraft } from "./drafts.js";
import { newDraft } from "./drafts.js";
import type { SourceFile } from "./project-files.js";
import { readCsv, type CsvField } from "./seed-csv.js";
import { inferSeedType, SEED_TYPE_NAMES, seedType, type SeedType } from "./seed-types.js";

/** More bad values than this in one seed are summarised: the file is probably not what we think. */
const MAX_VALUE_ERRORS = 20;

export function isSeedFile(path: string): boolean {
  return /^seeds\/.+\.csv$/.test(path);
}

/** `seeds/a/x.csv` → `seeds/a/x.yaml` (or `.yml`). */
export function seedYamlPaths(csvPath: string): [string, string] {
  const base = csvPath.replace(/\.csv$/, "");
  return [`${base}.yaml`, `${base}.yml`];
}

function readConfig(yaml: SourceFile | undefined, diagnostics: Diagnostic[]): SeedConfig {
  if (!yaml) return {};
  const lc = new LineCounter();
  const doc = parseDocument(yaml.text, { lineCounter: lc });
  const first = doc.errors[0];
  if (first) {
    const pos = lc.linePos(first.pos[0]);
    diagnostics.push({ severity: "error", code: "invalid-yaml", message: first.message.split("\n")[0] ?? first.message, location: { file: yaml.path, line: pos.line, column: pos.col } });
    return {};
  }
  const raw: unknown = doc.toJS() ?? {};
  const parsed = salvageParse(seedConfigSchema, raw);
  if (parsed.error) diagnostics.push(...zodIssuesToDiagnostics(seedConfigSchema, parsed.error, { file: yaml.path, text: yaml.text, what: "seed config" }));
  return parsed.data ?? {};
}

function declaredType(doc: string | ColumnDocInput | undefined): string | undefined {
  return typeof doc === "object" ? doc.type : undefined;
}

export function seedDraft(csv: SourceFile, yaml: SourceFile | undefined, diagnostics: Diagnostic[]): ActionDraft | undefined {
  const config = readConfig(yaml, diagnostics);
  const read = readCsv(csv.path, csv.text, config.delimiter);
  if (!read.ok) {
    diagnostics.push({ severity: "error", code: "seed-csv", message: `${csv.path} is not valid CSV: ${read.message}`, location: read.location, hint: "quote fields that contain the delimiter, a quote (doubled: \"\") or a line break" });
    return undefined;
  }
  const [header, ...records] = read.records;
  const at = (f: CsvField | undefined): SourceLocation => (f ? read.locate(f.start) : { file: csv.path, line: 1, column: 1 });
  if (!header || header.length === 0) {
    diagnostics.push({ severity: "error", code: "seed-csv", message: `${csv.path} is empty: a seed needs a header line with the column names`, location: { file: csv.path, line: 1, column: 1 } });
    return undefined;
  }
  const names = header.map((f) => f.value.trim());
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (n === "") diagnostics.push({ severity: "error", code: "seed-column", message: `column ${i + 1} of ${csv.path} has no name`, location: at(header[i]), hint: "give every column a name in the header line" });
    const before = seen.get(n.toLowerCase());
    if (n !== "" && before !== undefined) diagnostics.push({ severity: "error", code: "seed-column", message: `column "${n}" appears twice in the header (columns ${before + 1} and ${i + 1})`, location: at(header[i]), hint: "Trino folds names to lower case: rename one of them" });
    seen.set(n.toLowerCase(), i);
  });

  const docs = config.columns ?? {};
  const yamlCtx = yaml ? { file: yaml.path, text: yaml.text, what: "seed config" } : undefined;
  for (const key of Object.keys(docs)) {
    if (seen.has(key.toLowerCase()) || !yamlCtx) continue;
    const hint = didYouMean(key, names.filter((n, i) => n !== "" && names.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i));
    diagnostics.push({ severity: "error", code: "seed-column", message: `${yamlCtx.file} documents column "${key}", which ${csv.path} does not have`, location: locateKey(yamlCtx, key), hint: hint ?? `columns: ${names.join(", ")}` });
  }

  const columnValues = (i: number) => records.map((r) => r[i]?.value ?? "");
  const types: SeedType[] = names.map((n, i) => {
    const entry = Object.entries(docs).find(([k]) => k.toLowerCase() === n.toLowerCase());
    const declared = declaredType(entry?.[1]);
    if (declared === undefined) return inferSeedType(columnValues(i));
    const t = seedType(declared);
    if ("name" in t) return t;
    const from = yamlCtx ? Math.max(0, findOffset(yamlCtx.text, keyPattern(entry?.[0] ?? n))) : 0;
    diagnostics.push({ severity: "error", code: "seed-type", message: `column "${n}": ${t.error}`, location: yamlCtx ? locateKey({ ...yamlCtx, from }, "type") : at(header[i]), hint: `supported: ${SEED_TYPE_NAMES.join(", ")}` });
    return inferSeedType(columnValues(i));
  });

  const rows: (string | null)[][] = [];
  let valueErrors = 0;
  for (const record of records) {
    if (record.length !== names.length) {
      diagnostics.push({ severity: "error", code: "seed-csv", message: `this line has ${record.length} field(s), the header has ${names.length}`, location: at(record[0]), hint: "quote values that contain the delimiter" });
      continue;
    }
    rows.push(
      record.map((f, i) => {
        const t = types[i] as SeedType;
        const raw = t.name.startsWith("varchar") ? f.value : f.value.trim();
        if (raw === "") return null;
        const r = t.check(raw);
        if ("value" in r) return r.value;
        if (++valueErrors <= MAX_VALUE_ERRORS) {
          const declared = declaredType(Object.entries(docs).find(([k]) => k.toLowerCase() === (names[i] ?? "").toLowerCase())?.[1]) !== undefined;
          diagnostics.push({
            severity: "error",
            code: "seed-value",
            message: `${JSON.stringify(raw)} in column "${names[i]}" ${r.error} (the column is ${t.name})`,
            location: at(f),
            hint: declared ? `fix the value, or change the column's type in ${yaml?.path}` : "fix the value",
          });
        }
        return null;
      }),
    );
  }
  if (valueErrors > MAX_VALUE_ERRORS) {
    diagnostics.push({ severity: "error", code: "seed-value", message: `${valueErrors - MAX_VALUE_ERRORS} more value(s) in ${csv.path} do not fit their column's type`, location: { file: csv.path, line: 1, column: 1 } });
  }

  const hash = createHash("sha256").update(csv.text).update("\0").update(yaml?.text ?? "").digest("hex");
  const { delimiter: _delimiter, ...draftConfig } = config;
  const d = newDraft("seed", csv.path, "yaml", { file: csv.path, line: 1, column: 1 }, draftConfig as Record<string, unknown>, 0);
  d.seed = { columns: names.map((name, i) => ({ name, type: (types[i] as SeedType).name })), rows, hash };
  return d;
}
