import type { StoreOutcome } from '../store-outcome.ts';

/**
 * The vocabulary shared by `guichet import`'s core (import-paths.ts) and its display
 * (progress.ts), kept apart so that the display does not depend on the importer.
 */

/** What one `guichet import` run did. The caller exits non-zero when `failed > 0`. */
export interface ImportSummary {
  /** Messages handed to the store, whatever the outcome. */
  messages: number;
  stored: number;
  duplicate: number;
  quarantined: number;
  /** Failures: paths that could not be read, and messages the store refused (each in `errors`). */
  failed: number;
  /** Total size of the messages handed to the store. */
  bytes: number;
  errors: ImportError[];
}

/** One failure, naming the path (and the message index within an mbox) it concerns. */
export interface ImportError {
  path: string;
  index: number | null;
  message: string;
}

/**
 * How a path's progress is measured: by message count when the count is known up front (one file
 * per message), by bytes read for an mbox, whose message count is only known by reading it all.
 */
export type ProgressUnit = 'messages' | 'bytes';

/** Receives the import's progress; createImportProgress renders it for a terminal or a log. */
export interface ImportProgress {
  /** A path starts; `total` is in `unit` (a file count, or the mbox's size in bytes). */
  beginPath(path: string, unit: ProgressUnit, total: number): void;
  /** A message was handed to the store; `done` is the progress in the path's unit. */
  message(outcome: StoreOutcome['status'], done: number, summary: Readonly<ImportSummary>): void;
  /** The path started by beginPath is over (completely, or stopped by the error reported next). */
  endPath(summary: Readonly<ImportSummary>): void;
  /** A failure, already counted in the summary. */
  error(error: ImportError): void;
  /** The run is over (prints the final line). */
  end(summary: Readonly<ImportSummary>): void;
}

/** A summary with everything at zero. */
export function emptySummary(): ImportSummary {
  return { messages: 0, stored: 0, duplicate: 0, quarantined: 0, failed: 0, bytes: 0, errors: [] };
}
