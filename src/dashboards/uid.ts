import { createHash } from "node:crypto";

/** Grafana uids are at most 40 characters of [A-Za-z0-9_-]; long names keep a hash suffix. */
export function dashboardUid(prefix: string, name: string): string {
  const slug = `${prefix}-${name}`.toLowerCase().replace(/[^a-z0-9_-]+/g, "-").replace(/-+/g, "-").replace(/^-|-$/g, "");
  if (slug.length <= 40) return slug;
  const hash = createHash("sha256").update(slug).digest("hex").slice(0, 8);
  return `${slug.slice(0, 31).replace(/-$/, "")}-${hash}`;
}

export function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
