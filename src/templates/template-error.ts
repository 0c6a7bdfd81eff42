/**
 * Errors of the template layer. A broken template file is a `TemplateError` that names the file
 * (and the line when handlebars knows it), so that a start fails with something a desk manager can
 * fix; bad data from the code is a `TemplateDataError` naming the fields.
 */
import type { z } from 'zod';

/** A template file that cannot be read, compiled or rendered. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  readonly file: string;
  /** 1-based, when known. */
  readonly line: number | null;
  /** 1-based, when known. */
  readonly column: number | null;

  constructor(file: string, message: string, position: { line?: number | null; column?: number | null; cause?: unknown } = {}) {
    const line = position.line ?? null;
    const column = position.column ?? null;
    const where = line === null ? file : column === null ? `${file}:${line}` : `${file}:${line}:${column}`;
    super(`${where}: ${message}`, position.cause === undefined ? undefined : { cause: position.cause });
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /**
   * Wraps whatever handlebars threw while parsing, compiling or running `file`. An error that is
   * already a TemplateError (thrown in a partial) keeps the innermost file.
   */
  static from(file: string, error: unknown): TemplateError {
    if (error instanceof TemplateError) return error;
    const e = error as { message?: unknown; lineNumber?: unknown; column?: unknown };
    let message = typeof e.message === 'string' ? e.message : String(error);
    let line = typeof e.lineNumber === 'number' ? e.lineNumber : null;
    // handlebars columns count from 0; editors from 1.
    const column = typeof e.column === 'number' ? e.column + 1 : null;
    // handlebars strict mode: `"custmerName" not defined in [object Object] - 3:4`.
    const notDefined = /^"([^"]+)" not defined in .*? - \d+:\d+$/s.exec(message);
    if (notDefined) message = `variable "${notDefined[1]}" is not defined`;
    // Parse errors carry their line in the text only: `Parse error on line 3:`.
    const parse = /^Parse error on line (\d+):/.exec(message);
    if (parse && line === null) line = Number(parse[1]);
    message = message.replace(/ - \d+:\d+$/, '');
    return new TemplateError(file, message, { line, column, cause: error });
  }
}

/** Data passed to `render` that does not match the template's schema. */
export class TemplateDataError extends Error {
  override readonly name = 'TemplateDataError';
  readonly template: string;
  /** The offending fields, as dotted paths (`links.faq`). */
  readonly fields: string[];

  constructor(template: string, issues: readonly z.core.$ZodIssue[]) {
    const fields = issues.map((i) => i.path.map(String).join('.') || '(data)');
    const details = issues.map((i, n) => `${fields[n]}: ${i.message}`).join('; ');
    super(`invalid data for template "${template}": ${details}`);
    this.template = template;
    this.fields = fields;
  }
}
