/**
 * The S3 calls Lakeform makes outside the stack (the ingester's Parquet files), SigV4-signed
 * with `aws4`, path-style (MinIO and most S3-compatible stores).
 */
import aws4 from "aws4";
import { LakeformError } from "../../common/errors.js";

export interface S3Config {
  /** e.g. http://127.0.0.1:9000 */
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region?: string;
}

export interface ObjectStore {
  /** `s3://<bucket>/<key>`: the URI Trino sees the object at. */
  uri(key: string): string;
  /** Aborted after `timeoutMs` (default 60 s) with a retryable "connection" error: a stalled store must not block forever. */
  put(key: string, body: Uint8Array, signal?: AbortSignal, timeoutMs?: number): Promise<void>;
}

export const DEFAULT_S3_TIMEOUT_MS = 60_000;

export class S3ObjectStore implements ObjectStore {
  constructor(private readonly cfg: S3Config) {}

  uri(key: string): string {
    return `s3://${this.cfg.bucket}/${key}`;
  }

  async put(key: string, body: Uint8Array, signal?: AbortSignal, timeoutMs = DEFAULT_S3_TIMEOUT_MS): Promise<void> {
    const u = new URL(this.cfg.endpoint);
    const path = `/${this.cfg.bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
    const signed = aws4.sign(
      { host: u.host, path, method: "PUT", service: "s3", region: this.cfg.region ?? "us-east-1", body: Buffer.from(body.buffer, body.byteOffset, body.byteLength), headers: { "Content-Type": "application/octet-stream" } },
      { accessKeyId: this.cfg.accessKey, secretAccessKey: this.cfg.secretKey },
    );
    const timeout = AbortSignal.timeout(timeoutMs);
    const both = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let r: Response;
    let text: string;
    try {
      r = await fetch(`${u.protocol}//${u.host}${path}`, { method: "PUT", headers: signed.headers as Record<string, string>, body, signal: both });
      // the body is read under the same deadline: a store can stall after the headers too
      text = r.ok ? "" : (await r.text()).slice(0, 300);
    } catch (e) {
      if (signal?.aborted) throw e;
      if (timeout.aborted) throw new LakeformError("connection", `S3 PUT ${this.uri(key)} at ${this.cfg.endpoint} timed out after ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}`, { cause: e });
      throw new LakeformError("connection", `cannot reach S3 at ${this.cfg.endpoint} (PUT ${this.uri(key)}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    // 5xx and throttling are worth a retry (kind "connection"); 4xx is a configuration problem.
    if (r.status >= 500 || r.status === 429) throw new LakeformError("connection", `S3 PUT ${this.uri(key)}: HTTP ${r.status} ${text}`);
    if (!r.ok) throw new LakeformError("config", `S3 PUT ${this.uri(key)}: HTTP ${r.status} ${text}`, { hint: "check LAKEFORM_S3_* (endpoint, bucket, access key)" });
  }
}
