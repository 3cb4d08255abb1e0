/**
 * Static partition ownership (issue 10 item 5) and fast restarts (issue 17 item 3) on the real
 * stack: two ingesters of one stream split 6 partitions; one is SIGKILLed and restarted at once,
 * in a loop, while events keep arriving; every offset must land exactly once. A third process
 * claiming a partition that a live ingester owns is refused. Kill times come from a seeded
 * generator: the seed is printed, and LAKEFORM_TEST_SEED=<seed> replays a failing run.
 */
import { afterAll, describe, expect, it } from "vitest";
import { createTopic, deleteTopic, dropSchema, ingestUntilIdle, makeProject, produce, spawnIngester, trino, uid, waitExit, type Produced } from "./helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => undefined);
});

/** mulberry32: a small deterministic PRNG, so a seed reproduces the kill schedule. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const num = (v: unknown) => Number(v);
const key = (p: unknown, o: unknown) => `${num(p)}/${String(o)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForOutput(child: ReturnType<typeof spawnIngester>, re: RegExp, timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  while (!re.test(child.output())) {
    if (child.exitCode !== null || Date.now() - t0 > timeoutMs) throw new Error(`no ${re} in the ingester's output:\n${child.output().slice(-3000)}`);
    await sleep(200);
  }
}

describe("partitioned ingesters (real Kafka + Trino + Iceberg)", () => {
  it("two ingesters over 6 partitions, one SIGKILLed and restarted in a loop: every offset lands exactly once; an overlapping claim is refused", async () => {
    const seed = Number(process.env["LAKEFORM_TEST_SEED"] ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`partitioned ingesters: seed ${seed} (LAKEFORM_TEST_SEED=${seed} replays this kill schedule)`);
    const random = prng(seed);
    const id = uid();
    const topic = `it_ingest_part_${id}`;
    const schema = `it_ingest_part_${id}`;
    await createTopic(topic, 6);
    cleanups.push(() => deleteTopic(topic), () => dropSchema(schema));
    const dir = makeProject({ topic, schema });
    const bronze = `iceberg."${schema}".bronze`;
    const dead = `iceberg."${schema}".bronze_dead_letter`;

    const sent: Produced[] = [];
    const offsetsSoFar = Array.from({ length: 6 }, () => 0n);
    const produceMore = async (count: number, s: number) => {
      const batch = await produce(topic, 6, { count, seed: s, badShare: 0.05, oldSchemaShare: 0.2 });
      // produce() numbers offsets from 0 per call; shift by what the partitions already hold
      for (const m of batch) sent.push({ ...m, offset: m.offset + offsetsSoFar[m.partition]! });
      for (let p = 0; p < 6; p++) offsetsSoFar[p]! += BigInt(batch.filter((m) => m.partition === p).length);
    };

    await produceMore(3_000, seed % 1000);
    const args = ["--max-rows", "250"];
    const finalArgs = [...args, "--quiet-ms", "60000"]; // a loaded Trino can take 20 s per commit
    const a = spawnIngester(dir, [...args, "--partitions", "0-2"]);
    let b = spawnIngester(dir, [...args, "--partitions", "3-5"]);
    const logsOfB: string[] = [];
    try {
      // Both own their partitions: a third process claiming one of each is refused, naming both owners.
      await Promise.all([waitForOutput(a, /resuming from/), waitForOutput(b, /resuming from/)]);
      const intruder = spawnIngester(dir, [...args, "--partitions", "2-3"]);
      const code = await waitExit(intruder, 120_000);
      expect(code, intruder.output()).not.toBe(0);
      expect(intruder.output()).toMatch(new RegExp(`partition 2 of topic ${topic} already ingested by \\S+ pid ${a.pid}`));
      expect(intruder.output()).toMatch(new RegExp(`partition 3 of topic ${topic} already ingested by \\S+ pid ${b.pid}`));
      expect(intruder.output()).not.toMatch(/\] p[23] batch/); // refused before landing anything

      for (let round = 0; round < 6; round++) {
        await produceMore(600, seed % 1000 + round + 1);
        await sleep(1_500 + random() * 3_500);
        b.kill("SIGKILL");
        await waitExit(b);
        logsOfB.push(b.output());
        b = spawnIngester(dir, [...args, "--partitions", "3-5"]);
      }
      a.kill("SIGTERM");
      b.kill("SIGTERM");
      await Promise.all([waitExit(a), waitExit(b)]);
    } finally {
      a.kill("SIGKILL");
      b.kill("SIGKILL");
    }
    // Catch up both halves, side by side, then compare with what was produced.
    const [logA, logB] = await Promise.all([ingestUntilIdle(dir, [...finalArgs, "--partitions", "0-2"]), ingestUntilIdle(dir, [...finalArgs, "--partitions", "3-5"])]);
    const landed = (await trino.query(`SELECT _partition, _offset, count(*) FROM ${bronze} GROUP BY 1, 2`)).rows;
    const deadRows = (await trino.query(`SELECT _partition, _offset, count(*) FROM ${dead} GROUP BY 1, 2`)).rows;
    const context = `seed ${seed}\nlast B run:\n${logB.slice(-2500)}\nlast A run:\n${logA.slice(-1500)}\nkilled B runs:\n${logsOfB.map((l) => l.slice(-800)).join("\n---\n")}`;
    expect(landed.filter((r) => num(r[2]) !== 1), context).toEqual([]);
    expect(deadRows.filter((r) => num(r[2]) !== 1), context).toEqual([]);
    expect(new Set(landed.map((r) => key(r[0], r[1]))), context).toEqual(new Set(sent.filter((m) => m.expect !== "dead-letter").map((m) => key(m.partition, m.offset))));
    expect(new Set(deadRows.map((r) => key(r[0], r[1]))), context).toEqual(new Set(sent.filter((m) => m.expect === "dead-letter").map((m) => key(m.partition, m.offset))));
    // Each half wrote only its own partitions: B's runs never logged a batch of partition 0-2.
    expect(logsOfB.join("\n")).not.toMatch(/\] p[012] batch/);
    expect(sent.length).toBe(3_000 + 6 * 600);
  });
});
