/**
 * B-cubed precision, recall and F1 (Bagga & Baldwin 1998, "Entity-based cross-document
 * coreferencing using the vector space model") of a predicted clustering against the truth.
 *
 * For each item i: precision(i) = |C(i) ∩ L(i)| / |C(i)| and recall(i) = |C(i) ∩ L(i)| / |L(i)|,
 * where C(i) is i's predicted cluster and L(i) its true cluster; precision and recall are the
 * averages over the items (equal weights), F1 their harmonic mean.
 *
 * Which items count: only those whose truth is non-null (messages that belong to a case).
 * Items whose truth is null (auto-replies, bounces) are left out entirely, on both sides: they
 * neither enlarge a predicted cluster nor count as items. Putting them in a case is an error of
 * another kind, measured separately.
 *
 * A predicted null (the item was put in no case) counts as a singleton cluster of its own: full
 * precision for that item, recall 1/|L(i)|. Two predicted nulls are never in the same cluster.
 *
 * With no item to score (every truth null) the result is 1, 1, 1 (nothing was done wrong).
 */
export interface BCubed {
  precision: number;
  recall: number;
  f1: number;
}

export function bcubed(truth: readonly (string | null)[], predicted: readonly (string | null)[]): BCubed {
  if (truth.length !== predicted.length) {
    throw new RangeError(`truth has ${truth.length} items, predicted ${predicted.length}`);
  }
  const trueSize = new Map<string, number>();
  const predictedSize = new Map<string, number>();
  /** Items shared by a true cluster and a predicted cluster: truth label → predicted label → count. */
  const overlap = new Map<string, Map<string, number>>();
  let items = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    if (t === null || t === undefined) continue;
    items++;
    trueSize.set(t, (trueSize.get(t) ?? 0) + 1);
    const p = predicted[i];
    if (p === null || p === undefined) continue;
    predictedSize.set(p, (predictedSize.get(p) ?? 0) + 1);
    const row = overlap.get(t) ?? new Map<string, number>();
    row.set(p, (row.get(p) ?? 0) + 1);
    overlap.set(t, row);
  }
  if (items === 0) return { precision: 1, recall: 1, f1: 1 };

  let precision = 0;
  let recall = 0;
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    if (t === null || t === undefined) continue;
    const p = predicted[i];
    const together = p === null || p === undefined ? 1 : (overlap.get(t)?.get(p) ?? 0);
    const clusterSize = p === null || p === undefined ? 1 : (predictedSize.get(p) ?? 1);
    precision += together / clusterSize;
    recall += together / (trueSize.get(t) ?? 1);
  }
  precision /= items;
  recall /= items;
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}
