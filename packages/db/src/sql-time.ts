// Timestamps are `timestamp(3) without time zone` holding UTC (Prisma's
// convention). Raw SQL converts explicitly, so the session's TimeZone
// setting never shifts a value.

/** SQL for a parameter holding epoch milliseconds, as a UTC timestamp. */
export const tsParam = (param: string): string => `(to_timestamp(${param}::float8 / 1000) AT TIME ZONE 'UTC')`;

/** SQL selecting a timestamp column as epoch milliseconds (null stays null). */
export const epochMs = (column: string): string => `(extract(epoch from (${column} AT TIME ZONE 'UTC')) * 1000)::float8`;
