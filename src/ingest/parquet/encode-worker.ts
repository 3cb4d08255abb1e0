/**
 * The Parquet encoder's thread (encoder.ts starts it): packed columns in, the file's bytes out
 * (moved back, not copied). Pure CPU, no I/O: a failure is sent back as the error's text.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ENCODER_MARK, type EncodeReply, type EncodeRequest } from "./encoder.js";
import { encodeLanding } from "./landing-encode.js";

if ((workerData as { role?: string } | null)?.role === ENCODER_MARK) parentPort?.on("message", (req: EncodeRequest) => {
  try {
    const bytes = encodeLanding(req.schema, req.packed);
    parentPort?.postMessage({ id: req.id, bytes } satisfies EncodeReply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    parentPort?.postMessage({ id: req.id, error: e instanceof Error ? e.message : String(e) } satisfies EncodeReply);
  }
});
