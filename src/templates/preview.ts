/**
 * `guichet templates preview NAME [--locale fr]`: a template rendered with its sample data (or
 * given data), laid out for a terminal — subject, text part, then the HTML part's source.
 */
import type { TemplateSet } from './render.ts';
import { sampleData } from './sample-data.ts';
import type { Locale, TemplateData, TemplateName } from './template-data.ts';

function rule(title: string, width = 72): string {
  const head = `── ${title} `;
  return head + '─'.repeat(Math.max(3, width - head.length));
}

/** A readable rendering of one template; `data` defaults to the template's sample. */
export function previewTemplate<N extends TemplateName>(set: TemplateSet, name: N, locale: Locale, data: TemplateData<N> = sampleData(name, locale)): string {
  const rendered = set.render(name, locale, data);
  return [
    rule(`${name} (${locale}) — ${set.fileOf(name, locale)}`),
    `Subject: ${rendered.subject}`,
    rule('text'),
    rendered.text.trimEnd(),
    rule('html'),
    rendered.html.trimEnd(),
    '',
  ].join('\n');
}
