/**
 * Dataform's JavaScript API (`publish`, `operate`, `assert`, `declare`, `test`) for
 * `definitions/*.js`. Builders only record config and contextables into drafts; validation
 * happens later, uniformly with SQLX configs.
 */

import type { SourceLocation } from "../common/errors.js";
import type { ActionDraft, Contextable } from "./drafts.js";
import { newDraft } from "./drafts.js";

export interface CallSite {
  /** The file being evaluated and where in it the API was called. */
  current(): { file: string; location: SourceLocation };
}

type Config = Record<string, unknown>;

function isPlainObject(v: unknown): v is Config {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function setter(draft: ActionDraft, key: string) {
  return (value: unknown = true) => {
    draft.config[key] = value;
  };
}

function chain<T extends object>(target: T, methods: Record<string, (...args: never[]) => void>): T {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(target, name, {
      value: (...args: never[]) => {
        fn(...args);
        return target;
      },
      enumerable: false,
    });
  }
  return target;
}

function commonMethods(d: ActionDraft): Record<string, (...args: never[]) => void> {
  return {
    config: (c: Config) => {
      // `publish("t").config({ type: "table" })` changes the kind, as in Dataform.
      const { type, ...rest } = isPlainObject(c) ? c : {};
      if (typeof type === "string") d.type = type;
      Object.assign(d.config, rest);
    },
    dependencies: setter(d, "dependencies"),
    tags: setter(d, "tags"),
    description: setter(d, "description"),
    disabled: setter(d, "disabled"),
    hermetic: setter(d, "hermetic"),
    schema: setter(d, "schema"),
    database: setter(d, "database"),
    columns: setter(d, "columns"),
    setDependOnDependencyAssertions: setter(d, "dependOnDependencyAssertions"),
  };
}

export interface JsApi {
  publish(name: string, queryOrConfig?: unknown): object;
  operate(name: string, queries?: unknown): object;
  assert(name: string, query?: unknown): object;
  declare(config: unknown): object;
  test(name: string): object;
}

export function createJsApi(site: CallSite, sink: (d: ActionDraft) => void): JsApi {
  const start = (type: string, config: Config): ActionDraft => {
    const { file, location } = site.current();
    const d = newDraft(type, file, "js", location, config, 0);
    sink(d);
    return d;
  };
  const asContextable = (q: unknown): Contextable => q as Contextable;

  return {
    publish(name, queryOrConfig) {
      const config: Config = isPlainObject(queryOrConfig) ? { ...queryOrConfig, name } : { name };
      const type = typeof config["type"] === "string" ? config["type"] : "view";
      delete config["type"];
      const d = start(type, config);
      if (queryOrConfig !== undefined && !isPlainObject(queryOrConfig)) d.query = asContextable(queryOrConfig);
      return chain({}, {
        ...commonMethods(d),
        query: (q: unknown) => void (d.query = asContextable(q)),
        preOps: (q: unknown) => void d.preOps.push(asContextable(q)),
        postOps: (q: unknown) => void d.postOps.push(asContextable(q)),
        type: (t: string) => void (d.type = t),
        uniqueKey: setter(d, "uniqueKey"),
        protected: setter(d, "protected"),
        assertions: setter(d, "assertions"),
        iceberg: setter(d, "iceberg"),
        onSchemaChange: setter(d, "onSchemaChange"),
        updatePartitionFilter: setter(d, "updatePartitionFilter"),
      });
    },
    operate(name, queries) {
      const d = start("operations", { name });
      if (queries !== undefined) d.query = asContextable(queries);
      return chain({}, {
        ...commonMethods(d),
        queries: (q: unknown) => void (d.query = asContextable(q)),
        hasOutput: setter(d, "hasOutput"),
      });
    },
    assert(name, query) {
      const d = start("assertion", { name });
      if (query !== undefined) d.query = asContextable(query);
      return chain({}, { ...commonMethods(d), query: (q: unknown) => void (d.query = asContextable(q)) });
    },
    declare(config) {
      const d = start("declaration", isPlainObject(config) ? { ...config } : { name: config });
      return chain({}, { description: setter(d, "description"), columns: setter(d, "columns") });
    },
    test(name) {
      const d = start("test", { name });
      return chain({}, {
        dataset: setter(d, "dataset"),
        input: (ref: unknown, q: unknown) => void d.inputs.push({ ref, contextable: asContextable(q) }),
        expect: (q: unknown) => void (d.query = asContextable(q)),
        tags: setter(d, "tags"),
        disabled: setter(d, "disabled"),
      });
    },
  };
}
