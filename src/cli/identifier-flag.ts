/**
 * `--schema-suffix` / `--table-prefix` become part of every schema and table name. They are
 * quoted correctly, but a value like `a"; drop` would still create a schema `gold_a"; drop`:
 * only identifier characters are accepted, so environments get names anyone can type.
 */

import { LakeformError } from "../common/errors.js";

const IDENTIFIER_PART = /^[A-Za-z0-9_]*$/;

/** The value itself, or a usage error (exit 2) naming the flag and the first bad character. */
export function identifierFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined || IDENTIFIER_PART.test(value)) return value;
  const bad = [...value].find((c) => !IDENTIFIER_PART.test(c)) ?? "";
  throw new LakeformError("usage", `${flag} ${JSON.stringify(value)}: ${JSON.stringify(bad)} is not allowed in a schema or table name`, {
    hint: `use letters, digits and _ only, e.g. ${flag} ${value.replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "") || "dev"}`,
  });
}
