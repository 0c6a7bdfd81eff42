/**
 * Rendering: a `TemplateSet` (built by loadTemplates) turns a template name, a locale and data
 * into the subject, text part and HTML part of one customer message.
 *
 * - The data is validated against the template's zod schema first (template-data.ts).
 * - The subject and the text part are rendered without escaping; the HTML part with handlebars'
 *   escaping of every value, then laid out in blocks (markup.ts).
 * - The subject is one line whatever the data holds (no header injection), and must carry the
 *   case reference in brackets: threading finds replies by it.
 */
import type Handlebars from 'handlebars';
import { htmlDocument, layoutHtmlBlocks, tidyText, toSingleLine } from './markup.ts';
import type { RenderMode } from './helpers.ts';
import { TemplateDataError, TemplateError } from './template-error.ts';
import { TEMPLATE_SCHEMAS, isFinalDecision, type Locale, type TemplateData, type TemplateName } from './template-data.ts';

type Delegate = Handlebars.TemplateDelegate;

/** A rendered message. */
export interface RenderedMessage {
  /** One line, with `[REF]`. */
  subject: string;
  text: string;
  html: string;
}

/** One message template of one locale, compiled. */
export interface CompiledMessage {
  file: string;
  subject: Delegate;
  body: Record<RenderMode, Delegate>;
}

/** Everything compiled for one locale (partials are registered in the environments). */
export interface CompiledLocale {
  /** The Intl tag of the locale, also the HTML `lang`. */
  intlLocale: string;
  layout: Record<RenderMode, Delegate>;
  messages: ReadonlyMap<TemplateName, CompiledMessage>;
}

/**
 * Wraps a compiled template so that an error thrown while it runs names its file. Partials are
 * wrapped too: the innermost file is named (TemplateError.from keeps an existing one).
 */
export function attributeErrors(file: string, delegate: Delegate): Delegate {
  return (context: unknown, options?: Handlebars.RuntimeOptions) => {
    try {
      return delegate(context, options);
    } catch (error) {
      throw TemplateError.from(file, error);
    }
  };
}

/** The compiled templates of every locale. */
export class TemplateSet {
  /** The directory the templates were loaded from. */
  readonly dir: string;
  readonly #locales: ReadonlyMap<Locale, CompiledLocale>;

  constructor(dir: string, locales: ReadonlyMap<Locale, CompiledLocale>) {
    this.dir = dir;
    this.#locales = locales;
  }

  get locales(): Locale[] {
    return [...this.#locales.keys()];
  }

  /** The file a template was loaded from. */
  fileOf(name: TemplateName, locale: Locale): string {
    return this.#message(name, locale).file;
  }

  /**
   * Renders one message. Throws a TemplateDataError naming the fields when `data` does not match
   * the template's schema, and a TemplateError naming the file when the template fails.
   */
  render<N extends TemplateName>(name: N, locale: Locale, data: TemplateData<N>): RenderedMessage {
    const schema = TEMPLATE_SCHEMAS[name];
    const parsed = schema.safeParse(data);
    if (!parsed.success) throw new TemplateDataError(name, parsed.error.issues);
    const context = parsed.data;
    const compiled = this.#locales.get(locale);
    const message = this.#message(name, locale);
    if (!compiled) throw new Error(`unknown locale ${String(locale)}`);

    // Facts about the template itself, not data: `@template`, `@locale`, `@finalDecision`.
    const meta = { template: name, locale, finalDecision: isFinalDecision(name) };
    const run = (mode: RenderMode): string =>
      compiled.layout[mode](context, { data: meta, partials: { content: message.body[mode] } });

    const subject = toSingleLine(message.subject(context, { data: meta }));
    const marker = `[${context.caseRef}]`;
    if (!subject.includes(marker)) {
      throw new TemplateError(message.file, `the subject must contain the case reference ${marker}; rendered: "${subject}"`, { line: 1 });
    }
    const text = tidyText(run('text'));
    const html = htmlDocument(layoutHtmlBlocks(run('html')), { lang: compiled.intlLocale, title: subject });
    return { subject, text, html };
  }

  #message(name: TemplateName, locale: Locale): CompiledMessage {
    const message = this.#locales.get(locale)?.messages.get(name);
    if (!message) throw new Error(`no template "${String(name)}" for locale ${String(locale)}`);
    return message;
  }
}
