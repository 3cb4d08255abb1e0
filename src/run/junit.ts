/** JUnit XML for CI: one test case per action (checks and builds), failures with their reason. */
import type { ActionOutcome, RunSummary } from "./events.js";

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

function seconds(o: ActionOutcome): string {
  return ((Date.parse(o.endedAt) - Date.parse(o.startedAt)) / 1000).toFixed(3);
}

function testcase(o: ActionOutcome): string {
  const name = esc(o.action.key);
  const cls = esc(`lakeform.${o.action.kind}`);
  const head = `    <testcase classname="${cls}" name="${name}" file="${esc(o.action.file)}" time="${seconds(o)}">`;
  const detail = [o.error ?? o.reason ?? "", ...(o.sample?.length ? ["sample of failing rows:", ...o.sample.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)))] : [])].join("\n");
  switch (o.status) {
    case "failed":
      return `${head}\n      <failure message="${esc(o.error ?? o.reason ?? "failed")}" type="${o.action.kind}">${esc(detail)}</failure>\n    </testcase>`;
    case "skipped":
    case "cancelled":
      return `${head}\n      <skipped message="${esc(o.reason ?? o.status)}"/>\n    </testcase>`;
    case "warning":
      return `${head}\n      <system-out>${esc(`WARNING (not blocking): ${detail}`)}</system-out>\n    </testcase>`;
    case "success":
      return `${head}</testcase>`;
  }
}

export function junitXml(suiteName: string, summary: RunSummary): string {
  const o = summary.outcomes;
  const failures = o.filter((x) => x.status === "failed").length;
  const skipped = o.filter((x) => x.status === "skipped" || x.status === "cancelled").length;
  const time = ((Date.parse(summary.endedAt) - Date.parse(summary.startedAt)) / 1000).toFixed(3);
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="lakeform" tests="${o.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}">`,
    `  <testsuite name="${esc(suiteName)}" tests="${o.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time}" timestamp="${summary.startedAt}">`,
    ...o.map(testcase),
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
