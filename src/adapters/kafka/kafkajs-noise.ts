/**
 * What kafkajs prints on its own, made quiet for normal runs (issue 10 item 7).
 *
 * 1. Its log lines: kafkajs logs at ERROR for conditions it then retries (e.g. "Response
 *    GroupCoordinator … The group coordinator is not available" while a fresh broker elects
 *    one); real failures reach the caller through its CRASH event or a rejected call. So every
 *    kafkajs line goes to Lakeform's logger at `debug` (`--verbose` shows it), except broker
 *    connection failures, which become one `warn` per broker and message every 10 s so an outage
 *    is never silent.
 * 2. Node 24's `TimeoutNegativeWarning`: kafkajs 2.2.4's request queue schedules
 *    `setTimeout(…, throttledUntil - Date.now())` with `throttledUntil` = 0 (kafkajs issue #1751);
 *    Node clamps the delay to 1 ms, which is what kafkajs meant, and prints a warning once per
 *    process. Only that warning, and only when kafkajs scheduled the timer, is dropped; every
 *    other Node warning is printed as usual.
 */
import type { KafkaLogger, KafkaLogLevel } from "./types.js";

const CONNECTION_FAILURE = /Connection error|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|Connection timeout|Request .*timed out|Broker not connected/i;
const WARN_EVERY_MS = 10_000;

export function kafkajsLogRouter(log: KafkaLogger | undefined, now: () => number = Date.now): (kafkajsLevel: KafkaLogLevel, message: string, extra: Readonly<Record<string, unknown>>) => void {
  const lastWarned = new Map<string, number>();
  return (level, message, extra) => {
    if (!log) return;
    const failure = (level === "warn" || level === "error") && CONNECTION_FAILURE.test(`${message} ${String(extra["error"] ?? "")}`);
    if (!failure) return log("debug", message, extra);
    const broker = String(extra["broker"] ?? extra["host"] ?? "");
    const key = `${broker} ${message}`;
    const t = now();
    if (t - (lastWarned.get(key) ?? -Infinity) < WARN_EVERY_MS) return log("debug", message, extra);
    lastWarned.set(key, t);
    const cause = extra["error"] !== undefined && !message.includes(String(extra["error"])) ? `: ${String(extra["error"])}` : "";
    log("warn", `${message}${cause}${broker ? ` (broker ${broker})` : ""}; the Kafka client retries`, extra);
  };
}

let installed = false;

/** Drops Node's TimeoutNegativeWarning when kafkajs scheduled the timer (see above). Idempotent. */
export function suppressKafkajsTimeoutWarning(): void {
  if (installed) return;
  installed = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    const name = warning instanceof Error ? warning.name : type;
    if (name === "TimeoutNegativeWarning" && /[\\/]kafkajs[\\/]/.test(new Error().stack ?? "")) return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
