// Type conversions from bronze (Avro as landed by the ingester) to silver.

// Epoch milliseconds (Avro `long`) → timestamp(6) with time zone, in UTC, exact to the ms.
// Used for metadata_evento.timestamp_geracao_evento. If a bronze table stores
// data_solicitacao as raw millis (the seed's Spark job did), use this for it too.
function epochMillisParaTimestamp(col) {
  return `CAST(from_unixtime_nanos(CAST(${col} AS bigint) * 1000000) AS timestamp(6) with time zone)`;
}

// A timestamp-millis logical type already lands as timestamp(6) with time zone; the cast
// pins silver's column type whatever precision bronze uses.
function paraTimestampTz(col) {
  return `CAST(${col} AS timestamp(6) with time zone)`;
}

// The instant this statement runs. Trino evaluates current_timestamp once per query, so all
// rows of one run (and both sides of a unit test's comparison) get the same value.
const AGORA = "CAST(current_timestamp AS timestamp(6) with time zone)";

module.exports = { epochMillisParaTimestamp, paraTimestampTz, AGORA };
