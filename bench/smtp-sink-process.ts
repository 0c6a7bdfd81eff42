/**
 * bench:pipeline's SMTP sink in a child process of its own (bench/smtp-sink-child.ts), so that
 * receiving Guichet's mail — parsing SMTP, reading each DATA section — costs the process under
 * measurement nothing: a desk's SMTP relay is another process, usually another machine, and the
 * bare loop it is compared with receives no mail. Same interface as an in-process sink;
 * arrivals come back in batches every 10 ms, each with the time it arrived, converted to this
 * process's performance.now() (both processes read the same wall clock), so latencies are those
 * of the arrivals, not of the reports.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { arrivalLog, type SinkArrival, type SmtpSink } from './smtp-sink.ts';

type FromChild = { type: 'ready'; url: string } | { type: 'arrivals'; generation: number; list: SinkArrival[] };

/** Starts the sink process; resolves once it listens. */
export async function startSmtpSinkProcess(): Promise<SmtpSink> {
  const child = fork(fileURLToPath(new URL('./smtp-sink-child.ts', import.meta.url)), [], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const log = arrivalLog();
  let generation = 0;
  const url = await new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the SMTP sink process exited (${code}) before listening`)));
    child.on('message', (message: FromChild) => {
      if (message.type === 'ready') resolve(message.url);
      else if (message.generation === generation) for (const a of message.list) log.record({ ...a, at: a.at - performance.timeOrigin });
    });
  });
  child.removeAllListeners('exit');
  let stopped: Promise<void> | undefined;
  const forget = log.reset;
  return Object.assign(log, {
    url,
    reset() {
      // Reports of the previous generation still on their way are dropped on arrival.
      generation++;
      child.send({ type: 'reset', generation });
      forget();
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || !child.connected) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
      });
      return stopped;
    },
  });
}
