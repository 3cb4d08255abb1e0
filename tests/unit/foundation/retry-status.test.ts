import { describe, expect, it } from "vitest";
import { TrinoHttpError } from "../../../src/adapters/trino/client.js";
import { LakeformError } from "../../../src/common/errors.js";
import { isRetryable } from "../../../src/ingest/retry.js";

describe("retries are decided on the HTTP status the error carries, not on its message", () => {
  it("a 5xx answer is retried, a 4xx is not", () => {
    expect([502, 503, 500].map((s) => isRetryable(new TrinoHttpError(s, "GET /v1/statement/x", undefined)))).toEqual([true, true, true]);
    expect([400, 401, 404].map((s) => isRetryable(new TrinoHttpError(s, "GET /v1/statement/x", undefined)))).toEqual([false, false, false]);
  });

  it("a message that merely mentions a status is not a status", () => {
    expect(isRetryable(new LakeformError("warehouse", "column comment says HTTP 503 somewhere"))).toBe(false);
  });
});
