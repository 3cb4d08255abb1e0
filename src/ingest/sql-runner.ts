/** What the ingester needs from Trino: one statement at a time (the TrinoClient satisfies it; tests script it). */
export interface SqlRunner {
  query(
    sql: string,
    opts?: {
      signal?: AbortSignal | undefined;
      /** cancel the statement in Trino and fail after this long */
      timeoutMs?: number | undefined;
      onProgress?: ((p: { readonly queryId: string; readonly state: string }) => void) | undefined;
    },
  ): Promise<{ readonly rows: readonly (readonly unknown[])[]; readonly updateCount?: number | undefined }>;
}
