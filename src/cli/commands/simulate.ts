import { resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import { runSimulate } from "../../simulate/run-simulate.js";
import { helpFooter } from "../options.js";

function count(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("expected a non-negative integer");
  return n;
}

function positive(v: string): number {
  const n = Number(v);
  if (!(n > 0)) throw new InvalidArgumentError("expected a positive number");
  return n;
}

function share(v: string): number {
  const n = Number(v);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("expected a share between 0 and 1");
  return n;
}

export function registerSimulate(program: Command): void {
  const cmd = program.command("simulate");
  helpFooter(cmd, { examples: ["lakeform simulate dados_produtores --count 5000", "lakeform simulate dados_produtores --rate 200 --seed 7", "lakeform simulate leituras_clima examples/clima --count 1728"], exitCodes: [0, 1, 2] });
  cmd
    .description("produce realistic simulated events to a stream's Kafka topic (Confluent-framed Avro; JSON weather readings for examples/clima)")
    .argument("<stream>", "stream name (simulators: dados_produtores, leituras_clima)")
    .argument("[project-dir]", "the project folder (with dataform.json or workflow_settings.yaml)", ".")
    .option("-n, --count <n>", "number of messages", count, 1000)
    .option("--rate <msgs-per-second>", "throttle to this rate (default: as fast as possible)", positive)
    .option("--seed <n>", "random seed (same seed, same events)", count, 42)
    .option("--bad-share <share>", "share of bad events (null required fields, negative areas, scores out of range, garbage bytes)", share, 0.05)
    .option("--old-schema-share <share>", "share of events written with the oldest schema version", share, 0.2)
    .option("--partitions <n>", "partitions when the topic is created", count, 3)
    .option("--topic <name>", "produce to this topic instead of the stream's")
    .option("--json", "print the summary as JSON")
    .action(
      async (
        stream: string,
        projectDir: string,
        opts: { count: number; rate?: number; seed: number; badShare: number; oldSchemaShare: number; partitions: number; topic?: string; json?: boolean },
      ) => {
        const s = await runSimulate({
          projectDir: resolve(projectDir),
          stream,
          count: opts.count,
          rate: opts.rate,
          seed: opts.seed,
          badShare: opts.badShare,
          oldSchemaShare: opts.oldSchemaShare,
          partitions: opts.partitions,
          topic: opts.topic,
          log: (m) => process.stderr.write(`${m}\n`),
        });
        if (opts.json) process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        else
          process.stdout.write(
            `${s.produced} messages → ${s.topic}: ${s.bronze} good, ${s["bronze-invalid"]} landing in bronze but invalid for silver, ${s["dead-letter"]} for the dead-letter table\n`,
          );
      },
    );
}
