import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTemplates } from '../../../src/templates/load-templates.ts';
import { sampleData } from '../../../src/templates/sample-data.ts';
import { TemplateError } from '../../../src/templates/template-error.ts';

const TEMPLATES_DIR = fileURLToPath(new URL('../../../templates', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'guichet-templates-'));
  await cp(TEMPLATES_DIR, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Loads `dir` expecting a TemplateError; returns it. */
async function loadError(options: Parameters<typeof loadTemplates>[1] = {}): Promise<TemplateError> {
  try {
    await loadTemplates(dir, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error('loadTemplates did not fail');
}

async function edit(rel: string, change: (source: string) => string): Promise<string> {
  const file = path.join(dir, rel);
  await writeFile(file, change(await readFile(file, 'utf8')));
  return file;
}

describe('loadTemplates', () => {
  it('loads the shipped templates', async () => {
    const set = await loadTemplates(dir);
    expect(set.locales).toEqual(['fr', 'en']);
    expect(set.fileOf('acknowledgement', 'en')).toBe(path.join(dir, 'en', 'acknowledgement.hbs'));
  });

  it('stops on a syntax error, naming the file and line', async () => {
    const file = await edit('fr/interim-update.hbs', (s) => s.replace('{{/if}}', '{{/iff}}'));
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toContain(file);
    expect(error.message).toMatch(/if doesn't match iff/);
    expect(error.line).toBe(1);
  });

  it('reports the line of a syntax error in the body', async () => {
    const file = await edit('en/decision-solution.hbs', (s) => s.replace('{{reasons}}', '{{reasons'));
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/Parse error/);
    const expected = (await readFile(file, 'utf8')).split('\n').findIndex((l) => l.includes('{{reasons')) + 1;
    expect(error.line).toBe(expected);
    expect(error.message).toContain(`${file}:${expected}`);
  });

  it('stops on an unknown helper, naming the file', async () => {
    const file = await edit('en/partials/signature.hbs', (s) => `${s}{{shout deskName}}\n`);
    const error = await loadError({ selfCheck: false });
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/unknown helper shout/);
  });

  it('stops on a variable no data has, naming the file (start-up check)', async () => {
    const file = await edit('fr/repeat-received.hbs', (s) => s.replace('{{repeatCount}}', '{{repeatCounter}}'));
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toContain('variable "repeatCounter" is not defined');
    expect(error.line).toBeGreaterThan(1);
  });

  it('names the partial, not the message, when the partial is broken', async () => {
    const file = await edit('en/partials/legal-footer.hbs', (s) => `${s}\n{{retentionYears}}\n`);
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toContain('"retentionYears"');
  });

  it('throws at render, naming the file, on a missing variable when the start-up check is off', async () => {
    const file = await edit('fr/agent-reply.hbs', (s) => s.replace('{{agentText}}', '{{agentTxt}}'));
    const set = await loadTemplates(dir, { selfCheck: false });
    expect(() => set.render('agent-reply', 'fr', sampleData('agent-reply', 'fr'))).toThrow(TemplateError);
    expect(() => set.render('agent-reply', 'fr', sampleData('agent-reply', 'fr'))).toThrow(`${file}:3:3: variable "agentTxt" is not defined`);
    // The other locale is unaffected.
    expect(set.render('agent-reply', 'en', sampleData('agent-reply', 'en')).text).toContain('proof of address');
  });

  it('throws on a missing partial, naming the file that includes it', async () => {
    const file = await edit('en/out-of-time.hbs', (s) => s.replace('{{> case-reference}}', '{{> case-ref}}'));
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/case-ref/);
  });

  it('refuses triple braces', async () => {
    const file = await edit('en/agent-reply.hbs', (s) => s.replace('{{agentText}}', '{{{agentText}}}'));
    const error = await loadError({ selfCheck: false });
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/unescaped output/);
    const amp = await edit('fr/agent-reply.hbs', (s) => s.replace('{{agentText}}', '{{& agentText}}'));
    await edit('en/agent-reply.hbs', (s) => s.replace('{{{agentText}}}', '{{agentText}}'));
    expect((await loadError({ selfCheck: false })).file).toBe(amp);
  });

  it('requires the subject line, with the case reference', async () => {
    const file = await edit('fr/decision-cancelled.hbs', (s) => s.split('\n').slice(1).join('\n'));
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/first line must be the subject/);
    await edit('fr/decision-cancelled.hbs', (s) => `Subject: Réponse à votre demande\n${s}`);
    const noRef = await loadError();
    expect(noRef.file).toBe(file);
    expect(noRef.message).toMatch(/must contain the case reference \[SC-2026-000042\]/);
  });

  it('requires every template in every locale', async () => {
    const file = path.join(dir, 'en', 'decision-provisional.hbs');
    await unlink(file);
    const error = await loadError();
    expect(error.file).toBe(file);
    expect(error.message).toMatch(/missing template "decision-provisional"/);
  });

  it('requires the layout and the partials', async () => {
    await unlink(path.join(dir, 'fr', 'partials', 'case-reference.hbs'));
    expect((await loadError()).message).toMatch(/missing partial "case-reference"/);
    await cp(path.join(TEMPLATES_DIR, 'fr', 'partials', 'case-reference.hbs'), path.join(dir, 'fr', 'partials', 'case-reference.hbs'));
    await unlink(path.join(dir, 'en', 'layout.hbs'));
    expect((await loadError()).file).toBe(path.join(dir, 'en', 'layout.hbs'));
  });

  it('refuses a template with no data contract', async () => {
    await writeFile(path.join(dir, 'fr', 'welcome.hbs'), 'Subject: [{{caseRef}}] Bienvenue\nBienvenue.\n');
    const error = await loadError();
    expect(error.file).toBe(path.join(dir, 'fr', 'welcome.hbs'));
    expect(error.message).toMatch(/unknown template "welcome"/);
  });

  it('refuses a missing locale directory', async () => {
    await rm(path.join(dir, 'en'), { recursive: true });
    expect((await loadError()).file).toBe(path.join(dir, 'en'));
  });

  it('shows the template author’s own text as typed in HTML', async () => {
    await edit('fr/agent-reply.hbs', (s) => s.replace('{{agentText}}', 'R&D <b>pas du HTML</b>\n\n{{agentText}}'));
    const set = await loadTemplates(dir);
    const out = set.render('agent-reply', 'fr', sampleData('agent-reply', 'fr'));
    expect(out.text).toContain('R&D <b>pas du HTML</b>');
    expect(out.html).toContain('R&amp;D &lt;b&gt;pas du HTML&lt;/b&gt;');
  });
});
