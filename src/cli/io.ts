import type { Writable } from 'node:stream';

/** Where a command writes and from where it resolves relative paths. */
export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  cwd: string;
}

/** Writes one line. */
export function println(stream: Writable, line = ''): void {
  stream.write(`${line}\n`);
}

/** Writes a value as stable, indented JSON (the `--json` contract of DESIGN 5.2). */
export function printJson(stream: Writable, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligns rows under a header, for terminals. */
export function printTable(stream: Writable, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  println(stream, line(header));
  for (const row of rows) println(stream, line(row));
}
