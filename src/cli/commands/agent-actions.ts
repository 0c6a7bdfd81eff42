/**
 * The agents' commands (DESIGN 5.2): `reply`, `request-info`, `escalate`, `classify`, `decide`.
 * Declared here (declareAgentCommands, called from program.ts) and run here (runAgentAction,
 * called from run-cli.ts); the work itself is in src/lifecycle/. Each prints one line, or with
 * `--json` the result `{ ref, ... }`; a refused action prints `guichet: <why>` and exits 1.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ProcedureSettings } from '../../cases/procedure.ts';
import { systemClock, type Clock } from '../../clock.ts';
import type { Database } from '../../db/port.ts';
import { replyToCase } from '../../lifecycle/agent-mail.ts';
import { CaseActionError } from '../../lifecycle/case-action-error.ts';
import { decideCase, OUTCOMES, type Outcome } from '../../lifecycle/decide.ts';
import { escalateCase } from '../../lifecycle/escalate.ts';
import { CATEGORIES, reclassifyCase, type Category } from '../../lifecycle/reclassify.ts';
import type { MailDeps } from '../../outbox/queue-mail.ts';
import type { Runtime } from '../../runtime/runtime.ts';
import { loadTemplates, TEMPLATES_DIR } from '../../templates/load-templates.ts';
import { COMPLAINT_GROUNDS, type ComplaintGround } from '../../templates/template-data.ts';
import { printJson, println, type CliIo } from '../io.ts';

/** An agent command, once its arguments are valid (part of program.ts's CommandRequest). */
export type AgentCommandRequest =
  | { name: 'reply' | 'request-info'; ref: string; text: string | null; file: string | null; agent: string; json: boolean }
  | { name: 'escalate'; ref: string; department: string; agent: string; json: boolean }
  | { name: 'classify'; ref: string; category: Category; ground: ComplaintGround | null; eventDate: string | null; agent: string; json: boolean }
  | { name: 'decide'; ref: string; outcome: Outcome; reasons: string | null; agent: string; json: boolean };

export const AGENT_COMMANDS = ['reply', 'request-info', 'escalate', 'classify', 'decide'] as const;

export function isAgentCommand(request: { name: string }): request is AgentCommandRequest {
  return (AGENT_COMMANDS as readonly string[]).includes(request.name);
}

/** Who acts when `--agent` is not given: the login name, else "agent". */
export function defaultAgent(env: NodeJS.ProcessEnv): string {
  return env.USER?.trim() || env.LOGNAME?.trim() || env.USERNAME?.trim() || 'agent';
}

/**
 * The command line to forward to the worker that owns the embedded database: the same, with the
 * agent made explicit — the worker would otherwise default it to its own $USER, not the caller's.
 */
export function withExplicitAgent(argv: string[], request: AgentCommandRequest): string[] {
  return argv.some((a) => a === '--agent' || a.startsWith('--agent=')) ? argv : [...argv, '--agent', request.agent];
}

/** Adds the five agent commands to the program; `choose` receives the parsed request. */
export function declareAgentCommands(program: Command, choose: (request: AgentCommandRequest) => void, agentDefault: string): void {
  const common = (cmd: Command): Command =>
    cmd
      .argument('<ref>', 'the case reference, e.g. SC-2026-000042')
      .option('--agent <name>', 'who acts (signs the mail, appears in the events)', agentDefault)
      .option('--json', 'machine-readable output', false);
  const textOptions = (cmd: Command): Command =>
    cmd
      .addOption(new Option('--text <text>', 'what to write to the customer').conflicts('file'))
      .addOption(new Option('--file <path>', 'read what to write from this file (UTF-8)').conflicts('text'));
  type Base = { agent: string; json: boolean };
  const ref = (r: string) => r.trim().toUpperCase();

  for (const name of ['reply', 'request-info'] as const) {
    const cmd = program.command(name).description(name === 'reply' ? "reply to the case's customer" : 'ask the customer for information');
    common(textOptions(cmd)).action((r: string, opts: Base & { text?: string; file?: string }, self: Command) => {
      if (opts.text === undefined && opts.file === undefined) self.error('error: give --text or --file', { exitCode: 2, code: 'guichet.missingText' });
      choose({ name, ref: ref(r), text: opts.text ?? null, file: opts.file ?? null, agent: opts.agent, json: opts.json });
    });
  }
  common(program.command('escalate').description("hand the case to a department's queue, at its original place"))
    .requiredOption('--department <name>', 'the department, a lower-case name such as payments')
    .action((r: string, opts: Base & { department: string }) => choose({ name: 'escalate', ref: ref(r), department: opts.department, agent: opts.agent, json: opts.json }));
  common(program.command('classify').description('reclassify the case: request or complaint, ground, event date (audited)'))
    .addOption(new Option('--category <category>', 'request or complaint').choices(CATEGORIES).makeOptionMandatory())
    .addOption(new Option('--ground <ground>', "the complaint's ground").choices(COMPLAINT_GROUNDS))
    .addOption(new Option('--event-date <YYYY-MM-DD>', 'the date of the decision or event the complaint is about').argParser(parseDay))
    .action((r: string, opts: Base & { category: Category; ground?: ComplaintGround; eventDate?: string }) =>
      choose({ name: 'classify', ref: ref(r), category: opts.category, ground: opts.ground ?? null, eventDate: opts.eventDate ?? null, agent: opts.agent, json: opts.json }),
    );
  common(program.command('decide').description('record the final decision, mail it to the customer and close the case'))
    .addOption(new Option('--outcome <outcome>', 'the conclusion').choices(OUTCOMES).makeOptionMandatory())
    .option('--reasons <text>', 'why (required for confirmed, cancelled and clarification)')
    .action((r: string, opts: Base & { outcome: Outcome; reasons?: string }) =>
      choose({ name: 'decide', ref: ref(r), outcome: opts.outcome, reasons: opts.reasons ?? null, agent: opts.agent, json: opts.json }),
    );
}

/** A calendar day `YYYY-MM-DD` that exists (no 31 June). */
function parseDay(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  const date = match ? new Date(`${match[0]}T00:00:00Z`) : null;
  if (!match || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== match[0]) throw new InvalidArgumentError('not a date as YYYY-MM-DD');
  return match[0];
}

/** What the agent commands run on. */
export interface AgentActionDeps {
  db: Database;
  /** Mail deps, built on first use (pg-boss started, templates compiled). */
  mail(): Promise<MailDeps>;
  procedure: ProcedureSettings;
  clock: Clock;
}

/** The deps of the agent commands over a runtime (the CLI's or the worker's). */
export function agentActionDeps(runtime: Runtime, clock: Clock = systemClock): AgentActionDeps {
  let mail: Promise<MailDeps> | null = null;
  return {
    db: runtime.db,
    procedure: runtime.config.procedure,
    clock,
    mail() {
      mail ??= (async () => ({
        boss: await runtime.boss(),
        templates: await loadTemplates(TEMPLATES_DIR, { timeZone: runtime.config.timeZone }),
        clock,
        settings: runtime.config,
      }))();
      return mail;
    },
  };
}

/** Runs one agent command; exit 0 done, 1 refused (CaseActionError) or the file unreadable. */
export async function runAgentAction(deps: AgentActionDeps, request: AgentCommandRequest, io: CliIo): Promise<number> {
  switch (request.name) {
    case 'reply':
    case 'request-info':
      return runReply(deps, request, io);
    case 'escalate':
      return runEscalate(deps, request, io);
    case 'classify':
      return runClassify(deps, request, io);
    case 'decide':
      return runDecide(deps, request, io);
  }
}

/** `guichet reply REF --text T | --file F` and `guichet request-info REF …`. */
export async function runReply(deps: AgentActionDeps, args: Extract<AgentCommandRequest, { name: 'reply' | 'request-info' }>, io: CliIo): Promise<number> {
  let text = args.text;
  if (text === null && args.file !== null) {
    try {
      text = await readFile(path.resolve(io.cwd, args.file), 'utf8');
    } catch (error) {
      println(io.stderr, `guichet: cannot read ${args.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      return 1;
    }
  }
  return report(io, args.json, async () => {
    const r = await replyToCase(deps.db, await deps.mail(), { ref: args.ref, text: text ?? '', agent: args.agent, kind: args.name });
    return [r, `${r.ref}: ${r.kind === 'reply' ? 'reply' : 'information request'} ${mailLine(r.outboxStatus)}${r.status === 'closed' ? ' (the case stays closed)' : ''}`];
  });
}

/** `guichet escalate REF --department D`. */
export async function runEscalate(deps: AgentActionDeps, args: Extract<AgentCommandRequest, { name: 'escalate' }>, io: CliIo): Promise<number> {
  return report(io, args.json, async () => {
    const r = await escalateCase(deps.db, { ref: args.ref, department: args.department, agent: args.agent });
    return [r, `${r.ref} escalated from ${r.previousDepartment} to ${r.department}, back in the queue at its original place (arrival #${r.arrivalSeq})`];
  });
}

/** `guichet classify REF --category C [--ground G] [--event-date YYYY-MM-DD]`. */
export async function runClassify(deps: AgentActionDeps, args: Extract<AgentCommandRequest, { name: 'classify' }>, io: CliIo): Promise<number> {
  return report(io, args.json, async () => {
    const r = await reclassifyCase(deps.db, {
      ref: args.ref,
      category: args.category,
      // Omitted on the command line keeps the case's ground.
      ...(args.ground !== null ? { ground: args.ground } : {}),
      ...(args.eventDate !== null ? { eventDate: new Date(`${args.eventDate}T00:00:00Z`) } : {}),
      agent: args.agent,
      procedure: deps.procedure,
      clock: deps.clock,
    });
    const details = [r.ground, r.eventDate ? `event ${r.eventDate}` : null, r.outOfTime ? 'out of time' : null].filter(Boolean).join(', ');
    return [r, `${r.ref} is now a ${r.category}${details ? ` (${details})` : ''}`];
  });
}

/** `guichet decide REF --outcome O [--reasons T]`. */
export async function runDecide(deps: AgentActionDeps, args: Extract<AgentCommandRequest, { name: 'decide' }>, io: CliIo): Promise<number> {
  return report(io, args.json, async () => {
    const r = await decideCase(deps.db, await deps.mail(), { ref: args.ref, outcome: args.outcome, reasons: args.reasons, agent: args.agent });
    return [r, `${r.ref} decided (${r.outcome}) and closed; decision ${mailLine(r.outboxStatus)}`];
  });
}

function mailLine(status: 'queued' | 'suppressed'): string {
  return status === 'queued' ? 'queued for sending' : 'not sent: the address takes no mail (see the case events)';
}

/** Prints the result (`--json`: `{ ref, ... }`) or a refusal; other errors go up to runCli. */
async function report<R extends { ref: string }>(io: CliIo, json: boolean, act: () => Promise<[R, string]>): Promise<number> {
  try {
    const [result, line] = await act();
    if (json) printJson(io.stdout, result);
    else println(io.stdout, line);
    return 0;
  } catch (error) {
    if (error instanceof CaseActionError) {
      println(io.stderr, `guichet: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
