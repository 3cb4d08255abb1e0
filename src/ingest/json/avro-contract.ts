/**
 * An Avro schema used as the contract of JSON messages: translated to the JSON Schema that
 * accepts the natural JSON of its records (not Avro's JSON encoding — unions are not wrapped),
 * so JSON streams have one validator and the bronze columns come out as the Avro path makes them:
 * int → INTEGER, long → BIGINT, float → REAL, bytes → VARBINARY (base64 text), enum → VARCHAR,
 * timestamp-millis/micros → epoch numbers in that unit, date → `YYYY-MM-DD`, decimal → a number
 * or a numeric string. Fields with an Avro `default` may be missing (the default fills them).
 */

type Avro = string | readonly Avro[] | { readonly [k: string]: unknown };
type JsonSchema = Record<string, unknown>;

const PRIMITIVES: Readonly<Record<string, JsonSchema>> = {
  null: { type: "null" },
  boolean: { type: "boolean" },
  int: { type: "integer", format: "int32" },
  long: { type: "integer" },
  float: { type: "number", format: "float" },
  double: { type: "number" },
  string: { type: "string" },
  bytes: { type: "string", contentEncoding: "base64" },
};

export class AvroContractError extends Error {}

export function avroToJsonSchema(avro: unknown): JsonSchema {
  const named = new Map<string, JsonSchema>();
  const convert = (t: Avro, ns: string | undefined): JsonSchema => {
    if (typeof t === "string") {
      const p = PRIMITIVES[t];
      if (p) return p;
      const n = named.get(t) ?? (ns ? named.get(`${ns}.${t}`) : undefined);
      if (!n) throw new AvroContractError(`unknown Avro type "${t}"`);
      return n;
    }
    if (Array.isArray(t)) {
      const branches = t.map((b) => convert(b as Avro, ns));
      return { anyOf: branches };
    }
    const o = t as { readonly [k: string]: unknown };
    const logical = o["logicalType"];
    if (logical === "timestamp-millis" || logical === "timestamp-micros") return { type: "integer", format: logical };
    if (logical === "date") return { type: "string", format: "date" };
    if (logical === "decimal") return { type: ["number", "string"], format: "decimal", precision: o["precision"], scale: o["scale"] ?? 0 };
    const type = o["type"];
    const register = (s: JsonSchema) => {
      const name = typeof o["name"] === "string" ? o["name"] : undefined;
      if (!name) return s;
      const space = typeof o["namespace"] === "string" ? o["namespace"] : ns;
      named.set(name, s);
      if (space && !name.includes(".")) named.set(`${space}.${name}`, s);
      return s;
    };
    switch (type) {
      case "record":
      case "error": {
        const fields = Array.isArray(o["fields"]) ? (o["fields"] as { name: string; type: Avro; default?: unknown }[]) : [];
        const s: JsonSchema = { type: "object", properties: {} as JsonSchema, required: [] as string[] };
        register(s); // before the fields: a field may name its own record
        const space = typeof o["namespace"] === "string" ? o["namespace"] : ns;
        for (const f of fields) {
          const fs = { ...convert(f.type, space) };
          if ("default" in f) fs["default"] = f.default;
          (s["properties"] as JsonSchema)[f.name] = fs;
          if (!("default" in f)) (s["required"] as string[]).push(f.name);
        }
        return s;
      }
      case "enum":
        return register({ type: "string", enum: o["symbols"] });
      case "fixed":
        return register({ type: "string", contentEncoding: "base64" });
      case "array":
        return { type: "array", items: convert(o["items"] as Avro, ns) };
      case "map":
        return { type: "object", additionalProperties: convert(o["values"] as Avro, ns) };
      default:
        if (typeof type === "string" || Array.isArray(type) || (typeof type === "object" && type !== null)) return convert(type as Avro, ns);
        throw new AvroContractError(`cannot read Avro type ${JSON.stringify(t).slice(0, 80)}`);
    }
  };
  return convert(avro as Avro, undefined);
}
