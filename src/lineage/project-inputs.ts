/**
 * Gathers what lineage is computed from: the compiled graph and the project's streams.
 * The only I/O here is reading the project's files (through the compiler and stream loader).
 */
import { basename } from "node:path";
import { trinoQuoting } from "../adapters/trino/quote.js";
import { compileProject } from "../compile/compile.js";
import type { CompileResult } from "../compile/graph.js";
import type { Diagnostic } from "../common/errors.js";
import { loadStreams } from "../ingest/streams.js";
import type { SettingsOverrides } from "../config/project.js";
import { lineageFileStreams, lineageStreams } from "./streams.js";
import { loadFileStreams } from "../ingest/files/load.js";
import type { LineageStream } from "./types.js";

export interface ProjectInputs {
  readonly project: string;
  readonly compiled: CompileResult;
  readonly streams: readonly LineageStream[];
  readonly diagnostics: readonly Diagnostic[];
}

export function loadProjectInputs(projectDir: string, overrides?: SettingsOverrides): ProjectInputs {
  const compiled = compileProject(projectDir, { quoting: trinoQuoting, ...(overrides ? { overrides } : {}) });
  const loaded = loadStreams(projectDir);
  const files = loadFileStreams(projectDir);
  return {
    project: basename(projectDir),
    compiled,
    streams: [...lineageStreams(loaded.streams), ...lineageFileStreams(files.streams)],
    diagnostics: [...compiled.diagnostics, ...loaded.diagnostics, ...files.diagnostics],
  };
}
