import { Command, CommanderError, Option } from 'commander';
import { declareAgentCommands, defaultAgent, type AgentCommandRequest } from './commands/agent-actions.ts';
import type { CliIo } from './io.ts';

/** The command a user asked for, once its arguments are valid. */
export type CommandRequest =
  | { name: 'start' }
  | { name: 'migrate' }
  | { name: 'import'; paths: string[]; notify: boolean }
  | { name: 'messages'; unmatched: boolean; json: boolean; limit: number }
  | { name: 'status'; json: boolean }
  | { name: 'queue'; json: boolean; department: string | null }
  | { name: 'case'; ref: string; json: boolean }
  | { name: 'cases'; status: 'open' | 'assigned' | 'closed' | null; json: boolean }
  | { name: 'next'; agent: string; department: string; json: boolean }
  | { name: 'release'; ref: string; json: boolean }
  | { name: 'templates-preview'; template: string; locale: 'fr' | 'en' }
  | AgentCommandRequest;

/** Parsing ended without a command to run: help was shown (exit 0) or usage was wrong (exit 2). */
export type ParseResult = { ok: true; request: CommandRequest } | { ok: false; exitCode: number };

/**
 * Parses argv into a request without touching configuration or the database, so that `--help`
 * and usage errors answer instantly and never depend on the environment (DESIGN 5.2).
 */
export function parseCommandLine(argv: string[], io: CliIo): ParseResult {
  const chosen: { request: CommandRequest | null } = { request: null };
  const choose = (request: CommandRequest): void => {
    chosen.request = request;
  };
  const program = new Command('guichet')
    .description('Guichet: a support mailbox as a strictly chronological case queue')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError('(run with --help for usage)')
    .helpCommand(false);

  program
    .command('start')
    .description('run the worker: ingest mail, process jobs (embedded default when DATABASE_URL and IMAP_URL are unset)')
    .action(() => choose({ name: 'start' }));
  program
    .command('migrate')
    .description('create or upgrade the database schema')
    .action(() => choose({ name: 'migrate' }));
  program
    .command('import')
    .description('ingest .eml files, Maildir folders and mbox files through the same pipeline, in order; idempotent')
    .argument('<path...>', '.eml file, Maildir folder, folder of .eml files, or mbox file')
    .option('--notify', 'send the usual automatic mail for imported messages (history sends nothing by default)', false)
    .action((paths: string[], opts: { notify: boolean }) => choose({ name: 'import', paths, notify: opts.notify }));
  program
    .command('messages')
    .description('list stored messages, newest arrival first')
    .option('--unmatched', 'only messages that belong to no case (quarantined, not yet processed), with why', false)
    .option('--limit <n>', 'at most this many', parsePositive, 100)
    .option('--json', 'machine-readable output', false)
    .action((opts: { unmatched: boolean; json: boolean; limit: number }) => choose({ name: 'messages', ...opts }));
  program
    .command('status')
    .description('what an operator checks first: messages, mailbox cursors and last poll, jobs pending')
    .option('--json', 'machine-readable output', false)
    .action((opts: { json: boolean }) => choose({ name: 'status', json: opts.json }));

  program
    .command('queue')
    .description('cases not closed, in queue order (the arrival of their first message)')
    .option('--department <name>', 'only this department')
    .option('--json', 'machine-readable output', false)
    .action((opts: { json: boolean; department?: string }) => choose({ name: 'queue', json: opts.json, department: opts.department ?? null }));
  program
    .command('case')
    .description('one case with its messages and events')
    .argument('<ref>', 'the case reference, e.g. SC-2026-000042')
    .option('--json', 'machine-readable output', false)
    .action((ref: string, opts: { json: boolean }) => choose({ name: 'case', ref: ref.toUpperCase(), json: opts.json }));
  program
    .command('cases')
    .description('all cases with their messages, in queue order')
    .addOption(new Option('--status <status>', 'only cases in this status').choices(['open', 'assigned', 'closed']))
    .option('--json', 'machine-readable output', false)
    .action((opts: { json: boolean; status?: 'open' | 'assigned' | 'closed' }) => choose({ name: 'cases', status: opts.status ?? null, json: opts.json }));
  program
    .command('next')
    .description('hand the next case in queue order to an agent')
    .requiredOption('--agent <name>', 'who takes the case')
    .option('--department <name>', 'the department queue to take from', 'support')
    .option('--json', 'machine-readable output', false)
    .action((opts: { agent: string; department: string; json: boolean }) => choose({ name: 'next', agent: opts.agent, department: opts.department, json: opts.json }));
  program
    .command('release')
    .description('put an assigned case back in the queue, at its original place')
    .argument('<ref>', 'the case reference')
    .option('--json', 'machine-readable output', false)
    .action((ref: string, opts: { json: boolean }) => choose({ name: 'release', ref: ref.toUpperCase(), json: opts.json }));

  declareAgentCommands(program, choose, defaultAgent(process.env));

  const templates = program.command('templates').description('the correspondence templates');
  templates
    .command('preview')
    .description('render a template with sample data (subject, text and HTML)')
    .argument('<name>', 'template name, e.g. acknowledgement')
    .addOption(new Option('--locale <locale>', 'language').choices(['fr', 'en']).default('fr'))
    .action((template: string, opts: { locale: 'fr' | 'en' }) => choose({ name: 'templates-preview', template, locale: opts.locale }));

  if (argv.length === 0) {
    program.outputHelp({ error: true });
    return { ok: false, exitCode: 2 };
  }
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      const helpShown = error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version';
      return { ok: false, exitCode: helpShown ? 0 : 2 };
    }
    throw error;
  }
  if (chosen.request === null) return { ok: false, exitCode: 2 };
  return { ok: true, request: chosen.request };
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CommanderError(2, 'guichet.invalidNumber', `not a positive whole number: ${value}`);
  return n;
}
