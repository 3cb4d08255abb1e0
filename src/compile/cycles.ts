/**
 * Cycle detection (Tarjan's strongly connected components, iterative so 10k-deep chains do not
 * overflow the stack). Returns one concrete path per cycle, starting at its smallest key, so the
 * report is deterministic.
 */

export function findCycles(nodes: readonly string[], edges: (n: string) => Iterable<string>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const sccs: string[][] = [];
  let counter = 0;

  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: { node: string; it: Iterator<string> }[] = [{ node: root, it: edges(root)[Symbol.iterator]() }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      if (!top) break;
      const next = top.it.next();
      if (!next.done) {
        const w = next.value;
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ node: w, it: edges(w)[Symbol.iterator]() });
        } else if (onStack.has(w)) {
          low.set(top.node, Math.min(low.get(top.node) ?? 0, index.get(w) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(top.node) ?? 0));
      if (low.get(top.node) === index.get(top.node)) {
        const scc: string[] = [];
        for (let w = stack.pop(); w !== undefined; w = stack.pop()) {
          onStack.delete(w);
          scc.push(w);
          if (w === top.node) break;
        }
        sccs.push(scc);
      }
    }
  }

  const cycles: string[][] = [];
  for (const scc of sccs) {
    if (scc.length === 1) {
      // The common case (an action outside any cycle): only a self-loop makes it one.
      const only = scc[0]!;
      if ([...edges(only)].includes(only)) cycles.push([only]);
      continue;
    }
    const start = [...scc].sort()[0];
    if (start === undefined) continue;
    cycles.push([...edges(start)].includes(start) ? [start] : pathBack(start, new Set(scc), edges));
  }
  return cycles.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

/** Shortest path start → … → start inside one component (BFS, sorted successors). */
function pathBack(start: string, members: ReadonlySet<string>, edges: (n: string) => Iterable<string>): string[] {
  const prev = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i];
    if (n === undefined) break;
    for (const w of [...edges(n)].sort()) {
      if (!members.has(w)) continue;
      if (w === start) {
        const path = [n];
        for (let p = prev.get(n); p !== undefined; p = prev.get(p)) path.push(p);
        return path.reverse();
      }
      if (!prev.has(w) && w !== start) {
        prev.set(w, n);
        queue.push(w);
      }
    }
  }
  return [start];
}
