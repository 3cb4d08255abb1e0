/**
 * CSV objects → records, streamed (bounded memory: one chunk and one record).
 *
 * Two tokenizers, one meaning. csv-parse is the reference: every rule below is its behaviour.
 * papaparse tokenizes about 4× faster (measured: 0.3 s vs 1.6 s per 1M bench:files rows) but is
 * more lenient (a quote inside an unquoted field, blanks after a closing quote) and has one
 * newline style per call; so it is used only for the complete lines of a chunk where it provably
 * agrees (`quickRows`: no parse error, exactly one row per line break, no quote in any value,
 * no blank after a quote, blank rows only where lines are empty, one newline style). Anything
 * else, and the file's last line, goes through csv-parse from the same record boundary.
 *
 * The parser reads bytes as latin1 (one char per byte), so delimiters and quotes match bytes in
 * any ASCII-compatible charset and every field keeps its exact bytes; fields are then decoded in
 * the declared charset (`TextDecoder`), and a UTF-8 field that is not valid UTF-8 dead-letters
 * its record. csv-parse cannot recover from broken quoting by itself (after an invalid closing
 * quote it keeps reading as if inside quotes, swallowing the lines after it), so a broken record
 * ends its parser: the physical line it starts on is dead-lettered and a fresh parser resumes on
 * the next line. Every line thus either lands or is a dead letter with its line number.
 */
import { isAscii, isUtf8 } from "node:buffer";
import { Parser } from "csv-parse";
import Papa from "papaparse";
import { escapeRegExp } from "../../common/text-position.js";
import type { PayloadColumn } from "../avro/to-trino.js";
import { FieldError, fromText, fromValue, normalizeNumber, parseDate, type NumberStyle } from "./coerce.js";
import type { JsonContract } from "../json/contract.js";
import { contractRecord } from "./jsonl-records.js";
import type { CsvOptions } from "./file-stream-decl.js";
import { flatten, type FileRecord } from "./records.js";

/** A record longer than this (in bytes) is broken quoting far more often than real data. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;
const NON_ASCII = /[\x80-\xff]/;
const NUMERIC = new Set(["integer", "bigint", "real", "double", "decimal"]);

interface Parsed {
  readonly fields: readonly string[];
  /** bytes of the segment consumed when the record ended */
  readonly endByte: number;
}

/**
 * Line breaks in a buffer's byte ranges, for record line numbers: "\r\n", a lone "\r" and a lone
 * "\n" are one break each. (csv-parse's own line counter counts a "\r\n" inside a quoted field
 * as two lines, so it is not used.) Ranges are asked for in increasing order; the next "\n" and
 * "\r" are remembered, so each byte is searched once (`indexOf`, native) per buffer.
 */
export class LineBreaks {
  private buf: Buffer = Buffer.alloc(0);
  /** next "\n" / "\r" at or after the last range asked for; -1: none left in the buffer */
  private lf = -1;
  private cr = -1;

  reset(buf: Buffer): void {
    this.buf = buf;
    this.lf = buf.indexOf(0x0a);
    this.cr = buf.indexOf(0x0d);
  }

  /** breaks in [from, to) */
  count(from: number, to: number): number {
    const b = this.buf;
    let n = 0;
    if (this.lf !== -1 && this.lf < from) this.lf = b.indexOf(0x0a, from);
    while (this.lf !== -1 && this.lf < to) {
      n++;
      this.lf = b.indexOf(0x0a, this.lf + 1);
    }
    if (this.cr !== -1 && this.cr < from) this.cr = b.indexOf(0x0d, from);
    while (this.cr !== -1 && this.cr < to) {
      if (b[this.cr + 1] !== 0x0a) n++;
      this.cr = b.indexOf(0x0d, this.cr + 1);
    }
    return n;
  }

  /** breaks in the run of "\r" and "\n" that [from, to) starts with (the blank lines before a record) */
  leading(from: number, to: number): number {
    const b = this.buf;
    let n = 0;
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c === 0x0a) n++;
      else if (c === 0x0d) {
        if (b[i + 1] !== 0x0a) n++;
      } else break;
    }
    return n;
  }
}

/** How often `seq` occurs in `s`, overlaps included ("\n\n\n" holds "\n\n" twice). */
function occurrences(s: string, seq: string): number {
  let n = 0;
  for (let i = s.indexOf(seq); i !== -1; i = s.indexOf(seq, i + 1)) n++;
  return n;
}

/**
 * Per quote and delimiter: a closing quote followed by blanks and then a delimiter or line break,
 * which papaparse accepts and csv-parse refuses (built once, not per chunk).
 */
const blankAfterQuote = new Map<string, RegExp>();
function blankAfterQuoteRe(quote: string, delimiter: string): RegExp {
  const key = quote + delimiter;
  let re = blankAfterQuote.get(key);
  if (!re) blankAfterQuote.set(key, (re = new RegExp(`${escapeRegExp(quote)}[^\\S\\r\\n]+(?:${escapeRegExp(delimiter)}|\\r|\\n)`)));
  return re;
}

/** Whether papaparse can stand in for csv-parse with these options at all (see quickRows). */
export function quickable(o: Pick<CsvOptions, "delimiter" | "quote" | "escape">): boolean {
  // papaparse silently replaces a delimiter it cannot use with ","
  return (o.escape ?? o.quote) === o.quote && o.delimiter !== o.quote && !Papa.BAD_DELIMITERS.includes(o.delimiter);
}

/**
 * papaparse's rows for `text` — complete lines, read as latin1, ending with a line break — or
 * undefined wherever its reading could differ from csv-parse's (the caller then reads the same
 * bytes with csv-parse). A blank line is a null row: it is skipped but still counts as a line.
 * Row i is line i of the text, since each row must take exactly one line break.
 */
export function quickRows(text: string, delimiter: string, quote: string): (string[] | null)[] | undefined {
  const lf = occurrences(text, "\n");
  const cr = occurrences(text, "\r");
  // one newline style per call (papaparse's); a lone "\r" anywhere declines
  const newline = cr === 0 ? "\n" : cr === lf && occurrences(text, "\r\n") === lf ? "\r\n" : undefined;
  if (!newline || lf === 0 || !text.endsWith(newline)) return undefined;
  if (blankAfterQuoteRe(quote, delimiter).test(text)) return undefined;
  const r = Papa.parse<string[]>(text, { delimiter, newline, quoteChar: quote, escapeChar: quote, header: false, skipEmptyLines: false, dynamicTyping: false, comments: false });
  const rows: (string[] | null)[] = r.data;
  // one row per line break (none inside a quoted field), plus the empty remainder after the last
  if (r.errors.length || rows.length !== lf + 1) return undefined;
  rows.pop();
  let blanks = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (row.length === 1 && row[0] === "") {
      rows[i] = null;
      blanks++;
      continue;
    }
    // a quote in a value is an escaped one (fine) or one inside an unquoted field, which
    // csv-parse refuses and papaparse keeps: both decline
    for (const f of row) if (f.includes(quote)) return undefined;
  }
  // [""] is a blank line or a line holding just "" (a record for csv-parse): count the empty lines
  const empty = occurrences(text, newline + newline) + (text.startsWith(newline) ? 1 : 0);
  return blanks === empty ? rows : undefined;
}

/** One csv-parse instance fed by hand so its records and errors arrive in order, synchronously. */
class Segment {
  readonly parser: Parser;
  readonly records: Parsed[] = [];
  broken: { readonly message: string } | undefined;

  constructor(o: CsvOptions) {
    this.parser = new Parser({
      encoding: "latin1",
      delimiter: o.delimiter,
      quote: o.quote,
      escape: o.escape ?? o.quote,
      // the BOM is dropped before the parser (withoutBom): csv-parse's own BOM handling
      // switches it to UTF-8 strings, which would break the latin1 reading above
      bom: false,
      // every line break style ends a record, as LineBreaks counts them (csv-parse's default
      // takes the first style it meets, so it would depend on where a parser started)
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      max_record_size: MAX_RECORD_BYTES,
      on_record: (record: unknown, ctx: { bytes: number }) => {
        if (!this.broken) this.records.push({ fields: record as string[], endByte: ctx.bytes });
        return null;
      },
      on_skip: (err: Error | undefined) => {
        // csv-parse's "at line N" counts from where this parser started, not from the file's
        // start: the record's own line is reported beside the message instead
        this.broken ??= { message: err?.message.replace(/ at line \d+/, "") ?? "broken CSV record" };
      },
    } as ConstructorParameters<typeof Parser>[0]);
    this.parser.on("error", () => undefined);
  }

  write(chunk: Buffer): void {
    this.parser.write(chunk);
  }

  async end(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.parser.once("finish", resolve);
      this.parser.once("error", () => resolve());
      this.parser.end();
    });
  }
}

function decoderFor(charset: string): (latin1: string) => string | undefined {
  if (charset === "utf-8") {
    return (s) => {
      if (!NON_ASCII.test(s)) return s;
      const b = Buffer.from(s, "latin1");
      return isUtf8(b) ? b.toString("utf8") : undefined;
    };
  }
  const dec = new TextDecoder(charset);
  return (s) => (NON_ASCII.test(s) ? dec.decode(Buffer.from(s, "latin1")) : s);
}

function rawText(bytes: Buffer, charset: string): string {
  const cut = bytes.subarray(0, 64 * 1024);
  return charset === "utf-8" ? cut.toString("utf8") : new TextDecoder(charset).decode(cut);
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The body's bytes without a leading UTF-8 byte order mark (which may arrive split over chunks). */
export async function* withoutBom(body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>): AsyncGenerator<Buffer> {
  let head: Buffer | undefined = Buffer.alloc(0);
  for await (const chunk of body) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (!head) {
      yield b;
      continue;
    }
    head = head.length ? Buffer.concat([head, b]) : b;
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    const rest: Buffer = head.subarray(0, BOM.length).equals(BOM) ? head.subarray(BOM.length) : head;
    head = undefined;
    if (rest.length) yield rest;
  }
  if (head?.length) yield head;
}

/** Maps header names to column positions; an error when the header cannot feed the schema. */
export function headerMapping(header: readonly string[], columns: readonly PayloadColumn[], defaults: readonly unknown[] = []): number[] | string {
  const pos = new Map<string, number>();
  for (const [i, h] of header.entries()) {
    const n = h.trim().toLowerCase();
    if (pos.has(n)) return `header names column "${h.trim()}" twice`;
    pos.set(n, i);
  }
  const missing = columns.filter((c, i) => !pos.has(c.name) && !c.nullable && defaults[i] === undefined).map((c) => c.name);
  if (missing.length) return `header lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (found: ${header.map((h) => h.trim()).join(", ")})`;
  return columns.map((c) => pos.get(c.name) ?? -1);
}

/**
 * Records of one CSV object, in line order. `lines` is how many lines were before the data this
 * call reads (0 from the start of the file).
 */
export function csvRecords(body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>, o: CsvOptions, columns: readonly PayloadColumn[], defaults: readonly unknown[] = [], contract?: JsonContract): AsyncGenerator<FileRecord> {
  return flatten(csvRecordChunks(body, o, columns, defaults, contract));
}

/** The records of each chunk of the body read, one array per chunk (no promise per record). */
export async function* csvRecordChunks(
  body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer | Uint8Array>,
  o: CsvOptions,
  columns: readonly PayloadColumn[],
  defaults: readonly unknown[] = [],
  contract?: JsonContract,
  /** `quick: false`: csv-parse only (tests compare both ways) */
  tuning: { readonly quick?: boolean } = {},
): AsyncGenerator<FileRecord[]> {
  const decode = decoderFor(o.charset);
  const nulls = new Set(o.nullValues);
  const style: NumberStyle = { decimal: o.decimal, thousands: o.thousands, dateFormat: o.dateFormat };
  let mapping: number[] | undefined = o.header ? undefined : columns.map((_, i) => i);
  /** fields every record must have: the header's, else the schema's */
  let width = columns.length;
  let headerError: string | undefined;

  let seg = new Segment(o);
  /** bytes fed to `seg` that are not yet part of a finished record */
  let pending: Buffer = Buffer.alloc(0);
  /** segment byte offset where `pending` starts */
  let pendingAt = 0;
  /** the line `pending` starts on (counted here from the bytes, not by csv-parse: see LineBreaks) */
  let lineNo = 1;
  const breaks = new LineBreaks();
  let out: FileRecord[] = [];

  /** whether every byte of `pending` is ASCII: then no field needs decoding (the common case, checked once per chunk) */
  let ascii = true;
  /** the buffer and segment offset the records being drained were cut from (for `raw`) */
  let rawBuf: Buffer = pending;
  let rawBase = 0;
  let rawFrom = 0;
  let rawTo = 0;
  /** on the quick path: the row being read (its line in `rawBuf`) and the lines' starts, found when a raw text is first needed */
  let quickRow = -1;
  let quickStarts: number[] | undefined;
  const raw = (): string => {
    if (quickRow >= 0) {
      if (!quickStarts) {
        quickStarts = [0];
        for (let i = rawBuf.indexOf(0x0a); i !== -1; i = rawBuf.indexOf(0x0a, i + 1)) quickStarts.push(i + 1);
      }
      rawFrom = quickStarts[quickRow]!;
      rawTo = quickStarts[quickRow + 1] ?? rawBuf.length;
    }
    return rawText(rawBuf.subarray(rawFrom, rawTo), o.charset).replace(/^[\r\n]+|[\r\n]+$/g, "");
  };
  const nullList = [...nulls];
  const isNull = nullList.length === 1 ? (f: string) => f === nullList[0] : (f: string) => nulls.has(f);

  const toRecord = (fields: readonly string[], startLine: number): FileRecord | undefined => {
    if (headerError) return { line: startLine, error: headerError, raw: raw() };
    if (!mapping) {
      const header = fields.map((f) => decode(f) ?? f);
      const m = headerMapping(header, columns, defaults);
      if (typeof m === "string") {
        headerError = m;
        return { line: startLine, error: m, raw: raw() };
      }
      mapping = m;
      width = header.length;
      return undefined;
    }
    if (fields.length !== width) return { line: startLine, error: `expected ${width} fields, got ${fields.length}`, raw: raw() };
    if (contract) return contractCells(fields, startLine);
    const values: unknown[] = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!;
      const at = mapping[i] ?? -1;
      const f = at < 0 ? undefined : fields[at];
      if (f === undefined && defaults[i] !== undefined) {
        values[i] = fromValue(c.type, defaults[i], c.name);
        continue;
      }
      if (f === undefined || isNull(f)) {
        if (!c.nullable) return { line: startLine, error: `${c.name}: required value is missing`, raw: raw() };
        values[i] = null;
        continue;
      }
      const text = ascii ? f : decode(f);
      if (text === undefined) return { line: startLine, error: `${c.name}: invalid UTF-8`, raw: raw() };
      try {
        values[i] = fromText(c.type, text, style);
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        return { line: startLine, error: `${c.name}: ${e.message}`, raw: raw() };
      }
    }
    return { line: startLine, values };
  };

  /** JSON Schema contract: cells as text (numbers and dates normalized to JSON's spelling), typed and validated by it. */
  const contractCells = (fields: readonly string[], startLine: number): FileRecord => {
    const cells: Record<string, string | null> = {};
    for (const [i, c] of columns.entries()) {
      const at = mapping?.[i] ?? -1;
      const f = at < 0 ? undefined : fields[at];
      const key = c.path[0] ?? c.name;
      if (f === undefined || nulls.has(f)) {
        cells[key] = null;
        continue;
      }
      const text = decode(f);
      if (text === undefined) return { line: startLine, error: `${c.name}: invalid UTF-8`, raw: raw() };
      try {
        cells[key] = NUMERIC.has(c.type.kind) ? normalizeNumber(text, style) : c.type.kind === "date" ? parseDate(text, style) : text;
      } catch (e) {
        if (!(e instanceof FieldError)) throw e;
        return { line: startLine, error: `${c.name}: ${e.message}`, raw: raw() };
      }
    }
    return contractRecord(startLine, contract!.fromCells(cells), columns, raw);
  };

  /** Moves finished records from the segment to `out`; on a broken record, starts a new segment. */
  const drain = async (final: boolean): Promise<void> => {
    for (;;) {
      // `pending` is cut once per drain, not once per record: each record's raw bytes are
      // buf[from - base, endByte - base)
      rawBuf = pending;
      rawBase = pendingAt;
      breaks.reset(rawBuf);
      for (const p of seg.records) {
        rawFrom = Math.max(0, pendingAt - rawBase);
        rawTo = Math.max(rawFrom, p.endByte - rawBase);
        // skipped blank lines before the record, then the record itself (its own line breaks and
        // the one ending it) move the line count
        const startLine = lineNo + breaks.leading(rawFrom, rawTo);
        lineNo += breaks.count(rawFrom, rawTo);
        const rec = toRecord(p.fields, startLine);
        if (rec) out.push(rec);
        pendingAt = Math.max(pendingAt, p.endByte);
      }
      if (seg.records.length) {
        pending = pending.subarray(pendingAt - rawBase);
        ascii = isAscii(pending);
      }
      seg.records.length = 0;
      if (!seg.broken) return;
      // The broken record starts on the first non-empty line after the last good one: dead-letter
      // that line and restart on the next.
      let i = 0;
      let line = lineNo;
      while (i < pending.length && (pending[i] === 0x0a || pending[i] === 0x0d)) {
        if (pending[i] === 0x0a || (pending[i] === 0x0d && pending[i + 1] !== 0x0a)) line++;
        i++;
      }
      let j = pending.indexOf(0x0a, i);
      const cr = pending.indexOf(0x0d, i);
      if (cr >= 0 && (j < 0 || cr < j)) j = cr + (pending[cr + 1] === 0x0a ? 1 : 0);
      const message = seg.broken.message;
      if ((j < 0 || (j === cr && j === pending.length - 1)) && !final) {
        // the bad line is not complete yet (or ends in a "\r" that a "\n" may follow): keep
        // reading until it is (or the file ends)
        return;
      }
      const lineBytes = pending.subarray(i, j < 0 ? pending.length : j);
      out.push({ line, error: `broken CSV record: ${message}`, raw: rawText(lineBytes, o.charset).replace(/\r$/, "") });
      const rest = j < 0 ? Buffer.alloc(0) : pending.subarray(j + 1);
      lineNo = line + 1;
      pending = Buffer.from(rest);
      pendingAt = 0;
      ascii = isAscii(pending);
      seg = new Segment(o);
      if (rest.length) seg.write(rest);
      if (final) await seg.end();
    }
  };

  const quick = tuning.quick !== false && quickable(o);
  /** chunks left before papaparse is tried again after it declined (doubling while it keeps declining) */
  let quickSkip = 0;
  let quickBackoff = 0;
  /**
   * The complete lines of `pending` through papaparse, when it agrees with csv-parse on them
   * ("taken"); "wait": no complete line yet; "declined": csv-parse reads them.
   */
  const tryQuick = (): "taken" | "wait" | "declined" => {
    if (!quick || pending.length > MAX_RECORD_BYTES) return "declined";
    if (quickSkip > 0) {
      quickSkip--;
      return "declined";
    }
    const cut = pending.lastIndexOf(0x0a) + 1;
    if (cut === 0) return "wait";
    const head = pending.subarray(0, cut);
    const rows = quickRows(head.toString("latin1"), o.delimiter, o.quote);
    if (!rows) {
      quickSkip = quickBackoff = Math.min(64, Math.max(1, quickBackoff * 2));
      return "declined";
    }
    quickBackoff = 0;
    rawBuf = head;
    quickStarts = undefined;
    ascii = isAscii(head);
    for (let i = 0; i < rows.length; i++) {
      const fields = rows[i];
      if (fields) {
        quickRow = i;
        const rec = toRecord(fields, lineNo);
        if (rec) out.push(rec);
      }
      lineNo++;
    }
    quickRow = -1;
    pending = pending.subarray(cut);
    return "taken";
  };

  /**
   * Whether `seg` has been fed all of `pending`. `pending` always starts on a record boundary (and
   * on line `lineNo`), so csv-parse can be started afresh from it whenever papaparse declines.
   */
  let segLive = true;
  const startSegment = () => {
    seg = new Segment(o);
    pendingAt = 0;
    ascii = isAscii(pending);
    if (pending.length) seg.write(pending);
    segLive = true;
  };
  for await (const b of withoutBom(body)) {
    pending = pending.length ? Buffer.concat([pending, b]) : b;
    // a broken record's line is being read to its end by csv-parse's recovery (drain)
    if (seg.broken && segLive) {
      await drain(false);
    } else if (tryQuick() !== "declined") {
      segLive = false;
    } else {
      if (!segLive) startSegment();
      else {
        ascii = ascii && isAscii(b);
        seg.write(b);
      }
      await drain(false);
    }
    if (out.length) {
      yield out;
      out = [];
    }
  }
  // the last line (with or without a line break) always goes through csv-parse
  if (!segLive) startSegment();
  await seg.end();
  await drain(true);
  if (out.length) yield out;
}
