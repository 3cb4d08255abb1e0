/**
 * Instants in JSON: ISO-8601 / RFC 3339 text with a zone (`2024-05-01T12:00:00.123456-03:00`)
 * or epoch numbers in a declared unit (`timestamp-seconds|millis|micros|nanos`). Both become an
 * `AvroTimestamp` (microseconds, what Iceberg stores), parsed exactly from the text: no double in
 * between, so micros survive. Nanoseconds are floored to microseconds (Iceberg has no finer).
 */
import { AvroTimestamp, inLiteralRange } from "../avro/timestamp.js";
import { parseDecimalText, scaledInteger, type ExactResult } from "./exact-number.js";

export const EPOCH_UNITS = { "timestamp-seconds": 6, "timestamp-millis": 3, "timestamp-micros": 0, "timestamp-nanos": -3 } as const;
export type EpochUnit = keyof typeof EPOCH_UNITS;

export function isEpochUnit(format: unknown): format is EpochUnit {
  return typeof format === "string" && Object.hasOwn(EPOCH_UNITS, format);
}

function inRange(micros: bigint, text: string): ExactResult<AvroTimestamp> {
  if (!inLiteralRange(micros)) return { ok: false, message: `${text} is outside the years 1–9999 a Trino timestamp can hold` };
  return { ok: true, value: new AvroTimestamp(micros) };
}

/** An epoch number (its source text) in `unit`; fractions are allowed down to a microsecond. */
export function epochTimestamp(text: string, unit: EpochUnit): ExactResult<AvroTimestamp> {
  const d = parseDecimalText(text);
  const shift = EPOCH_UNITS[unit];
  const micros = d && scaledInteger(d, shift, shift >= 0 ? true : false);
  if (micros === undefined) return { ok: false, message: `${text} is not an epoch ${unit.slice("timestamp-".length)} value${shift > 0 ? " (at most microsecond precision)" : ""}` };
  return inRange(micros, text);
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|([+-])(\d{2}):?(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function validDay(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0));
}

/** RFC 3339 date-time with a zone (`Z` or `±hh:mm`); a time without zone is refused, not guessed. */
export function isoTimestamp(text: string): ExactResult<AvroTimestamp> {
  const m = ISO.exec(text);
  if (!m) return { ok: false, message: `${JSON.stringify(text)} is not an ISO-8601 date-time with a zone (e.g. 2024-05-01T12:00:00Z or …-03:00)` };
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[4]);
  const mi = Number(m[5]);
  const s = Number(m[6]);
  if (!validDay(y, mo, d) || h > 23 || mi > 59 || s > 60) return { ok: false, message: `${JSON.stringify(text)} is not a valid date-time` };
  const frac = m[7] ? Number(m[7].padEnd(6, "0").slice(0, 6)) : 0;
  const offsetMin = m[8] === "Z" || m[8] === "z" ? 0 : (m[9] === "-" ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11]));
  // seconds fit a double exactly (|s| < 2^53); micros are added as bigint
  const seconds = daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s - offsetMin * 60;
  const micros = BigInt(seconds) * 1_000_000n + BigInt(frac);
  return inRange(micros, JSON.stringify(text));
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD`, checked to be a real calendar day. */
export function isoDate(text: string): ExactResult<string> {
  const m = DATE.exec(text);
  const dt = m ? new Date(`${text}T00:00:00Z`) : undefined;
  if (!m || !dt || Number.isNaN(dt.getTime()) || dt.getUTCDate() !== Number(m[3])) return { ok: false, message: `${JSON.stringify(text)} is not a date (YYYY-MM-DD)` };
  return { ok: true, value: text };
}
