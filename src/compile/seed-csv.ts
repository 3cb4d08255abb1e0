/**
 * Reads a seed's CSV with `csv-parse` and keeps where each field starts, so a value that does
 * not fit its column's type is reported at `seeds/x.csv:LINE:COL`. csv-parse reports, for each
 * field it casts, how many bytes it has consumed (the field's end); the start follows from the
 * field's raw length (quotes and doubled quotes included).
 */

import { parse } from "csv-parse/sync";
import type { SourceLocation } from "../common/errors.js";
import { positionAt } from "../common/text-position.js";

export interface CsvField {
  readonly value: string;
  /** Byte offset of the field's first character (its opening quote when quoted). */
  readonly start: number;
}

export type CsvRead =
  | { readonly ok: true; readonly records: readonly (readonly CsvField[])[]; readonly locate: (byteOffset: number) => SourceLocation }
  | { readonly ok: false; readonly message: string; readonly location: SourceLocation };

interface CastContext {
  readonly bytes: number;
  readonly quoting: boolean;
}

function rawLength(value: string, quoted: boolean): number {
  const bytes = Buffer.byteLength(value, "utf8");
  if (!quoted) return bytes;
  let quotes = 0;
  for (const ch of value) if (ch === '"') quotes++;
  return bytes + quotes + 2;
}

export function readCsv(file: string, text: string, delimiter = ","): CsvRead {
  // A byte-order mark is not data; leaving it would make it part of the first column's name.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const buf = Buffer.from(body, "utf8");
  const locate = (byteOffset: number): SourceLocation => {
    const prefix = buf.subarray(0, Math.max(0, byteOffset)).toString("utf8");
    return { file, ...positionAt(prefix, prefix.length) };
  };
  try {
    const records = parse(buf, {
      delimiter,
      record_delimiter: ["\r\n", "\n"],
      relax_column_count: true,
      skip_empty_lines: true,
      cast: (value: string, ctx: CastContext): CsvField => ({ value, start: ctx.bytes - rawLength(value, ctx.quoting) }),
    }) as unknown as CsvField[][];
    return { ok: true, records, locate };
  } catch (e) {
    const err = e as { message?: string; lines?: number; code?: string };
    const line = typeof err.lines === "number" && err.lines > 0 ? err.lines : 1;
    return { ok: false, message: err.message ?? String(e), location: { file, line, column: 1 } };
  }
}
