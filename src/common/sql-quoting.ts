/**
 * The quoting compile needs (ref() output, built-in assertion SQL). Compile does not import an
 * engine adapter; the caller passes the dialect's implementation (`adapters/trino/quote.ts`).
 */

import type { Target } from "./target.js";

export interface SqlQuoting {
  quoteIdentifier(name: string): string;
  quoteTarget(t: Target): string;
  quoteLiteral(value: string | number | boolean): string;
}
