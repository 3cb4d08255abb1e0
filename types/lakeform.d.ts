/**
 * Types for Lakeform's JavaScript definitions (`definitions/*.js`, `includes/*.js`), so that
 * `// @ts-check` files are type-checked. Reference it from a jsconfig.json
 * (`"compilerOptions": { "checkJs": true, "types": [] }, "include": ["definitions", "includes",
 * "node_modules/lakeform/types/lakeform.d.ts"]`) or with
 * `/// <reference path="../node_modules/lakeform/types/lakeform.d.ts" />`.
 * The API is Dataform's (publish/operate/assert/declare/test) plus Lakeform's Iceberg options.
 */

declare namespace Lakeform {
  /** `"name"`, `"schema.name"`, or `{ database?, schema?, name }`. */
  type Resolvable = string | { database?: string; schema?: string; name: string; includeDependentAssertions?: boolean };

  interface QueryContext {
    /** Quoted target of another action (`"catalog"."schema"."table"`) and a dependency on it. */
    ref(name: string): string;
    ref(schema: string, name: string): string;
    ref(database: string, schema: string, name: string): string;
    ref(target: { database?: string; schema?: string; name: string }): string;
    /** Like `ref`, without adding a dependency. */
    resolve(name: string): string;
    resolve(schema: string, name: string): string;
    resolve(database: string, schema: string, name: string): string;
    resolve(target: { database?: string; schema?: string; name: string }): string;
    /** This action's own quoted target. */
    self(): string;
    name(): string;
    schema(): string;
    database(): string;
    when(condition: unknown, then: string, otherwise?: string): string;
    /** True while rendering the incremental (MERGE/INSERT) variant of an incremental table. */
    incremental(): boolean;
  }

  type Contextable<T = string> = T | ((ctx: QueryContext) => T);

  type ColumnDocs = Record<string, string | { description?: string; type?: string; tags?: string | string[]; displayName?: string; columns?: ColumnDocs }>;

  interface IcebergConfig {
    /** Partition transforms, e.g. `["day(ts)", "bucket(id, 16)"]`. */
    partitioning?: string[];
    /** Sort order, e.g. `["id", "ts DESC"]`. */
    sortedBy?: string[];
    format?: "PARQUET" | "ORC" | "AVRO";
    formatVersion?: 1 | 2 | 3;
    location?: string;
    /** Further Iceberg table properties (`WITH (key = value)`). */
    properties?: Record<string, string | number | boolean | string[]>;
  }

  interface AssertionsConfig {
    uniqueKey?: string | string[];
    uniqueKeys?: string[][];
    nonNull?: string | string[];
    rowConditions?: string[];
    /** Lakeform: `{ status: ["open", "closed"] }`. */
    acceptedValues?: Record<string, (string | number | boolean)[]>;
    /** Lakeform: `{ customer_id: "customers.id" }`. */
    relationships?: Record<string, string>;
  }

  /** Settings of the generated Grafana dashboards (`lakeform dashboards`); columns must be documented. */
  interface DashboardConfig {
    domain?: string;
    title?: string;
    exclude?: boolean;
    time?: string;
    dimensions?: string[];
    measures?: string[];
    rates?: string[];
  }

  interface BaseConfig {
    name?: string;
    schema?: string;
    database?: string;
    tags?: string | string[];
    dependencies?: Resolvable | Resolvable[];
    disabled?: boolean;
    description?: string;
    hermetic?: boolean;
    dependOnDependencyAssertions?: boolean;
  }

  interface TableConfig extends BaseConfig {
    type?: "table" | "view" | "incremental";
    columns?: ColumnDocs;
    assertions?: AssertionsConfig;
    dashboard?: DashboardConfig;
    iceberg?: IcebergConfig;
    /** incremental only */
    uniqueKey?: string | string[];
    protected?: boolean;
    onSchemaChange?: "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE";
    /** SQL predicate on the target (alias `t`), added to the MERGE ON clause to prune files. */
    updatePartitionFilter?: string;
    /** More ON-clause predicates (aliases `t` target, `s` source). */
    incrementalPredicates?: string[];
    mergeUpdateColumns?: string[];
    mergeExcludeColumns?: string[];
    /** Columns the change guard compares (default: every updated column); `false`: update every matched row. */
    mergeChangeColumns?: string[] | false;
  }

  interface ActionBuilder<Self> {
    config(config: object): Self;
    dependencies(deps: Resolvable | Resolvable[]): Self;
    tags(tags: string | string[]): Self;
    description(text: string): Self;
    disabled(disabled?: boolean): Self;
    hermetic(hermetic: boolean): Self;
    schema(schema: string): Self;
    database(database: string): Self;
    columns(columns: ColumnDocs): Self;
    setDependOnDependencyAssertions(value: boolean): Self;
  }

  interface Table extends ActionBuilder<Table> {
    query(query: Contextable): Table;
    preOps(ops: Contextable<string | string[]>): Table;
    postOps(ops: Contextable<string | string[]>): Table;
    type(type: "table" | "view" | "incremental"): Table;
    uniqueKey(keys: string | string[]): Table;
    protected(value?: boolean): Table;
    assertions(assertions: AssertionsConfig): Table;
    iceberg(config: IcebergConfig): Table;
    onSchemaChange(policy: "IGNORE" | "FAIL" | "EXTEND" | "SYNCHRONIZE"): Table;
    updatePartitionFilter(predicate: string): Table;
  }

  interface Operation extends ActionBuilder<Operation> {
    queries(queries: Contextable<string | string[]>): Operation;
    hasOutput(value?: boolean): Operation;
  }

  interface Assertion extends ActionBuilder<Assertion> {
    query(query: Contextable): Assertion;
  }

  interface Declaration {
    description(text: string): Declaration;
    columns(columns: ColumnDocs): Declaration;
  }

  interface Test {
    /** The action under test. */
    dataset(target: Resolvable): Test;
    /** Replaces `ref(name)` in the tested query with these rows. */
    input(name: string, query: Contextable): Test;
    expect(query: Contextable): Test;
    tags(tags: string | string[]): Test;
    disabled(disabled?: boolean): Test;
  }

  interface ProjectConfig {
    readonly warehouse: "trino";
    readonly defaultDatabase: string;
    readonly defaultSchema: string;
    readonly assertionSchema: string;
    readonly schemaSuffix: string;
    readonly tablePrefix: string;
    readonly vars: Readonly<Record<string, string>>;
  }
}

declare function publish(name: string, queryOrConfig?: Lakeform.Contextable | Lakeform.TableConfig): Lakeform.Table;
declare function operate(name: string, queries?: Lakeform.Contextable<string | string[]>): Lakeform.Operation;
declare function assert(name: string, query?: Lakeform.Contextable): Lakeform.Assertion;
declare function declare(target: { database?: string; schema?: string; name: string; description?: string; columns?: Lakeform.ColumnDocs }): Lakeform.Declaration;
declare function test(name: string): Lakeform.Test;

declare const dataform: {
  readonly projectConfig: Lakeform.ProjectConfig;
  publish: typeof publish;
  operate: typeof operate;
  assert: typeof assert;
  declare: typeof declare;
  test: typeof test;
};
