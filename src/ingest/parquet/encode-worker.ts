/**
 * The Parquet encoder's thread (encoder.ts starts it): packed columns in, the file's bytes out
 * (moved back, not copied). Pure CPU, no I/O: a failure is sent back as the error's text.
 */
import { parentPort, workerData } from "node:worker_threads";
import { unpackColumns, type PackedColumn, type ParquetElement } from "../files/parquet-columns.js";
import { writeParquetColumns } from "./write-parquet.js";

export interface EncodeRequest {
  readonly id: number;
  readonly schema: readonly [{ readonly name: string }, ...ParquetElement[]];
  readonly packed: readonly PackedColumn[];
}

export type EncodeReply = { readonly id: number; readonly bytes: Uint8Array } | { readonly id: number; readonly error: string };

export function encode(req: Pick<EncodeRequest, "schema" | "packed">): Uint8Array {
  const [, ...leaves] = req.schema;
  return writeParquetColumns(req.schema, unpackColumns(leaves, req.packed));
}

/** Set in the encoder's workerData: only that thread answers (a test runner's own worker must not). */
export const ENCODER_MARK = "lakeform-parquet-encoder";

if ((workerData as { role?: string } | null)?.role === ENCODER_MARK) parentPort?.on("message", (req: EncodeRequest) => {
  try {
    const bytes = encode(req);
    parentPort?.postMessage({ id: req.id, bytes } satisfies EncodeReply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies EncodeReply);
  }
});
