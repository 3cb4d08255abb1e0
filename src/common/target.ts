/** A relation's fully qualified name. Shared by compile (refs), plan (statements) and the adapters. */
export interface Target {
  /** Trino catalog. */
  readonly database: string;
  readonly schema: string;
  readonly name: string;
}
