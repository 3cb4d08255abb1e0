/** Pinned versions of everything the native stack installs (one place to bump them). */
export const VERSIONS = {
  /** Newest Trino whose server artifacts are on Maven Central; needs JDK ≥ 24. */
  trino: "476",
  /**
   * Trino's PostgreSQL connector: 476 is not on the Maven mirror we reach (its newest build there is
   * 449), so the stack runs 449 behind a small SPI adapter (infra/trino/postgresql-spi-adapter).
   */
  trinoPostgresql: "449",
  kafka: "3.9.2",
  /**
   * MinIO is source-only now. The Go proxy refuses the release tag
   * (`RELEASE.2025-10-15T17-29-55Z: 403 Forbidden — This module version is not available`),
   * so we pin the newest pseudo-version it does serve (master, 2026-02-12).
   */
  minio: "v0.0.0-20260212201848-7aac2a2c5b7c",
  versitygw: "v1.7.0",
} as const;

export const MAVEN_CENTRAL = "https://repo1.maven.org/maven2";

export function mavenUrl(group: string, artifact: string, version: string, ext: string): string {
  return `${MAVEN_CENTRAL}/${group.replaceAll(".", "/")}/${artifact}/${version}/${artifact}-${version}.${ext}`;
}
