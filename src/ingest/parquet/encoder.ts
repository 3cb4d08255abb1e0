/**
 * Encodes Parquet files on a worker thread, so the file ingester's reader (CSV parsing and type
 * checks, on the main thread) and the encoder run on two cores at once.
 *
 * One worker, started on first use, kept referenced only while a file is being encoded (an idle
 * encoder never keeps the process alive). Where the worker's compiled file is not beside this
 * module (the test runner loads TypeScript sources), files are encoded on the calling thread: same
 * function, same bytes, only slower.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { transferables, type PackedColumn, type ParquetElement } from "../files/parquet-columns.js";

const WORKER_FILE = new URL("./encode-worker.js", import.meta.url);

/** Set in the encoder's workerData: only that thread answers (a test runner's own worker must not). */
export const ENCODER_MARK = "lakeform-parquet-encoder";

export interface EncodeRequest {
  readonly id: number;
  readonly schema: readonly [{ readonly name: string }, ...ParquetElement[]];
  readonly packed: readonly PackedColumn[];
}

export type EncodeReply = { readonly id: number; readonly bytes: Uint8Array } | { readonly id: number; readonly error: string };

export class ParquetEncoder {
  private worker: Worker | undefined;
  private failed: Error | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (b: Uint8Array) => void; reject: (e: Error) => void }>();
  /** whether a worker thread is used (false: encoded on the calling thread) */
  readonly threaded = existsSync(fileURLToPath(WORKER_FILE));

  encode(schema: readonly [{ readonly name: string }, ...ParquetElement[]], packed: readonly PackedColumn[]): Promise<Uint8Array> {
    // (the encoder module, Arrow and its WebAssembly, is loaded only where files are encoded)
    if (!this.threaded) return import("./landing-encode.js").then((m) => m.encodeLanding(schema, packed));
    if (this.failed) return Promise.reject(this.failed);
    const w = this.start();
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.ref();
      w.postMessage({ id, schema, packed }, transferables(packed));
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(WORKER_FILE, { workerData: { role: ENCODER_MARK } });
    w.unref();
    w.on("message", (m: EncodeReply) => {
      const p = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) w.unref();
      if (!p) return;
      if ("error" in m) p.reject(new Error(`Parquet encoding failed: ${m.error}`));
      else p.resolve(m.bytes);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
      this.worker = undefined;
    };
    w.on("error", fail);
    w.on("exit", (code) => {
      if (this.waiting.size) fail(new Error(`the Parquet encoder thread exited (code ${code})`));
      this.worker = undefined;
    });
    this.worker = w;
    return w;
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
