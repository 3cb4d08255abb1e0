// Type conversions from bronze (Avro as landed by the ingester) to silver.

// Epoch milliseconds (Avro `long`) → timestamp(6) with time zone, in UTC, exact to the ms.
// Used for metadata_evento.timestamp_geracao_evento. If a bronze table stores
// data_solicitacao as raw millis (the seed's Spark job did), use this for it too.
//
// A producer may send any long. from_unixtime_nanos takes bigint nanoseconds, so only
// |ms| <= EPOCH_MS_MAX (years 1677–2262) can be converted; above it the `* 1000000` failed the
// whole statement ("bigint multiplication overflow", NUMERIC_VALUE_OUT_OF_RANGE) and one record
// blocked every run. Out of range gives NULL instead, and silver flags the record
// (EVENTO_GERADO_EM_INVALIDO in includes/validacao.js): the row is kept, the run goes on.
const EPOCH_MS_MAX = 9223372036854; // floor((2^63 - 1) / 10^6)

function epochMillisParaTimestamp(col) {
  return `CASE WHEN ${col} BETWEEN -${EPOCH_MS_MAX} AND ${EPOCH_MS_MAX} THEN CAST(from_unixtime_nanos(CAST(${col} AS bigint) * 1000000) AS timestamp(6) with time zone) END`;
}

// A timestamp-millis logical type already lands as timestamp(6) with time zone; the cast
// pins silver's column type whatever precision bronze uses.
function paraTimestampTz(col) {
  return `CAST(${col} AS timestamp(6) with time zone)`;
}

// The instant this statement runs. Trino evaluates current_timestamp once per query, so all
// rows of one run (and both sides of a unit test's comparison) get the same value.
const AGORA = "CAST(current_timestamp AS timestamp(6) with time zone)";

module.exports = { EPOCH_MS_MAX, epochMillisParaTimestamp, paraTimestampTz, AGORA };
