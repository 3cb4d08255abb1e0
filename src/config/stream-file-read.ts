/**
 * Reads one `streams/*.yaml` text into a validated `StreamFile`, or located diagnostics. Pure
 * (text in): compile, ingest, lineage and simulate all go through here, so a file means the same
 * thing to each of them.
 */
import { LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import type { Diagnostic, SourceLocation } from "../common/errors.js";
import { streamFileSchema, type StreamFile } from "./stream-file.js";
import { locate } from "./yaml-locate.js";

export interface StreamFileRead {
  /** Undefined when the file has errors (all of them are in `diagnostics`). */
  readonly file: StreamFile | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Location of a key path in the file (for later checks, e.g. of the Avro schemas). */
  readonly at: (...path: PropertyKey[]) => SourceLocation;
}

function zodMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys") return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
  return issue.message;
}

/** `path` is project-relative; it is only used in locations. */
export function readStreamFile(path: string, text: string): StreamFileRead {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const at = (...keys: PropertyKey[]) => locate(doc, lc, path, keys);
  const diagnostics: Diagnostic[] = doc.errors.map((e) => {
    const pos = lc.linePos(e.pos[0]);
    return { severity: "error", code: "stream-yaml", message: e.message.split("\n")[0] ?? e.message, location: { file: path, line: pos.line, column: pos.col } };
  });
  if (diagnostics.length) return { file: undefined, diagnostics, at };
  const parsed = streamFileSchema.safeParse(doc.toJS() ?? {});
  if (parsed.success) return { file: parsed.data, diagnostics, at };
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "(file)";
    diagnostics.push({ severity: "error", code: "stream-config", message: `${key}: ${zodMessage(issue)}`, location: at(...issue.path) });
  }
  return { file: undefined, diagnostics, at };
}
