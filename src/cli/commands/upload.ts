import { resolve } from "node:path";
import type { Command } from "commander";
import { resolveConnections } from "../../config/connection.js";
import { uploadFiles } from "../../ingest/files/upload.js";
import { helpFooter } from "../options.js";
import { printJson } from "../output.js";

export function registerUpload(program: Command): void {
  const cmd = program.command("upload").description("put local files into a file landing's prefix (streams/<name>.yaml with source: files); `lakeform ingest` lands them");
  helpFooter(cmd, {
    notes: "The object key is the landing prefix plus the file name: uploading an unchanged file again writes the same\nobject version, which ingest lands once; a changed file is a new version and is landed again.",
    examples: ["lakeform upload vendas data/vendas-2024-01.csv", "lakeform upload vendas data/*.csv --json", "lakeform upload vendas export.csv --as 2024-05/vendas.csv -p path/to/project"],
    exitCodes: [0, 1, 2],
  });
  cmd
    .argument("<stream>", "the file landing's stream name")
    .argument("<files...>", "local files to upload")
    .option("-p, --project <dir>", "project directory whose dataform.json holds connection settings", ".")
    .option("--as <key>", "object name under the prefix (one file only; default: the file's name)")
    .option("--json", "print [{file, key, uri, etag, bytes}] as JSON")
    .action(async (stream: string, files: string[], opts: { project: string; as?: string; json?: boolean }) => {
      const projectDir = resolve(opts.project);
      const conn = resolveConnections(projectDir);
      const done = await uploadFiles({ projectDir, stream, files: files.map((f) => resolve(f)), s3: conn.s3, as: opts.as });
      if (opts.json) printJson(done.map((u) => ({ ...u, file: files[done.indexOf(u)] ?? u.file })));
      else for (const [i, u] of done.entries()) process.stdout.write(`${u.uri}  (${files[i] ?? u.file}, ${u.bytes} bytes, etag ${u.etag})\n`);
    });
}
