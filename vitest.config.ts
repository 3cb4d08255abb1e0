import { defineConfig } from "vitest/config";

// Two tiers: `unit` (pure, no network) and `integration` (real Trino/Iceberg/MinIO/Kafka,
// started by tests/integration/global-setup.ts through `lakeform stack up`).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/unit/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts", "tests/e2e/**/*.test.ts"],
          globalSetup: ["tests/integration/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 900_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
