/**
 * `--partitions 0-5` / `--partitions 0,2,4-6`: the Kafka partitions one ingester owns.
 * Pure; the CLI and `serve` parse with it, the ingester checks the result against the topic.
 */
import { LakeformError } from "../../common/errors.js";

export function parsePartitions(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(",").map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) throw new LakeformError("usage", `--partitions: "${part}" is not a partition number or range`, { hint: 'write e.g. "0-5" or "0,2,4-6"' });
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new LakeformError("usage", `--partitions: range "${part}" ends before it starts`);
    if (to - from > 100_000) throw new LakeformError("usage", `--partitions: range "${part}" is too large`);
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}

/** `[0,1,2,3,5]` → `"0-3,5"` (for log lines and errors). */
export function formatPartitions(ps: readonly number[]): string {
  const sorted = [...new Set(ps)].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    runs.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return runs.join(",") || "(none)";
}
