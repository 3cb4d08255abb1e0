/**
 * Which reader a `streams/*.yaml` belongs to: Kafka topics (stream-file.ts, the default) or file
 * landings (`source: files`, file-stream-file.ts). Every consumer of the folder asks here first.
 */
import { parse } from "yaml";

export type StreamSource = "kafka" | "files";

export function streamSourceOf(text: string): StreamSource {
  try {
    const doc: unknown = parse(text);
    if (doc && typeof doc === "object" && (doc as { source?: unknown }).source === "files") return "files";
  } catch {
    // a YAML error is reported by the Kafka reader, with its location
  }
  return "kafka";
}
