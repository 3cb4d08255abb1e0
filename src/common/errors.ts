/**
 * Lakeform's small error vocabulary. User mistakes are collected as `Diagnostic`s (with a
 * location and a fix) and reported together; `LakeformError` is thrown only for failures that
 * stop a command (I/O, warehouse, stack). The CLI entry has the one catch that formats them.
 */

import type { DiagnosticCode } from "./diagnostic-codes.js";

export type { DiagnosticCode } from "./diagnostic-codes.js";

export interface SourceLocation {
  readonly file: string;
  /** 1-based */
  readonly line: number;
  /** 1-based */
  readonly column: number;
}

export type Severity = "error" | "warning";

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly location?: SourceLocation;
  /** How to fix it, e.g. `did you mean "orders"?` */
  readonly hint?: string;
  /** Errors that only follow from another one, folded into this diagnostic's one line. */
  readonly collapsed?: readonly Diagnostic[];
}

const ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A file name may hold line breaks; a diagnostic stays one line. */
function printableFile(file: string): string {
  return file.replace(/[\p{Cc}\u2028\u2029]/gu, (c) => ESCAPES[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`);
}

export function formatLocation(loc: SourceLocation): string {
  return `${printableFile(loc.file)}:${loc.line}:${loc.column}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.location ? `${formatLocation(d.location)}: ` : "";
  const hint = d.hint ? ` — ${d.hint}` : "";
  return `${where}${d.severity} ${d.code}: ${d.message}${hint}`;
}

export type ErrorKind = "usage" | "config" | "compile" | "warehouse" | "connection" | "stack" | "ingest" | "internal";

/** A failure that ends a command; `exitCode` is what the CLI exits with. */
export class LakeformError extends Error {
  readonly kind: ErrorKind;
  readonly exitCode: number;
  readonly hint: string | undefined;
  constructor(kind: ErrorKind, message: string, opts: { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = "LakeformError";
    this.kind = kind;
    this.hint = opts.hint;
    this.exitCode = opts.exitCode ?? (kind === "usage" ? 2 : 1);
  }
}

/** Thrown when a command's input has user errors; carries all of them. */
export class DiagnosticsError extends LakeformError {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[], message = `${diagnostics.length} error(s)`) {
    super("compile", message);
    this.name = "DiagnosticsError";
    this.diagnostics = diagnostics;
  }
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
