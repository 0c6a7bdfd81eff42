import { fileURLToPath } from 'node:url';
/**
 * Loads and compiles every template of every locale at start (`templates/<locale>/`):
 *   - `<name>.hbs` for each message template name (template-data.ts), no more, no less;
 *   - `layout.hbs`, the frame every message is rendered in (`{{> content}}` is the message body);
 *   - `partials/<name>.hbs`, at least `signature`, `case-reference` and `legal-footer`.
 * Compiled with `strict` (a missing variable throws at render) and `knownHelpersOnly`. Anything
 * wrong — a missing file, a syntax error, an unknown helper, a variable no data has — throws a
 * TemplateError naming the file, so a broken template stops the start rather than a mail.
 * Templates only ever come from this directory, never from mail or user input.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Handlebars from 'handlebars';
import { createHelpers, DEFAULT_INTL_LOCALES, KNOWN_HELPERS, type RenderMode } from './helpers.ts';
import { attributeErrors, TemplateSet, type CompiledLocale, type CompiledMessage } from './render.ts';
import { sampleVariants } from './sample-data.ts';
import { readTemplateSource, parseTemplate } from './template-file.ts';
import { TemplateError } from './template-error.ts';
import { LOCALES, TEMPLATE_NAMES, isTemplateName, type Locale, type TemplateName } from './template-data.ts';

export interface LoadTemplatesOptions {
  /** IANA time zone dates are shown in; default `Europe/Paris`. */
  timeZone?: string;
  /** Intl tags per locale; default `fr-FR` and `en-GB`. */
  intlLocales?: Partial<Record<Locale, string>>;
  /**
   * Render every template with the sample data of sample-data.ts (all its variants) before
   * returning, so that an unknown variable or partial fails the start too; default true.
   */
  selfCheck?: boolean;
}

/** Partials every locale must define: the layout and the templates rely on them. */
/** The templates shipped with Guichet (`templates/` at the project root). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates', import.meta.url));

export const REQUIRED_PARTIALS = ['signature', 'case-reference', 'legal-footer'] as const;

const MODES: readonly RenderMode[] = ['text', 'html'];

async function listHbs(dir: string): Promise<string[] | null> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith('.hbs')).map((e) => e.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new TemplateError(file, `cannot read: ${(error as Error).message}`, { cause: error });
  }
}

function compileOptions(mode: RenderMode): CompileOptions {
  return { strict: true, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true, noEscape: mode === 'text' };
}

/**
 * Compiles `source` in `env`. Handlebars compiles lazily, on the first render: `precompile` runs
 * the whole compiler now so that its errors (unknown helper, mismatched block) surface at start.
 */
function compileIn(env: typeof Handlebars, file: string, source: string, mode: RenderMode): Handlebars.TemplateDelegate {
  const options = compileOptions(mode);
  try {
    env.precompile(parseTemplate(file, source, mode), options);
  } catch (error) {
    throw TemplateError.from(file, error);
  }
  return attributeErrors(file, env.compile(parseTemplate(file, source, mode), options));
}

async function loadLocale(dir: string, locale: Locale, settings: { intlLocale: string; timeZone: string }): Promise<CompiledLocale> {
  const localeDir = path.join(dir, locale);
  const files = await listHbs(localeDir);
  if (files === null) throw new TemplateError(localeDir, `missing directory: every locale (${LOCALES.join(', ')}) needs its templates`);
  const partialsDir = path.join(localeDir, 'partials');
  const partialFiles = (await listHbs(partialsDir)) ?? [];

  for (const name of REQUIRED_PARTIALS) {
    if (!partialFiles.includes(`${name}.hbs`)) throw new TemplateError(path.join(partialsDir, `${name}.hbs`), `missing partial "${name}"`);
  }
  if (!files.includes('layout.hbs')) throw new TemplateError(path.join(localeDir, 'layout.hbs'), 'missing layout');
  const messageFiles = files.filter((f) => f !== 'layout.hbs');
  for (const f of messageFiles) {
    const name = f.slice(0, -'.hbs'.length);
    if (!isTemplateName(name)) {
      throw new TemplateError(path.join(localeDir, f), `unknown template "${name}": known templates are ${TEMPLATE_NAMES.join(', ')}`);
    }
  }
  for (const name of TEMPLATE_NAMES) {
    if (!messageFiles.includes(`${name}.hbs`)) {
      throw new TemplateError(path.join(localeDir, `${name}.hbs`), `missing template "${name}": every template must exist in every locale`);
    }
  }

  // One handlebars environment per part: its own helpers (escaping or not) and partials.
  const envs = {} as Record<RenderMode, typeof Handlebars>;
  for (const mode of MODES) {
    const env = Handlebars.create();
    env.registerHelper(createHelpers(mode, settings));
    envs[mode] = env;
  }

  for (const f of partialFiles) {
    const file = path.join(partialsDir, f);
    const source = readTemplateSource(file, await readText(file), false);
    const name = f.slice(0, -'.hbs'.length);
    for (const mode of MODES) envs[mode].registerPartial(name, compileIn(envs[mode], file, source.body, mode));
  }

  const layoutFile = path.join(localeDir, 'layout.hbs');
  const layoutSource = readTemplateSource(layoutFile, await readText(layoutFile), false);
  const layout = {
    text: compileIn(envs.text, layoutFile, layoutSource.body, 'text'),
    html: compileIn(envs.html, layoutFile, layoutSource.body, 'html'),
  };

  const messages = new Map<TemplateName, CompiledMessage>();
  for (const name of TEMPLATE_NAMES) {
    const file = path.join(localeDir, `${name}.hbs`);
    const source = readTemplateSource(file, await readText(file), true);
    messages.set(name, {
      file,
      // The subject is a header: rendered like the text part, without escaping.
      subject: compileIn(envs.text, file, source.subject ?? '', 'text'),
      body: { text: compileIn(envs.text, file, source.body, 'text'), html: compileIn(envs.html, file, source.body, 'html') },
    });
  }
  return { intlLocale: settings.intlLocale, layout, messages };
}

function checkTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new Error(`invalid time zone for templates: ${timeZone}`);
  }
}

/** Reads, compiles and (by default) test-renders all templates under `dir`. */
export async function loadTemplates(dir: string, options: LoadTemplatesOptions = {}): Promise<TemplateSet> {
  const timeZone = options.timeZone ?? 'Europe/Paris';
  checkTimeZone(timeZone);
  const locales = new Map<Locale, CompiledLocale>();
  for (const locale of LOCALES) {
    const intlLocale = options.intlLocales?.[locale] ?? DEFAULT_INTL_LOCALES[locale];
    locales.set(locale, await loadLocale(dir, locale, { intlLocale, timeZone }));
  }
  const set = new TemplateSet(dir, locales);
  if (options.selfCheck ?? true) {
    for (const locale of LOCALES) {
      for (const name of TEMPLATE_NAMES) {
        for (const data of sampleVariants(name, locale)) set.render(name, locale, data);
      }
    }
  }
  return set;
}
