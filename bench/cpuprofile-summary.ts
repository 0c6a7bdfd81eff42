/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by package or
 * source area, and inclusive ("total") time of chosen functions, so a profile can be read in a
 * terminal. `node bench/cpuprofile-summary.ts <file.cpuprofile> [top=30] [function names...]`
 */
import { readFileSync } from 'node:fs';

interface CallFrame { functionName: string; url: string; lineNumber: number }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const [file, topArg, ...inclusiveNames] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/cpuprofile-summary.ts <file.cpuprofile> [top] [function names for inclusive time...]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const selfUs = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const totalUs = [...selfUs.values()].reduce((a, b) => a + b, 0);

function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native/builtin)';
  const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nm) return nm[1] as string;
  const src = /\/work\/main\/((?:src|test|bench)\/[^/]+(?:\/[^/]+)?)/.exec(url);
  if (src) return src[1] as string;
  if (url.startsWith('node:')) return url.split('/')[0] as string;
  return url;
}
function label(f: CallFrame): string {
  const short = f.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/\/work\/main\//, '');
  return `${f.functionName || '(anonymous)'} ${short}:${f.lineNumber + 1}`;
}

const byFunction = new Map<string, number>();
const byArea = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id);
  if (!n) continue;
  byFunction.set(label(n.callFrame), (byFunction.get(label(n.callFrame)) ?? 0) + us);
  const a = area(n.callFrame.url, n.callFrame.functionName);
  byArea.set(a, (byArea.get(a) ?? 0) + us);
}

const pct = (us: number) => `${((us / totalUs) * 100).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
console.log(`profile: ${(totalUs / 1e6).toFixed(2)} s sampled`);
console.log('\nself time by package / source area:');
for (const [a, us] of [...byArea].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${ms(us)} ${pct(us)}  ${a}`);
console.log('\nself time by function:');
for (const [f, us] of [...byFunction].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`  ${ms(us)} ${pct(us)}  ${f}`);

if (inclusiveNames.length > 0) {
  console.log('\ninclusive time (a sample counts once even under recursion):');
  for (const name of inclusiveNames) {
    let us = 0;
    for (const [id, self] of selfUs) {
      for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
        if (byId.get(cur)?.callFrame.functionName === name) {
          us += self;
          break;
        }
      }
    }
    console.log(`  ${ms(us)} ${pct(us)}  ${name}`);
  }
}
