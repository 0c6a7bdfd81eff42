/**
 * The child-process side of bench/smtp-sink-process.ts: runs the SMTP sink and reports what
 * arrives to the parent over IPC, every 10 ms, with each arrival's time on the shared wall clock
 * (performance.timeOrigin + performance.now(), in ms). Messages from the parent: `reset`
 * (with the generation that the next reports carry) and `stop`.
 */
import { startSmtpSink } from './smtp-sink.ts';

type FromParent = { type: 'reset'; generation: number } | { type: 'stop' };

const send = (message: unknown) => process.send?.(message);
const sink = await startSmtpSink();
let generation = 0;
let reported = 0;
const report = setInterval(() => {
  const fresh = sink.arrivals.slice(reported);
  if (fresh.length === 0) return;
  reported += fresh.length;
  send({ type: 'arrivals', generation, list: fresh.map((a) => ({ ...a, at: performance.timeOrigin + a.at })) });
}, 10);
process.on('message', (message: FromParent) => {
  if (message.type === 'reset') {
    generation = message.generation;
    sink.reset();
    reported = 0;
  } else {
    clearInterval(report);
    void sink.stop().then(() => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0)); // the bench is gone
send({ type: 'ready', url: sink.url });
