/**
 * Measures repeat detection on hand-written labelled pairs (./calibration-mails.ts): precision and
 * recall of isSameProblem at thresholds 0.3…0.9, printed as a table, and the bars at the chosen
 * REPEAT_THRESHOLD: precision ≥ 0.98, recall ≥ 0.9. Also prints how the body measures that were
 * considered separate repeats from different problems, which is the reasoning in similarity.ts.
 */
import { describe, expect, it } from 'vitest';
import { contentWords } from '../../../src/ingest/threading/text/content-words.ts';
import { extractNewText } from '../../../src/ingest/threading/text/new-text.ts';
import { REPEAT_THRESHOLD, bodySimilarity, isSameProblem } from '../../../src/ingest/threading/text/similarity.ts';
import { PROBLEMS, SAME_GENERIC_SUBJECT, SECOND_INCIDENTS, type Mail } from './calibration-mails.ts';

interface Pair { a: Mail; b: Mail; same: boolean; kind: string }

function buildPairs(): Pair[] {
  const pairs: Pair[] = [];
  // Repeats: each problem's first mail against each of the two later mails.
  for (const p of PROBLEMS) for (const again of p.again) pairs.push({ a: p.first, b: again, same: true, kind: `repeat ${p.customer}/${p.topic}` });
  // Different problems of the same customer (shared greeting, signature, identifier).
  const customers = [...new Set(PROBLEMS.map((p) => p.customer))];
  for (const c of customers) {
    const [p, q] = PROBLEMS.filter((x) => x.customer === c);
    if (p === undefined || q === undefined) continue;
    pairs.push({ a: p.first, b: q.first, same: false, kind: `same customer ${c}` });
    pairs.push({ a: p.again[0], b: q.again[1], same: false, kind: `same customer ${c}` });
    pairs.push({ a: p.again[1], b: q.again[0], same: false, kind: `same customer ${c}` });
  }
  // Different customers, different topics.
  PROBLEMS.forEach((p, k) => {
    const q = PROBLEMS[(k + 3) % PROBLEMS.length];
    if (q !== undefined && q.customer !== p.customer && q.topic !== p.topic) {
      pairs.push({ a: p.first, b: q.again[k % 2 === 0 ? 0 : 1], same: false, kind: `other customer ${p.topic}/${q.topic}` });
    }
  });
  // A second incident of the same kind for the same customer.
  for (const s of SECOND_INCIDENTS) {
    const p = PROBLEMS.find((q) => q.customer === s.customer && q.topic === s.topic);
    if (p === undefined) continue;
    pairs.push({ a: p.first, b: s.mail, same: false, kind: `second incident ${s.customer}/${s.topic}` });
    pairs.push({ a: p.again[0], b: s.mail, same: false, kind: `second incident ${s.customer}/${s.topic}` });
  }
  // The same generic subject ("Bonjour", "Mon compte") on a different problem of the same customer.
  for (const s of SAME_GENERIC_SUBJECT) {
    const p = PROBLEMS.find((q) => q.customer === s.customer && q.topic === s.topic);
    if (p !== undefined) pairs.push({ a: p.again[1], b: s.mail, same: false, kind: `same generic subject ${s.customer}: ${s.mail.subject ?? ''}` });
  }
  return pairs;
}

function score(pairs: Pair[], threshold: number) {
  let tp = 0, fp = 0, fn = 0, bySubject = 0, byBody = 0;
  const errors: string[] = [];
  for (const p of pairs) {
    const r = isSameProblem(p.a, p.b, { threshold });
    if (r.same && p.same) tp++;
    if (r.same && !p.same) { fp++; errors.push(`FP ${p.kind} (${r.by} ${r.score.toFixed(2)})`); }
    if (!r.same && p.same) { fn++; errors.push(`FN ${p.kind} (${r.score.toFixed(2)})`); }
    if (r.same && r.by === 'subject') bySubject++;
    if (r.same && r.by === 'body') byBody++;
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp / (tp + fn);
  return { precision, recall, tp, fp, fn, bySubject, byBody, errors };
}

/** The body alone, subjects ignored: precision and recall over all pairs. */
function scoreBody(pairs: Pair[], threshold: number) {
  let tp = 0, fp = 0, fn = 0;
  for (const p of pairs) {
    const r = isSameProblem({ subject: null, text: p.a.text }, { subject: null, text: p.b.text }, { threshold });
    if (r.same && p.same) tp++;
    if (r.same && !p.same) fp++;
    if (!r.same && p.same) fn++;
  }
  return { precision: tp + fp === 0 ? 1 : tp / (tp + fp), recall: tp / (tp + fn) };
}

// The measures that were considered, on the same new texts, for the printed comparison.
const sets = (t: string) => new Set(contentWords(t));
const shingles = (t: string) => { const w = contentWords(t); return new Set(w.slice(2).map((_, i) => w.slice(i, i + 3).join(' '))); };
const inter = (a: Set<string>, b: Set<string>) => [...a].filter((x) => b.has(x)).length;
const ALTERNATIVES: Record<string, (a: string, b: string) => number> = {
  'overlap of content words (chosen)': bodySimilarity,
  'Jaccard of word 3-shingles': (a, b) => { const A = shingles(a), B = shingles(b); const i = inter(A, B); return i / (A.size + B.size - i || 1); },
  'Dice of content words': (a, b) => { const A = sets(a), B = sets(b); return (2 * inter(A, B)) / (A.size + B.size || 1); },
  'cosine of content-word counts': (a, b) => {
    const count = (t: string) => contentWords(t).reduce((m, w) => m.set(w, (m.get(w) ?? 0) + 1), new Map<string, number>());
    const A = count(a), B = count(b);
    let dot = 0, na = 0, nb = 0;
    for (const [w, n] of A) { na += n * n; dot += n * (B.get(w) ?? 0); }
    for (const n of B.values()) nb += n * n;
    return na && nb ? dot / Math.sqrt(na * nb) : 0;
  },
};

describe('repeat detection calibration', () => {
  const pairs = buildPairs();

  it('has about forty labelled pairs of each kind', () => {
    expect(pairs.filter((p) => p.same).length).toBeGreaterThanOrEqual(40);
    expect(pairs.filter((p) => !p.same).length).toBeGreaterThanOrEqual(40);
  });

  it(`reaches precision ≥ 0.98 and recall ≥ 0.9 at REPEAT_THRESHOLD = ${REPEAT_THRESHOLD}`, () => {
    const rows = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9].map((t) => {
      const s = score(pairs, t);
      const body = scoreBody(pairs, t);
      return {
        threshold: t, precision: +s.precision.toFixed(3), recall: +s.recall.toFixed(3), TP: s.tp, FP: s.fp, FN: s.fn,
        'by subject': s.bySubject, 'by body': s.byBody, 'body-only P': +body.precision.toFixed(3), 'body-only R': +body.recall.toFixed(3),
      };
    });
    const measures = Object.entries(ALTERNATIVES).map(([name, f]) => {
      const sim = (p: Pair) => f(extractNewText(p.a.text), extractNewText(p.b.text));
      const same = pairs.filter((p) => p.same).map(sim).sort((x, y) => x - y);
      const diff = pairs.filter((p) => !p.same).map(sim).sort((x, y) => y - x);
      return { measure: name, 'repeats min': +(same[0] ?? 0).toFixed(2), 'repeats median': +(same[Math.floor(same.length / 2)] ?? 0).toFixed(2), 'different max': +(diff[0] ?? 0).toFixed(2) };
    });
    const chosen = score(pairs, REPEAT_THRESHOLD);
    console.log(`[calibration] ${pairs.filter((p) => p.same).length} repeat pairs, ${pairs.filter((p) => !p.same).length} different-problem pairs`);
    console.table(rows);
    console.log('[calibration] body measures (all pairs, on extracted new texts):');
    console.table(measures);
    if (chosen.errors.length > 0) console.log(`[calibration] errors at ${REPEAT_THRESHOLD}:\n  ${chosen.errors.join('\n  ')}`);
    expect(chosen.precision).toBeGreaterThanOrEqual(0.98);
    expect(chosen.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps every repeat the subject misses above the threshold when its body is long enough', () => {
    for (const p of pairs.filter((x) => x.same)) {
      const r = isSameProblem(p.a, p.b);
      if (r.by !== 'subject' && r.score > 0) expect(r.score, p.kind).toBeGreaterThanOrEqual(REPEAT_THRESHOLD);
    }
  });
});
