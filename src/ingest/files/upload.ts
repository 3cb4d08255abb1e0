/**
 * `lakeform upload`: local files into a file landing's prefix (what seed 003's upload API did).
 * The object key is the prefix plus the file's name, so uploading the same file twice writes the
 * same object version (same ETag) and `ingest` lands it once; a changed file is a new version.
 */
import { existsSync, statSync } from "node:fs";
import { basename } from "node:path";
import { S3Bucket, type S3Endpoint } from "../../adapters/s3/bucket-client.js";
import { nearest } from "../../common/did-you-mean.js";
import { DiagnosticsError, LakeformError } from "../../common/errors.js";
import { loadFileStreams } from "./load.js";

export interface Uploaded {
  readonly file: string;
  readonly key: string;
  readonly uri: string;
  readonly etag: string;
  readonly bytes: number;
}

export async function uploadFiles(o: { readonly projectDir: string; readonly stream: string; readonly files: readonly string[]; readonly s3: S3Endpoint; readonly as?: string | undefined }): Promise<Uploaded[]> {
  const loaded = loadFileStreams(o.projectDir);
  const errors = loaded.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new DiagnosticsError(errors, `${errors.length} error(s) in stream declarations`);
  const s = loaded.streams.find((x) => x.name === o.stream);
  if (!s) {
    const guess = nearest(o.stream, loaded.streams.map((x) => x.name));
    throw new LakeformError("usage", `no file landing named "${o.stream}"`, { hint: guess ? `did you mean "${guess}"?` : `file landings (source: files): ${loaded.streams.map((x) => x.name).join(", ") || "none"}` });
  }
  if (o.as !== undefined && o.files.length !== 1) throw new LakeformError("usage", "--as names one object: give exactly one file");
  for (const f of o.files) {
    if (!existsSync(f) || !statSync(f).isFile()) throw new LakeformError("usage", `${f}: no such file`);
  }
  const bucket = new S3Bucket(o.s3, s.bucket);
  await bucket.ensure();
  const out: Uploaded[] = [];
  for (const f of o.files) {
    const key = `${s.prefix}${o.as ?? basename(f)}`;
    const etag = await bucket.putFile(key, f);
    out.push({ file: f, key, uri: bucket.uri(key), etag, bytes: statSync(f).size });
  }
  return out;
}
