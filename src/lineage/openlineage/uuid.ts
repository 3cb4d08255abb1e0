import { createHash } from "node:crypto";

/**
 * OpenLineage run ids must be UUIDs. Derive one deterministically (name-based, version 5
 * layout over SHA-256 bits) so the START and COMPLETE events of an action share it.
 */
export function runUuid(...parts: readonly string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest();
  h[6] = ((h[6] ?? 0) & 0x0f) | 0x50;
  h[8] = ((h[8] ?? 0) & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}
