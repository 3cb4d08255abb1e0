/**
 * Which Trino types a catalog can store, per the connector's write mapping. PostgreSQL (Trino's
 * docs, "Trino type to PostgreSQL type mapping", checked on the stack): ROW, MAP, TIME WITH TIME
 * ZONE and ARRAY (the connector's default `array-mapping=DISABLED`) fail with "Unsupported column
 * type"; timestamps keep at most 6 fractional digits (PostgreSQL's limit) and the connector rounds
 * finer ones silently, so Lakeform casts them to precision 6 in the statement, where it shows.
 */
import type { CatalogCapabilities, Column, StorableColumn } from "../../plan/dialect.js";
import { quoteIdentifier } from "./quote.js";

const PG_MAX_FRACTION = 6;

function impossible(c: Column, reason: string, fix: string): StorableColumn {
  return { ok: false, name: c.name, type: c.type, reason, fix };
}

function postgresql(c: Column): StorableColumn {
  const t = c.type.trim().toLowerCase();
  const col = quoteIdentifier(c.name);
  if (t.startsWith("row(")) {
    return impossible(c, "PostgreSQL has no ROW columns", `select its fields as columns (${col}.<field> AS ${c.name}_<field>) or store it as JSON: CAST(${col} AS JSON) AS ${col}`);
  }
  if (t.startsWith("map(")) return impossible(c, "PostgreSQL has no MAP columns", `store it as JSON: CAST(${col} AS JSON) AS ${col}`);
  if (t.startsWith("array(")) {
    return impossible(c, "the PostgreSQL connector writes no ARRAY columns (postgresql.array-mapping is DISABLED by default)", `store it as JSON: CAST(${col} AS JSON) AS ${col}, or as text: array_join(${col}, ',') AS ${col}`);
  }
  if (/^time\(\d+\) with time zone$|^time with time zone$/.test(t)) {
    return impossible(c, "the PostgreSQL connector cannot write TIME WITH TIME ZONE", `keep the local time: CAST(${col} AS time(6)) AS ${col}, or a timestamp with time zone`);
  }
  if (/^(interval|ipaddress|hyperloglog|p4hyperloglog|qdigest|tdigest|setdigest|geometry|sphericalgeography|color)\b/.test(t)) {
    return impossible(c, `PostgreSQL cannot hold Trino's ${t}`, `cast it to a storable type, e.g. CAST(${col} AS varchar) AS ${col}`);
  }
  const ts = /^timestamp\((\d+)\)( with time zone)?$/.exec(t);
  if (ts && Number(ts[1]) > PG_MAX_FRACTION) {
    const type = `timestamp(${PG_MAX_FRACTION})${ts[2] ?? ""}`;
    return { ok: true, name: c.name, type, cast: type, note: `${c.type} rounded to ${type}: PostgreSQL keeps microseconds at most` };
  }
  return { ok: true, name: c.name, type: c.type };
}

export function storableColumn(caps: CatalogCapabilities, c: Column): StorableColumn {
  return caps.columnTypes === "postgresql" ? postgresql(c) : { ok: true, name: c.name, type: c.type };
}
