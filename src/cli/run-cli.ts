import { ConfigError, loadConfig, type Config } from '../config/config.ts';
import { dataDirHolder } from '../embedded/data-dir-lock.ts';
import { runThroughWorker } from '../embedded/control-client.ts';
import { createLogger } from '../log/logger.ts';
import { migrate } from '../db/migrate.ts';
import { DataDirBusyError, openRuntime, type Runtime } from '../runtime/runtime.ts';
import { runImport } from './commands/import.ts';
import { listMessages, printMessages } from './commands/messages.ts';
import { runStart } from './commands/start.ts';
import { printStatus, readStatus } from './commands/status.ts';
import { printJson, println, type CliIo } from './io.ts';
import { loadCases, loadQueue } from '../cases/case-view.ts';
import { CaseStateError, nextCase, releaseCase } from '../cases/queue.ts';
import { printCases, printNext, printQueue } from './commands/cases.ts';
import { agentActionDeps, isAgentCommand, runAgentAction, withExplicitAgent } from './commands/agent-actions.ts';
import { parseCommandLine, type CommandRequest } from './program.ts';
import { loadTemplates, TEMPLATES_DIR } from '../templates/load-templates.ts';
import { previewTemplate } from '../templates/preview.ts';
import { isTemplateName, TEMPLATE_NAMES } from '../templates/template-data.ts';

/** Exit codes: 0 done, 1 failed, 2 usage error, 3 nothing to hand out (`next`), 78 bad configuration (sysexits EX_CONFIG). */
export const EXIT = { ok: 0, failed: 1, usage: 2, config: 78 } as const;

/**
 * Runs one `guichet` command line and returns its exit code; never calls process.exit, so it
 * runs the same in the CLI process and, for the embedded database, inside the worker (`host`).
 */
export async function runCli(argv: string[], io: CliIo, env: NodeJS.ProcessEnv, host?: Runtime): Promise<number> {
  const parsed = parseCommandLine(argv, io);
  if (!parsed.ok) return parsed.exitCode;
  const { request } = parsed;
  let config: Config;
  try {
    config = host?.config ?? loadConfig(env, io.cwd);
  } catch (error) {
    if (error instanceof ConfigError) {
      println(io.stderr, `guichet: ${error.message}`);
      return EXIT.config;
    }
    throw error;
  }
  const logger = host?.logger ?? createLogger(config.logLevel, io.stderr);
  try {
    if (request.name === 'start') {
      if (host) throw new Error('the worker is already running');
      return await runStart(config, logger, io, (runtime) => (argv2, io2) => runCli(argv2, io2, env, runtime));
    }
    if (request.name === 'templates-preview') return await previewCommand(config, request.template, request.locale, io);
    if (host) return await runRequest(host, request, io);
    // On the embedded database, a running worker owns it: go through the worker.
    if (!config.databaseUrl && (await dataDirHolder(config.dataDir)) !== null) {
      return await runThroughWorker(config.dataDir, { argv: isAgentCommand(request) ? withExplicitAgent(argv, request) : argv, cwd: io.cwd }, io);
    }
    const runtime = await openRuntime(config, logger, { supervise: false, migrate: request.name !== 'migrate' });
    try {
      return await runRequest(runtime, request, io);
    } finally {
      await runtime.close();
    }
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      println(io.stderr, `guichet: ${error.message}; is another guichet command running? Try again.`);
      return EXIT.failed;
    }
    println(io.stderr, `guichet: ${error instanceof Error ? error.message : String(error)}`);
    logger.debug({ err: error }, 'command failed');
    return EXIT.failed;
  }
}

/** `guichet templates preview NAME`: needs no database, only the templates. */
async function previewCommand(config: Config, name: string, locale: 'fr' | 'en', io: CliIo): Promise<number> {
  if (!isTemplateName(name)) {
    println(io.stderr, `guichet: unknown template "${name}"; templates: ${TEMPLATE_NAMES.join(', ')}`);
    return EXIT.usage;
  }
  const templates = await loadTemplates(TEMPLATES_DIR, { timeZone: config.timeZone });
  io.stdout.write(`${previewTemplate(templates, name, locale)}\n`);
  return EXIT.ok;
}

async function runRequest(runtime: Runtime, request: Exclude<CommandRequest, { name: 'start' | 'templates-preview' }>, io: CliIo): Promise<number> {
  switch (request.name) {
    case 'migrate': {
      const applied = await migrate(runtime.db);
      println(io.stdout, applied.length === 0 ? 'schema up to date' : `applied migrations: ${applied.join(', ')}`);
      return EXIT.ok;
    }
    case 'import': {
      const summary = await runImport(runtime, io, request.paths, request.notify);
      return summary.failed > 0 ? EXIT.failed : EXIT.ok;
    }
    case 'messages':
      printMessages(io, await listMessages(runtime.db, request), request.json);
      return EXIT.ok;
    case 'status':
      printStatus(io, await readStatus(runtime.db, runtime.db.kind), request.json);
      return EXIT.ok;
    case 'reply':
    case 'request-info':
    case 'escalate':
    case 'classify':
    case 'decide':
      return runAgentAction(agentActionDeps(runtime), request, io);
    case 'queue':
      printQueue(io, await loadQueue(runtime.db, request.department), request.json);
      return EXIT.ok;
    case 'case': {
      const found = await loadCases(runtime.db, { ref: request.ref });
      if (found.length === 0) {
        println(io.stderr, `guichet: no case ${request.ref}`);
        return EXIT.failed;
      }
      printCases(io, found, request.json, true);
      return EXIT.ok;
    }
    case 'cases':
      printCases(io, await loadCases(runtime.db, { status: request.status ?? undefined }), request.json, false);
      return EXIT.ok;
    case 'next':
      return printNext(io, await nextCase(runtime.db, request.agent, request.department), request.json);
    case 'release':
      try {
        await releaseCase(runtime.db, request.ref, 'cli');
      } catch (error) {
        if (error instanceof CaseStateError) {
          println(io.stderr, `guichet: ${error.message}`);
          return EXIT.failed;
        }
        throw error;
      }
      if (request.json) printJson(io.stdout, { ref: request.ref, status: 'open' });
      else println(io.stdout, `${request.ref} is back in the queue at its original place`);
      return EXIT.ok;
  }
}

