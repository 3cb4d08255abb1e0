/**
 * Minimal Confluent-compatible schema registry client: `GET /schemas/ids/{id}`.
 * A 404 is permanent (ids are immutable, so messages naming it are dead letters); anything
 * else — connection refused, 5xx, timeouts — is thrown as transient so ingestion waits.
 */
import { LakeformError } from "../../common/errors.js";

export type RegistryLookup = { readonly found: true; readonly schema: string } | { readonly found: false; readonly reason: string };

export class RegistryUnavailableError extends LakeformError {
  constructor(url: string, cause: unknown) {
    super("connection", `schema registry at ${url} is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "RegistryUnavailableError";
  }
}

export async function fetchSchemaById(registryUrl: string, id: number, timeoutMs = 10_000): Promise<RegistryLookup> {
  const url = `${registryUrl.replace(/\/+$/, "")}/schemas/ids/${id}`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/vnd.schemaregistry.v1+json, application/json" } });
  } catch (e) {
    throw new RegistryUnavailableError(registryUrl, e);
  }
  if (res.status === 404) return { found: false, reason: `schema id ${id} is not in the registry at ${registryUrl}` };
  if (!res.ok) throw new RegistryUnavailableError(registryUrl, new Error(`HTTP ${res.status} for ${url}`));
  const body = (await res.json()) as { schema?: unknown; schemaType?: unknown };
  if (body.schemaType !== undefined && body.schemaType !== "AVRO") {
    return { found: false, reason: `schema id ${id} is ${String(body.schemaType)}, not AVRO` };
  }
  if (typeof body.schema !== "string") return { found: false, reason: `registry answer for schema id ${id} has no schema` };
  return { found: true, schema: body.schema };
}
