/** Column-level lineage: which input fields each output column is computed from. */

/** OpenLineage's DIRECT subtypes: the value is copied, computed, or aggregated from the input. */
export type DirectSubtype = "IDENTITY" | "TRANSFORMATION" | "AGGREGATION";
/** OpenLineage's INDIRECT subtypes: the input decides which rows exist, not their values. */
export type IndirectSubtype = "FILTER" | "JOIN" | "GROUP_BY" | "SORT" | "WINDOW" | "CONDITIONAL";

export interface FieldRef {
  /** Relation key `catalog.schema.table` (or the name as written, for relations outside the graph). */
  readonly table: string;
  /** Column name; a ROW field is a dotted path, e.g. `fontes_dados_adicionais.serasa_score`. */
  readonly column: string;
}

export interface DirectInput extends FieldRef {
  readonly subtype: DirectSubtype;
  /** The SQL expression, as the parser printed it. */
  readonly expression?: string | undefined;
}

export interface IndirectInput extends FieldRef {
  readonly subtype: IndirectSubtype;
}

export interface ActionColumnLineage {
  readonly action: string;
  /** Output column → its direct inputs (empty for constants such as `current_timestamp`). */
  readonly columns: Readonly<Record<string, readonly DirectInput[]>>;
  /** Inputs that shape the whole result: WHERE, JOIN ON, GROUP BY, ORDER BY, HAVING. */
  readonly dataset: readonly IndirectInput[];
  readonly warnings: readonly string[];
}

/** A root field (in a source or stream table) that an output column is derived from. */
export interface RootField extends FieldRef {
  /** The relations the value passed through, from the root to the traced column. */
  readonly path: readonly string[];
  /** True when every hop copied the value unchanged. */
  readonly identity: boolean;
  /** True when some hop aggregated (avg, count, …). */
  readonly aggregated: boolean;
}
