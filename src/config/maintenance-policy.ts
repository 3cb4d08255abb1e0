/**
 * Iceberg maintenance policy (`lakeform maintain`): how often a table is compacted, how many
 * snapshots and how much history it keeps. Set for the project (`lakeform.iceberg.maintenance`
 * in the settings, with `layers: { <schema>: {...} }` per layer) and per model or declared table
 * (`iceberg: { maintenance: {...} | false }` in its config); the nearest one wins, key by key.
 */
import { z } from "zod";

export interface MaintenancePolicy {
  /** Compact at most this often (a duration: `1h`, `1d`); absent: whenever small files exist. */
  readonly optimizeEvery?: string;
  /** Never expire the newest N snapshots. */
  readonly retainSnapshots?: number;
  /** Expire snapshots, and remove orphan files, older than this (a duration). */
  readonly olderThan?: string;
  /** Files smaller than this are rewritten by `optimize`. */
  readonly fileSizeThreshold?: string;
  readonly removeOrphanFiles?: boolean;
}

export const DURATION = /^\d+(\.\d+)?\s*(ns|us|ms|s|m|h|d)$/;
export const DATA_SIZE = /^\d+(\.\d+)?\s*(B|kB|KB|MB|GB|TB|PB)$/;

export const DEFAULT_MAINTENANCE: Required<Omit<MaintenancePolicy, "optimizeEvery">> & Pick<MaintenancePolicy, "optimizeEvery"> = {
  retainSnapshots: 1,
  olderThan: "7d",
  fileSizeThreshold: "128MB",
  removeOrphanFiles: true,
};

const duration = z.string().regex(DURATION, 'a duration such as "30m", "12h" or "7d"');
export const maintenancePolicySchema = z.strictObject({
  optimizeEvery: duration.optional(),
  retainSnapshots: z.number().int().min(1).optional(),
  olderThan: duration.optional(),
  fileSizeThreshold: z.string().regex(DATA_SIZE, 'a size such as "128MB"').optional(),
  removeOrphanFiles: z.boolean().optional(),
});

/** A model's `iceberg.maintenance`: a policy, or `false` to leave the table alone. */
export const modelMaintenanceSchema = z.union([maintenancePolicySchema, z.literal(false)]);

export const projectMaintenanceSchema = maintenancePolicySchema.extend({
  layers: z.record(z.string().min(1), z.union([maintenancePolicySchema, z.literal(false)])).optional(),
});

export interface ProjectMaintenance {
  readonly policy: MaintenancePolicy;
  /** Canonical schema name → its policy (`false`: not maintained). */
  readonly layers: Readonly<Record<string, MaintenancePolicy | false>>;
}

/** `lakeform.iceberg.maintenance` of the settings; an error names the bad key. */
export function projectMaintenance(lakeform: Readonly<Record<string, unknown>>): ProjectMaintenance | { error: string } {
  const raw = (lakeform["iceberg"] as Record<string, unknown> | undefined)?.["maintenance"];
  if (raw === undefined) return { policy: {}, layers: {} };
  const r = projectMaintenanceSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0];
    return { error: `lakeform.iceberg.maintenance${i?.path.length ? `.${i.path.join(".")}` : ""}: ${i?.message ?? "invalid"}` };
  }
  const { layers, ...policy } = r.data;
  return { policy, layers: layers ?? {} };
}

const UNIT_MS: Readonly<Record<string, number>> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const UNIT_BYTES: Readonly<Record<string, number>> = { B: 1, kB: 1024, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4, PB: 1024 ** 5 };

export function durationMs(d: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)$/.exec(d);
  if (!m) throw new Error(`invalid duration "${d}"`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function dataSizeBytes(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(B|kB|KB|MB|GB|TB|PB)$/.exec(s);
  if (!m) throw new Error(`invalid data size "${s}"`);
  return Math.floor(Number(m[1]) * UNIT_BYTES[m[2]!]!);
}
