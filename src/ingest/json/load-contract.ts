/** Reads a JSON stream's contract file: a JSON Schema, or an Avro schema read as one. */
import { readFileSync } from "node:fs";
import { avroToJsonSchema } from "./avro-contract.js";
import { compileJsonContract, type ContractOptions, type JsonContract } from "./contract.js";

export type ContractKind = "jsonSchema" | "avro";

/** `.avsc` files are Avro unless the stream says otherwise. */
export function contractKind(file: string, declared: ContractKind | undefined): ContractKind {
  return declared ?? (/\.avsc$/i.test(file) ? "avro" : "jsonSchema");
}

/** Throws (with a message fit for a diagnostic) when the file is not JSON or not a usable schema. */
export function loadJsonContract(absFile: string, kind: ContractKind, options: ContractOptions): JsonContract {
  const text = readFileSync(absFile, "utf8");
  let schema: unknown;
  try {
    schema = JSON.parse(text);
  } catch (e) {
    throw new Error(`not JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  return compileJsonContract(kind === "avro" ? avroToJsonSchema(schema) : schema, options);
}
