/** `--partitions 0-5,8`: the Kafka partitions this process owns, as a sorted list. Pure. */
export function parsePartitions(text: string): number[] {
  const out = new Set<number>();
  for (const part of text.split(",").map((s) => s.trim())) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`--partitions expects numbers and ranges such as 0-5,8, got "${part || text}"`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new Error(`--partitions: range "${part}" runs backwards`);
    for (let p = from; p <= to; p++) out.add(p);
  }
  return [...out].sort((a, b) => a - b);
}
