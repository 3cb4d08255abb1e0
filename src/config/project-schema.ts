/**
 * The two accepted project settings files: Dataform v2's `dataform.json` and Dataform v3's
 * `workflow_settings.yaml`. Both map to one `ProjectSettings`. Unknown keys are errors;
 * `lakeform` is a passthrough object owned by the other subsystems (connection, stack).
 */

import { z } from "zod";

const vars = z.record(z.string(), z.string());
const lakeform = z.record(z.string(), z.unknown());
// Part of every schema/table name: identifier characters only (as the CLI flags).
const namePart = z.string().regex(/^[A-Za-z0-9_]*$/, "use letters, digits and _ only");

export const dataformJsonSchema = z.strictObject({
  warehouse: z.literal("trino", { error: 'Lakeform targets Trino: set "warehouse": "trino"' }).optional(),
  defaultDatabase: z.string().min(1).optional(),
  defaultSchema: z.string().min(1).optional(),
  assertionSchema: z.string().min(1).optional(),
  vars: vars.optional(),
  schemaSuffix: namePart.optional(),
  tablePrefix: namePart.optional(),
  // Accepted so Dataform projects load unchanged; meaningless on Trino.
  defaultLocation: z.string().optional(),
  lakeform: lakeform.optional(),
});

export const workflowSettingsSchema = z.strictObject({
  dataformCoreVersion: z.string().optional(),
  defaultProject: z.string().min(1).optional(),
  defaultDataset: z.string().min(1).optional(),
  defaultAssertionDataset: z.string().min(1).optional(),
  defaultLocation: z.string().optional(),
  vars: vars.optional(),
  datasetSuffix: namePart.optional(),
  namePrefix: namePart.optional(),
  lakeform: lakeform.optional(),
});

export const settingsKeyHints: Readonly<Record<string, string>> = {
  databaseSuffix: "catalog suffixes are not supported on Trino; use schemaSuffix",
  projectSuffix: "catalog suffixes are not supported on Trino; use datasetSuffix",
  defaultCatalog: 'the Trino catalog is "defaultDatabase" (dataform.json) / "defaultProject" (workflow_settings.yaml)',
};

/** The two settings files a project may have (Dataform v2 and v3). */
export type SettingsFileName = "dataform.json" | "workflow_settings.yaml";
