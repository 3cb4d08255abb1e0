/** How the ingester reports; the CLI decides where lines go (stderr, JSON, …). */
export type IngestLogLevel = "debug" | "info" | "warn" | "error";
export type IngestLogger = (level: IngestLogLevel, message: string, fields?: Readonly<Record<string, unknown>>) => void;

export const silentLogger: IngestLogger = () => {};
