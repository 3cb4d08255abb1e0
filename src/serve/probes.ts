/** Reachability probes behind `/readyz`, each bounded in time and cached briefly (probes may be frequent). */
import type { TrinoClient } from "../adapters/trino/client.js";
import { errorMessage } from "../common/errors.js";
import { kafkaBrokerCount } from "../adapters/kafka/broker-probe.js";
import type { Probe } from "./readiness.js";

export function trinoProbe(client: TrinoClient, timeoutMs = 5000): () => Promise<Probe> {
  return async () => {
    try {
      // A query, not /v1/info: a Trino without worker nodes answers /v1/info but cannot run anything.
      await client.query("SELECT 1", { timeoutMs });
      return { ok: true, detail: `reachable at ${client.connection.url}` };
    } catch (e) {
      return { ok: false, detail: `${client.connection.url}: ${errorMessage(e).split("\n")[0]}` };
    }
  };
}

export function kafkaProbe(brokers: readonly string[], timeoutMs = 3000): () => Promise<Probe> {
  return async () => {
    for (const b of brokers) {
      const i = b.lastIndexOf(":");
      const n = await kafkaBrokerCount(b.slice(0, i), Number(b.slice(i + 1)), timeoutMs);
      if (n !== undefined && n > 0) return { ok: true, detail: `${b}: ${n} broker(s)` };
    }
    return { ok: false, detail: `no broker answers (${brokers.join(", ")})` };
  };
}

/** One probe result shared for `ttlMs`, and never two probes of the same service at once. */
export function cached(probe: () => Promise<Probe>, ttlMs: number, now: () => number = Date.now): () => Promise<Probe> {
  let last: { at: number; result: Promise<Probe> } | undefined;
  return () => {
    if (!last || now() - last.at >= ttlMs) last = { at: now(), result: probe() };
    return last.result;
  };
}
