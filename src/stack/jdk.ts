import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LakeformError } from "../common/errors.js";

/** Major version from a JDK's `release` file (`JAVA_VERSION="25.0.1"` → 25). */
function majorOf(home: string): number | undefined {
  try {
    const m = /JAVA_VERSION="(\d+)/.exec(readFileSync(join(home, "release"), "utf8"));
    return m?.[1] ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

function candidates(env: NodeJS.ProcessEnv): string[] {
  const list: string[] = [];
  for (const k of ["LAKEFORM_JAVA_HOME", "JAVA_HOME"]) if (env[k]) list.push(env[k]!);
  for (const root of ["/usr/lib/jvm", "/opt/java", "/opt"]) {
    try {
      for (const d of readdirSync(root)) list.push(join(root, d));
    } catch {
      /* not there */
    }
  }
  return list.filter((h) => existsSync(join(h, "bin", "java")));
}

/**
 * A JDK whose major version is within [min, max]. Trino 476 needs ≥ 24 (it refuses older ones at
 * start-up); Kafka 3.9 is run on 17, its tested LTS.
 */
export function findJdk(min: number, max = 99, env: NodeJS.ProcessEnv = process.env): { home: string; major: number } {
  const found = candidates(env)
    .map((home) => ({ home, major: majorOf(home) ?? 0 }))
    .filter((j) => j.major >= min && j.major <= max)
    .sort((a, b) => b.major - a.major);
  const best = found[0];
  if (!best) {
    throw new LakeformError("stack", `no JDK ${min}${max < 99 ? `–${max}` : "+"} found under /usr/lib/jvm or $JAVA_HOME`, {
      hint: min >= 24 ? "install Temurin 25 (or set LAKEFORM_JAVA_HOME to a JDK ≥ 24)" : "install openjdk-17-jdk-headless",
    });
  }
  return best;
}
