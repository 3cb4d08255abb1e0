/** Maps a key path in a parsed YAML document to a 1-based line/column for diagnostics. */
import { type Document, isNode, type LineCounter } from "yaml";
import type { SourceLocation } from "../common/errors.js";

export function locate(doc: Document, lc: LineCounter, file: string, path: readonly PropertyKey[]): SourceLocation {
  // Walk up the path until a node exists (an unknown or missing key has no node of its own).
  for (let n = path.length; n >= 0; n--) {
    const node: unknown = doc.getIn(path.slice(0, n).map(String), true);
    if (isNode(node) && node.range) {
      const pos = lc.linePos(node.range[0]);
      return { file, line: pos.line, column: pos.col };
    }
  }
  return { file, line: 1, column: 1 };
}
