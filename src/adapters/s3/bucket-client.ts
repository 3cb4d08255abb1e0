/**
 * Object-store calls for file landings: list a prefix, stream or range-read an object, upload a
 * local file without buffering it, copy and delete (archive). SigV4 with `aws4`, path-style
 * (MinIO and most S3-compatible stores); bodies are not hashed (`UNSIGNED-PAYLOAD`), so a 1 GB
 * upload streams from disk.
 */
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import aws4 from "aws4";
import { LakeformError } from "../../common/errors.js";

export interface S3Endpoint {
  readonly endpoint: string;
  readonly accessKey: string;
  readonly secretKey: string;
  readonly region?: string;
}

export interface ObjectInfo {
  readonly key: string;
  /** without the quotes S3 puts around it */
  readonly etag: string;
  readonly size: number;
  readonly lastModified: Date;
}

const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");

function xmlText(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const l = e.toLowerCase();
    if (l === "lt") return "<";
    if (l === "gt") return ">";
    if (l === "quot") return '"';
    if (l === "apos") return "'";
    if (l === "amp") return "&";
    return String.fromCodePoint(l.startsWith("#x") ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10));
  });
}

const tag = (xml: string, name: string) => {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m ? xmlText(m[1] ?? "") : undefined;
};

/** Parses one ListObjectsV2 page. */
export function parseListPage(xml: string): { objects: ObjectInfo[]; next: string | undefined } {
  const objects: ObjectInfo[] = [];
  for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
    const c = m[1] ?? "";
    objects.push({
      key: tag(c, "Key") ?? "",
      etag: (tag(c, "ETag") ?? "").replace(/^"|"$/g, ""),
      size: Number(tag(c, "Size") ?? 0),
      lastModified: new Date(tag(c, "LastModified") ?? 0),
    });
  }
  const truncated = tag(xml, "IsTruncated") === "true";
  return { objects, next: truncated ? tag(xml, "NextContinuationToken") : undefined };
}

export class S3Bucket {
  constructor(
    private readonly cfg: S3Endpoint,
    readonly bucket: string,
  ) {}

  uri(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  private async call(method: string, path: string, o: { headers?: Record<string, string>; body?: Uint8Array | ReadableStream<Uint8Array>; signal?: AbortSignal; okStatuses?: number[] } = {}): Promise<Response> {
    const u = new URL(this.cfg.endpoint);
    const signed = aws4.sign(
      { host: u.host, path, method, service: "s3", region: this.cfg.region ?? "us-east-1", headers: { "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD", ...o.headers } },
      { accessKeyId: this.cfg.accessKey, secretAccessKey: this.cfg.secretKey },
    );
    let r: Response;
    try {
      r = await fetch(`${u.protocol}//${u.host}${path}`, { method, headers: signed.headers as Record<string, string>, body: o.body, signal: o.signal, ...(o.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
    } catch (e) {
      throw new LakeformError("connection", `cannot reach S3 at ${this.cfg.endpoint} (${method} ${this.uri(path.replace(/^\/[^/]+\/?/, "").replace(/\?.*$/, ""))}): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    if (r.ok || o.okStatuses?.includes(r.status)) return r;
    const text = (await r.text().catch(() => "")).slice(0, 300);
    const what = `S3 ${method} ${path}: HTTP ${r.status} ${tag(text, "Code") ?? ""} ${tag(text, "Message") ?? ""}`.trim();
    if (r.status >= 500 || r.status === 429) throw new LakeformError("connection", what);
    if (r.status === 404) throw new LakeformError("config", what, { hint: "check the stream's location (bucket and prefix)" });
    throw new LakeformError("config", what, { hint: "check LAKEFORM_S3_* (endpoint, access key)" });
  }

  /** Every object under `prefix`, in key order. A missing bucket lists as empty. */
  async list(prefix: string, signal?: AbortSignal): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const q = new URLSearchParams({ "list-type": "2", prefix, "max-keys": "1000" });
      if (token) q.set("continuation-token", token);
      // aws4 signs the query as given: keep it sorted, as SigV4's canonical request is
      const qs = [...q.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&");
      const r = await this.call("GET", `/${this.bucket}?${qs}`, { signal, okStatuses: [404] });
      const text = await r.text();
      if (r.status === 404) return [];
      const page = parseListPage(text);
      out.push(...page.objects);
      token = page.next;
    } while (token);
    return out;
  }

  /** The object's bytes as a stream (optionally from byte `start`, optionally only that version). */
  async getStream(key: string, o: { start?: number; etag?: string; signal?: AbortSignal | undefined } = {}): Promise<Readable> {
    const headers: Record<string, string> = o.start ? { Range: `bytes=${o.start}-` } : {};
    if (o.etag) headers["If-Match"] = `"${o.etag}"`;
    const r = await this.call("GET", `/${this.bucket}/${encodeKey(key)}`, { headers, signal: o.signal });
    if (!r.body) return Readable.from([]);
    return Readable.fromWeb(r.body as import("node:stream/web").ReadableStream<Uint8Array>);
  }

  /**
   * One object version's bytes, start to end, surviving dropped connections: a reader that
   * waits long between chunks (a slow commit downstream) can see the store close the socket;
   * the rest is then fetched with a Range request from the first byte not yet delivered, and
   * `If-Match` makes sure it is the same version.
   */
  async *readAll(key: string, etag: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
    let offset = 0;
    let failures = 0;
    for (;;) {
      const body = await this.getStream(key, { start: offset, etag, signal });
      try {
        for await (const chunk of body as AsyncIterable<Buffer>) {
          offset += chunk.length;
          failures = 0;
          yield chunk;
        }
        return;
      } catch (e) {
        if (signal?.aborted) throw e;
        if (++failures > 5) throw new LakeformError("connection", `S3 GET ${this.uri(key)} failed at byte ${offset}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
      }
    }
  }

  /** Bytes [start, end) of the object. */
  async getRange(key: string, start: number, end: number, signal?: AbortSignal): Promise<ArrayBuffer> {
    if (end <= start) return new ArrayBuffer(0);
    const r = await this.call("GET", `/${this.bucket}/${encodeKey(key)}`, { headers: { Range: `bytes=${start}-${end - 1}` }, signal });
    return r.arrayBuffer();
  }

  async head(key: string, signal?: AbortSignal): Promise<ObjectInfo | undefined> {
    const r = await this.call("HEAD", `/${this.bucket}/${encodeKey(key)}`, { signal, okStatuses: [404] });
    if (r.status === 404) return undefined;
    return { key, etag: (r.headers.get("etag") ?? "").replace(/^"|"$/g, ""), size: Number(r.headers.get("content-length") ?? 0), lastModified: new Date(r.headers.get("last-modified") ?? 0) };
  }

  /** Creates the bucket when it does not exist. */
  async ensure(signal?: AbortSignal): Promise<void> {
    const r = await this.call("HEAD", `/${this.bucket}`, { signal, okStatuses: [404] });
    if (r.status !== 404) return;
    await this.call("PUT", `/${this.bucket}`, { signal, okStatuses: [409] });
  }

  /** Uploads a local file, streamed from disk; returns the new object's ETag. */
  async putFile(key: string, path: string, signal?: AbortSignal): Promise<string> {
    const size = statSync(path).size;
    const body = Readable.toWeb(createReadStream(path)) as unknown as ReadableStream<Uint8Array>;
    const r = await this.call("PUT", `/${this.bucket}/${encodeKey(key)}`, { headers: { "Content-Length": String(size), "Content-Type": "application/octet-stream" }, body, signal });
    return (r.headers.get("etag") ?? "").replace(/^"|"$/g, "");
  }

  async putBytes(key: string, body: Uint8Array, signal?: AbortSignal): Promise<string> {
    const r = await this.call("PUT", `/${this.bucket}/${encodeKey(key)}`, { headers: { "Content-Length": String(body.byteLength), "Content-Type": "application/octet-stream" }, body, signal });
    return (r.headers.get("etag") ?? "").replace(/^"|"$/g, "");
  }

  /** Server-side copy into `to` (same store). */
  async copyTo(key: string, to: S3Bucket, toKey: string, signal?: AbortSignal): Promise<void> {
    await to.call("PUT", `/${to.bucket}/${encodeKey(toKey)}`, { headers: { "x-amz-copy-source": `/${this.bucket}/${encodeKey(key)}` }, signal });
  }

  async delete(key: string, signal?: AbortSignal): Promise<void> {
    await this.call("DELETE", `/${this.bucket}/${encodeKey(key)}`, { signal, okStatuses: [404] });
  }
}
