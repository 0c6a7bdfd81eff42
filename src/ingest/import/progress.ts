import path from 'node:path';
import cliProgress from 'cli-progress';
import type { StoreOutcome } from '../store-outcome.ts';
import type { ImportError, ImportProgress, ImportSummary, ProgressUnit } from './import-summary.ts';

/**
 * How `guichet import` shows its progress: a cli-progress bar on a terminal, plain lines
 * elsewhere (a log file, CI, a pipe), where escape codes and carriage returns would be noise.
 */

/** Knobs for the plain (non-TTY) output; tests shorten them and inject a clock. */
export interface ImportProgressOptions {
  /** A plain line at least every this many messages. Default 100. */
  everyMessages?: number;
  /** ...or when this much time passed since the last line. Default 2000. */
  everyMs?: number;
  now?: () => number;
}

/**
 * Creates the progress display for `stream` (normally process.stderr, keeping stdout for the
 * command's result): a bar with rate and ETA when `stream.isTTY`, plain lines otherwise.
 */
export function createImportProgress(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
  options: ImportProgressOptions = {},
): ImportProgress {
  const now = options.now ?? Date.now;
  return stream.isTTY === true ? new BarProgress(stream, now) : new LineProgress(stream, now, options.everyMessages ?? 100, options.everyMs ?? 2000);
}

/** The state of the path being imported, shared by both displays. */
interface PathState {
  name: string;
  unit: ProgressUnit;
  total: number;
  done: number;
  messages: number;
  startedAt: number;
}

function newPath(file: string, unit: ProgressUnit, total: number, now: number): PathState {
  return { name: path.basename(file) || file, unit, total, done: 0, messages: 0, startedAt: now };
}

/** A terminal bar: one per path, restarted for the next one. */
class BarProgress implements ImportProgress {
  private readonly stream: NodeJS.WritableStream;
  private readonly now: () => number;
  private readonly startedAt: number;
  private bar: cliProgress.SingleBar | null = null;
  private current: PathState | null = null;

  constructor(stream: NodeJS.WritableStream, now: () => number) {
    this.stream = stream;
    this.now = now;
    this.startedAt = now();
  }

  beginPath(file: string, unit: ProgressUnit, total: number): void {
    this.stopBar();
    this.current = newPath(file, unit, total, this.now());
    this.bar = new cliProgress.SingleBar({
      stream: this.stream,
      format: '{name} [{bar}] {percentage}% {amount} {rate} msg/s ETA {eta_formatted}',
      barsize: 20,
      emptyOnZero: true,
      etaBuffer: 100,
      // No terminal state to restore and no signal handlers: cli-progress's SIGINT handler would
      // swallow Ctrl-C (stop the bar, keep importing), and a hidden cursor or disabled line wrap
      // would outlive a killed import.
      hideCursor: false,
      linewrap: true, // trims each redraw to the terminal width instead of disabling wrap
      gracefulExit: false,
    });
    this.bar.start(total, 0, this.payload());
  }

  message(_outcome: StoreOutcome['status'], done: number): void {
    if (!this.current || !this.bar) return;
    this.current.done = done;
    this.current.messages++;
    this.bar.update(done, this.payload());
  }

  endPath(): void {
    this.stopBar();
  }

  error(error: ImportError): void {
    // A bar redraws over whatever is written under it: never write while one is running.
    this.stopBar();
    this.stream.write(`error: ${error.message}\n`);
  }

  end(summary: Readonly<ImportSummary>): void {
    this.stopBar();
    this.stream.write(`${summaryLine(summary, this.now() - this.startedAt)}\n`);
  }

  private payload(): Record<string, string> {
    const state = this.current;
    if (!state) return {};
    // Short, so that the counters and ETA survive the trim to an 80-column terminal.
    const name = state.name.length > 24 ? `…${state.name.slice(-23)}` : state.name;
    const shown = state.unit === 'bytes' ? `${state.messages} msg ${formatBytes(state.done)}/${formatBytes(state.total)}` : `${state.done}/${state.total} msg`;
    return { name, amount: shown, rate: rate(state, this.now()) };
  }

  private stopBar(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/** Plain lines: at a path's start, every N messages or T ms, at its end, and a final summary. */
class LineProgress implements ImportProgress {
  private readonly stream: NodeJS.WritableStream;
  private readonly now: () => number;
  private readonly everyMessages: number;
  private readonly everyMs: number;
  private readonly startedAt: number;
  private current: PathState | null = null;
  private lastLineAt = 0;
  private lastLineMessages = 0;

  constructor(stream: NodeJS.WritableStream, now: () => number, everyMessages: number, everyMs: number) {
    this.stream = stream;
    this.now = now;
    this.everyMessages = everyMessages;
    this.everyMs = everyMs;
    this.startedAt = now();
  }

  beginPath(file: string, unit: ProgressUnit, total: number): void {
    this.closePath();
    this.current = newPath(file, unit, total, this.now());
    this.lastLineAt = this.current.startedAt;
    this.lastLineMessages = 0;
    this.stream.write(`importing ${file} (${unit === 'bytes' ? formatBytes(total) : `${total} messages`})\n`);
  }

  message(_outcome: StoreOutcome['status'], done: number, summary: Readonly<ImportSummary>): void {
    const state = this.current;
    if (!state) return;
    state.done = done;
    state.messages++;
    const at = this.now();
    if (state.messages - this.lastLineMessages >= this.everyMessages || at - this.lastLineAt >= this.everyMs) {
      this.progressLine(summary, at);
    }
  }

  endPath(summary: Readonly<ImportSummary>): void {
    this.closePath(summary);
  }

  error(error: ImportError): void {
    this.stream.write(`error: ${error.message}\n`);
  }

  end(summary: Readonly<ImportSummary>): void {
    this.closePath(summary);
    this.stream.write(`${summaryLine(summary, this.now() - this.startedAt)}\n`);
  }

  /** Ends the current path with a line showing where it got to, unless the last line already did. */
  private closePath(summary?: Readonly<ImportSummary>): void {
    if (this.current && this.current.messages !== this.lastLineMessages) this.progressLine(summary ?? null, this.now());
    this.current = null;
  }

  private progressLine(summary: Readonly<ImportSummary> | null, at: number): void {
    const state = this.current;
    if (!state) return;
    const counts = summary ? `, ${summary.stored} stored, ${summary.duplicate} duplicate, ${summary.quarantined} quarantined` : '';
    this.stream.write(`  ${state.name}: ${amount(state)} (${percent(state)})${counts}, ${rate(state, at)} msg/s\n`);
    this.lastLineAt = at;
    this.lastLineMessages = state.messages;
  }
}

function amount(state: PathState): string {
  return state.unit === 'bytes'
    ? `${formatBytes(state.done)}/${formatBytes(state.total)}, ${state.messages} messages`
    : `${state.done}/${state.total} messages`;
}

function percent(state: PathState): string {
  return state.total === 0 ? '100%' : `${Math.floor((state.done / state.total) * 100)}%`;
}

function rate(state: PathState, at: number): string {
  const seconds = (at - state.startedAt) / 1000;
  return seconds <= 0 ? '-' : (state.messages / seconds).toFixed(0);
}

/** The last line of an import, e.g. `imported 120 messages (3.2 MiB) in 4.1 s: 118 stored, ...`. */
export function summaryLine(summary: Readonly<ImportSummary>, elapsedMs: number): string {
  return (
    `imported ${summary.messages} messages (${formatBytes(summary.bytes)}) in ${(elapsedMs / 1000).toFixed(1)} s: ` +
    `${summary.stored} stored, ${summary.duplicate} duplicate, ${summary.quarantined} quarantined, ${summary.failed} failed`
  );
}

/** Binary units with one decimal: `512 B`, `3.2 KiB`, `1.0 GiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
