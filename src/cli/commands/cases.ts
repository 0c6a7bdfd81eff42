import type { CaseView, QueueEntry } from '../../cases/case-view.ts';
import type { NextCaseResult } from '../../cases/queue.ts';
import { printJson, println, printTable, type CliIo } from '../io.ts';

/** `guichet queue`. */
export function printQueue(io: CliIo, entries: QueueEntry[], json: boolean): void {
  if (json) return printJson(io.stdout, entries);
  if (entries.length === 0) return println(io.stdout, 'the queue is empty');
  printTable(
    io.stdout,
    ['#', 'REF', 'STATUS', 'AGENT', 'RECEIVED', 'CATEGORY', 'CUSTOMER', 'MSGS', 'SUBJECT'],
    entries.map((e) => [
      String(e.position),
      e.ref,
      e.status,
      e.agent ?? '-',
      e.receivedAt.slice(0, 16).replace('T', ' '),
      e.ground ? `${e.category}/${e.ground}` : e.category,
      e.customer,
      String(e.messages),
      clip(e.subject ?? '(no subject)', 50),
    ]),
  );
}

/** `guichet case REF` and `guichet cases`. */
export function printCases(io: CliIo, cases: CaseView[], json: boolean, single: boolean): void {
  if (json) return printJson(io.stdout, single ? cases[0] : cases);
  if (cases.length === 0) return println(io.stdout, 'no cases');
  for (const c of cases) {
    println(io.stdout, `${c.ref}  ${c.status}${c.agent ? ` (${c.agent})` : ''}  ${c.ground ? `${c.category}/${c.ground}` : c.category}  arrival #${c.arrivalSeq}  ${c.receivedAt}`);
    println(io.stdout, `  customer: ${c.customer.name ? `${c.customer.name} <${c.customer.email}>` : c.customer.email}${c.customer.accountIds.length ? `  (${c.customer.accountIds.join(', ')})` : ''}`);
    println(io.stdout, `  subject:  ${c.subject ?? '(no subject)'}`);
    for (const m of c.messages) println(io.stdout, `  - #${m.arrivalSeq ?? '-'} ${m.arrivedAt.slice(0, 16).replace('T', ' ')} ${m.direction} ${m.kind} (${m.matchedBy}) ${m.from ?? ''} ${clip(m.subject ?? '', 50)}`);
    if (single) for (const e of c.events) println(io.stdout, `  * ${e.at.slice(0, 19).replace('T', ' ')} ${e.type} by ${e.actor} ${JSON.stringify(e.data)}`);
    println(io.stdout);
  }
}

/** `guichet next`: exit 0 with the case, 3 when nothing can be handed out now (empty or waiting). */
export function printNext(io: CliIo, result: NextCaseResult, json: boolean): number {
  if (json) printJson(io.stdout, result);
  else if (result.status === 'assigned') println(io.stdout, `${result.ref} (arrival #${result.arrivalSeq})`);
  else if (result.status === 'waiting') println(io.stdout, `no case handed out: ${result.reason}; try again shortly`);
  else println(io.stdout, 'the queue is empty');
  return result.status === 'assigned' ? 0 : 3;
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
