/**
 * The seeded sequence of messages `lakeform simulate dados_produtores` produces: Confluent-
 * framed Avro, mostly good, `badShare` of them bad (see bad-events.ts). Pure: same options,
 * same messages — tests use `expect` to know what must land where.
 */
import type avro from "avsc";
import { encodeConfluent } from "../ingest/avro/encoder.js";
import { BAD_KINDS, garbage, spoil, type BadKind, type GarbageKind } from "./bad-events.js";
import { Prng } from "./prng.js";
import { eventFor, newApplicant, type Applicant } from "./produtores.js";

export interface WriterSchema {
  readonly id: number;
  readonly type: avro.Type;
  readonly version: 1 | 2;
}

export interface GenerateOptions {
  readonly count: number;
  readonly seed: number;
  /** share of bad messages, 0..1 */
  readonly badShare: number;
  /** share of good messages written with the older schema, 0..1 */
  readonly oldSchemaShare: number;
  readonly nowMs: number;
  readonly current: WriterSchema;
  readonly old?: WriterSchema | undefined;
}

export type Expectation = "bronze" | "bronze-invalid" | "dead-letter";

export interface SimMessage {
  readonly key: string;
  readonly value: Buffer;
  readonly expect: Expectation;
  readonly kind: "good" | BadKind | GarbageKind;
}

const DAY_MS = 86_400_000;
const DEAD_KINDS: ReadonlySet<string> = new Set(["null-cpf-cnpj", "null-tipo-pessoa"]);

/** A fixed, well-mixed seed per applicant number (independent of the run seed). */
export function applicantSeed(seq: number): number {
  return Math.imul(seq ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
}

export function* generateMessages(o: GenerateOptions): Generator<SimMessage> {
  const rng = new Prng(o.seed);
  const applicants: Applicant[] = [];
  for (let i = 0; i < o.count; i++) {
    // ~35% of requests come from an applicant seen before
    const repeat = applicants.length > 0 && rng.chance(0.35);
    // An applicant's identity (document, name, farm) depends only on its number, never on the
    // run's seed: PROP-0000001 is the same person in every run, so reruns with new seeds add
    // recurring applicants instead of giving one id to different people.
    const a = repeat ? rng.pick(applicants) : newApplicant(new Prng(applicantSeed(applicants.length + 1)), applicants.length + 1);
    if (!repeat) applicants.push(a);
    const when = new Date(o.nowMs - rng.int(0, 180 * DAY_MS));
    const w = o.old && rng.chance(o.oldSchemaShare) ? o.old : o.current;
    const event = eventFor(a, rng, when, o.nowMs, w.version);
    const good = encodeConfluent(w.type, w.id, event);
    if (!rng.chance(o.badShare)) {
      yield { key: a.proponente_id, value: good, expect: "bronze", kind: "good" };
      continue;
    }
    if (rng.chance(0.12)) {
      const kind = rng.weighted<GarbageKind>([
        ["random-bytes", 2],
        ["wrong-magic", 1],
        ["truncated", 1],
      ]);
      yield { key: a.proponente_id, value: garbage(kind, good, rng), expect: "dead-letter", kind };
      continue;
    }
    const kind = rng.weighted(BAD_KINDS);
    const value = encodeConfluent(w.type, w.id, spoil(event, kind, rng));
    yield { key: a.proponente_id, value, expect: DEAD_KINDS.has(kind) ? "dead-letter" : "bronze-invalid", kind };
  }
}
