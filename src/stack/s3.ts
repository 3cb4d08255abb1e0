import aws4 from "aws4";

/** Minimal signed S3 calls the stack needs (bucket exists / create), SigV4 via `aws4`. */
export interface S3Target {
  readonly endpoint: string; // http://127.0.0.1:9000
  readonly accessKey: string;
  readonly secretKey: string;
}

async function signedFetch(t: S3Target, method: string, path: string): Promise<Response> {
  const u = new URL(t.endpoint);
  const opts = aws4.sign(
    { host: u.host, path, method, service: "s3", region: "us-east-1", headers: {} },
    { accessKeyId: t.accessKey, secretAccessKey: t.secretKey },
  );
  return fetch(`${u.protocol}//${u.host}${path}`, {
    method,
    headers: opts.headers as Record<string, string>,
    signal: AbortSignal.timeout(5000),
  });
}

export async function bucketExists(t: S3Target, bucket: string): Promise<boolean> {
  try {
    const r = await signedFetch(t, "HEAD", `/${bucket}`);
    return r.status === 200;
  } catch {
    return false;
  }
}

export async function createBucket(t: S3Target, bucket: string): Promise<void> {
  const r = await signedFetch(t, "PUT", `/${bucket}`);
  // 409 BucketAlreadyOwnedByYou: a concurrent `up` won the race.
  if (r.status !== 200 && r.status !== 409) throw new Error(`create bucket ${bucket}: HTTP ${r.status} ${await r.text()}`);
}

/** Any authenticated answer (ListBuckets) means the server is up and our credentials work. */
export async function s3Healthy(t: S3Target): Promise<boolean> {
  try {
    const r = await signedFetch(t, "GET", "/");
    return r.status === 200;
  } catch {
    return false;
  }
}
