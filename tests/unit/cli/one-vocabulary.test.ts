import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { registerCommands } from "../../../src/cli/commands/index.js";

// The CLI reads as one tool: every command and subcommand, as registered for `lakeform --help`.
const program = new Command().name("lakeform");
await registerCommands(program, []);
const all = (c: Command): Command[] => c.commands.flatMap((s) => [s, ...all(s)]);
const commands = all(program);
const name = (c: Command): string => (c.parent && c.parent !== program ? `${c.parent.name()} ${c.name()}` : c.name());
const helpOf = (c: Command): string => {
  let text = "";
  c.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  c.outputHelp();
  return text;
};

describe("one CLI vocabulary", () => {
  it("registers the commands", () => {
    expect(commands.map(name)).toEqual(expect.arrayContaining(["compile", "plan", "run", "test", "ingest", "lineage", "dashboards", "sql", "stack"]));
  });

  it("every command's --help ends with examples and its exit codes", () => {
    const top = commands.filter((c) => c.parent === program);
    expect(top.filter((c) => !/\nExamples:\n {2}lakeform /.test(helpOf(c)) || !/\nExit codes:\n {2}0 /.test(helpOf(c))).map(name)).toEqual([]);
  });

  it("a short flag means the same long flag in every command", () => {
    const meaning = new Map<string, Set<string>>();
    for (const c of commands) for (const o of c.options) if (o.short && o.long) meaning.set(o.short, new Set([...(meaning.get(o.short) ?? []), o.long]));
    expect([...meaning].filter(([, longs]) => longs.size > 1).map(([s, longs]) => `${s}: ${[...longs].join(", ")}`)).toEqual([]);
    expect(meaning.size).toBeGreaterThan(0);
  });

  it("a long flag takes the same kind of value everywhere (numbers parsed, defaults shown as numbers)", () => {
    const numeric = commands.flatMap((c) => c.options.filter((o) => o.long === "--concurrency").map((o) => [name(c), o.defaultValue]));
    expect(numeric.length).toBeGreaterThan(1);
    expect(numeric.filter(([, v]) => typeof v !== "number")).toEqual([]);
    const quotedNumbers = commands.filter((c) => /\(default: "\d+(\.\d+)?"\)/.test(helpOf(c))).map(name);
    expect(quotedNumbers).toEqual([]);
  });

  it("the project folder is the same argument wherever a command takes it", () => {
    const descriptions = new Set(commands.flatMap((c) => c.registeredArguments.filter((a) => a.name() === "project-dir").map((a) => `${a.description} | ${String(a.defaultValue)}`)));
    expect([...descriptions]).toHaveLength(1);
  });
});
