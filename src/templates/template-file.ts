/**
 * One template file, as a desk manager writes it (templates/README.md): for a message, the first
 * line is `Subject: …` and the rest is the body, in the markup of markup.ts; a layout or a partial
 * is a body only. The body is parsed twice — once as is for the text part, once with the
 * template's own text HTML-escaped for the HTML part — and the data is escaped by handlebars in
 * the HTML part only.
 */
import Handlebars from 'handlebars';
import { escapeTextNode } from './markup.ts';
import type { RenderMode } from './helpers.ts';
import { TemplateError } from './template-error.ts';

export interface TemplateSource {
  /** The file, as reported in errors. */
  file: string;
  /** The subject line's template (without `Subject:`), or null for a layout or a partial. */
  subject: string | null;
  /**
   * The body's template. For a message the subject line is replaced by an empty comment, so that
   * handlebars' line numbers are the file's.
   */
  body: string;
}

const SUBJECT = /^Subject:[ \t]*(.*)$/;

/** Splits a file's text; `withSubject` for messages (layout and partials have no subject). */
export function readTemplateSource(file: string, text: string, withSubject: boolean): TemplateSource {
  const source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!withSubject) return { file, subject: null, body: source };
  const newline = source.indexOf('\n');
  const first = newline === -1 ? source : source.slice(0, newline);
  const match = SUBJECT.exec(first);
  if (!match || (match[1] ?? '').trim() === '') {
    throw new TemplateError(file, 'the first line must be the subject: "Subject: …"', { line: 1 });
  }
  const rest = newline === -1 ? '' : source.slice(newline + 1);
  // `{{!}}` alone on line 1 is a standalone comment: handlebars drops it with its line break.
  return { file, subject: match[1] ?? '', body: `{{!}}\n${rest}` };
}

/** Escapes the template's own text (ContentStatement) for the HTML part. */
class ContentEscaper extends Handlebars.Visitor {
  override ContentStatement(content: hbs.AST.ContentStatement): void {
    content.value = escapeTextNode(content.value);
  }
}

/** Finds `{{{ }}}` and `{{& }}`: the markup never needs unescaped output, data must never get it. */
class UnescapedFinder extends Handlebars.Visitor {
  found: hbs.AST.MustacheStatement | null = null;

  override MustacheStatement(mustache: hbs.AST.MustacheStatement): void {
    if (!mustache.escaped && this.found === null) this.found = mustache;
    super.MustacheStatement(mustache);
  }
}

/**
 * A fresh AST of `source` for `mode` (the compiler may annotate ASTs, so each compilation gets its
 * own). Throws a TemplateError naming the file on a syntax error or on triple braces.
 */
export function parseTemplate(file: string, source: string, mode: RenderMode): hbs.AST.Program {
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (error) {
    throw TemplateError.from(file, error);
  }
  const finder = new UnescapedFinder();
  finder.accept(ast);
  if (finder.found) {
        throw new TemplateError(file, 'unescaped output ({{{ }}} or {{& }}) is not allowed in templates', { line: finder.found.loc.start.line, column: finder.found.loc.start.column + 1 });
  }
  if (mode === 'html') new ContentEscaper().accept(ast);
  return ast;
}
