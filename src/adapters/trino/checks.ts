/** Validation of the values a statement splices that cannot be quoted (types, sizes, durations). */

// Trino type names: letters, digits, spaces, parentheses, commas, and quoted row field names.
const TYPE = /^[A-Za-z][A-Za-z0-9_ (),]*(?:"[^"]*"[A-Za-z0-9_ (),]*)*$/;

export function checked(value: string, re: RegExp, what: string): string {
  if (!re.test(value.trim())) throw new Error(`invalid ${what}: ${JSON.stringify(value)}`);
  return value.trim();
}

export function checkedType(type: string): string {
  return checked(type, TYPE, "column type");
}

/** Trino rejects a trailing `;` in a statement sent over the client protocol. */
export function stripStatement(sql: string): string {
  return sql.trim().replace(/(;\s*)+$/, "").trim();
}
