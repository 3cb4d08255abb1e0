/**
 * Reads one file-landing declaration (`streams/*.yaml` with `source: files`) into a validated
 * `FileStreamFile`, or located diagnostics. Pure (text in), like stream-file-read.ts.
 */
import { LineCounter, parseDocument } from "yaml";
import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { fileStreamSchema, type FileStreamFile } from "./file-stream-file.js";
import { locate } from "./yaml-locate.js";

export interface FileStreamRead {
  readonly file: FileStreamFile | undefined;
  readonly diagnostics: readonly Diagnostic[];
  readonly at: (...path: PropertyKey[]) => SourceLocation;
}

export function readFileStreamFile(path: string, text: string): FileStreamRead {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (...keys: PropertyKey[]) => locate(doc, lc, path, keys);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const pos = lc.linePos(e.pos[0]);
    return { severity: "error", code: "stream-yaml", message: e.message.split("\n")[0] ?? e.message, location: { file: path, line: pos.line, column: pos.col } };
  });
  if (diagnostics.length) return { file: undefined, diagnostics, at };
  const parsed = fileStreamSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { file: parsed.data, diagnostics, at };
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "(file)";
    const message = issue.code === "unrecognized_keys" ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}` : issue.message;
    diagnostics.push({ severity: "error", code: "stream-config", message: `${key}: ${message}`, location: at(...issue.path) });
  }
  return { file: undefined, diagnostics, at };
}
