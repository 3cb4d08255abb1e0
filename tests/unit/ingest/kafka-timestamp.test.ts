import { describe, expect, it } from "vitest";
import type { StreamMessage } from "../../../src/adapters/kafka/types.js";
import { kafkaTimestampMs, renderGoodPrefix } from "../../../src/ingest/render-row.js";

const msg = (timestampMs: number): StreamMessage => ({ topic: "t", partition: 0, offset: 7n, timestampMs, key: null, value: Buffer.alloc(0) }) as unknown as StreamMessage;

// A producer may set any int64 as the Kafka timestamp. Bronze's `_kafka_ts` is computed in Trino
// as from_unixtime_nanos(ms * 1000000), which overflows beyond ±9223372036854 ms and would fail
// the whole batch on every retry.
describe("_kafka_ts of a message whose producer set an extreme timestamp", () => {
  it("is NULL when the conversion cannot hold it, the ms otherwise", () => {
    expect(kafkaTimestampMs(msg(Number.MAX_SAFE_INTEGER))).toBeUndefined();
    expect(kafkaTimestampMs(msg(9_223_372_036_855))).toBeUndefined();
    expect(kafkaTimestampMs(msg(-9_223_372_036_855))).toBeUndefined();
    expect(kafkaTimestampMs(msg(9_223_372_036_854))).toBe(9_223_372_036_854);
    expect(kafkaTimestampMs(msg(1_714_567_890_123))).toBe(1_714_567_890_123);
  });

  it("renders null in both row formats", () => {
    const json = renderGoodPrefix([], {}, msg(Number.MAX_SAFE_INTEGER), 1, "json");
    expect(json.split(",")).toEqual(["0", "7", "null", "null", "1"]);
    const values = renderGoodPrefix([], {}, msg(Number.MAX_SAFE_INTEGER), 1, "values");
    expect(values).toContain("7, NULL, NULL, 1");
  });
});
