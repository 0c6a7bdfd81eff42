/**
 * How many messages of each scenario a mailbox of a given size holds. Exact numbers, so tests
 * can check that every scenario is present as planned.
 */

export interface Quotas {
  messages: number;
  /** Distinct customers. */
  customers: number;
  cases: number;
  /** Cases opened by a customer who already has one (a different problem). */
  secondProblemCases: number;
  /** Pairs of different customers' cases with the same subject and near-identical wording. */
  sameSubjectPairs: number;
  /** Cases by category and ground. */
  requests: number;
  technicalFailures: number;
  nonCompliantDecisions: number;
  servicesNotProvided: number;
  /** Cases whose first message comes through the contact form. */
  formCases: number;
  repeatsPrefixedSubject: number;
  repeatsSimilarBody: number;
  repeatsContactForm: number;
  followUpsOutlook: number;
  followUpsGmail: number;
  autoRepliesAutoSubmitted: number;
  autoRepliesSubject: number;
  autoRepliesXAutoreply: number;
  bounces: number;
}

export const DEFAULT_MESSAGES = 320;
export const MIN_MESSAGES = 60;

/**
 * The quotas for `messages` messages: about 4 % bounces, 6 % auto-replies; of the case mail,
 * 22 % repeats (40 % prefixed subject, 35 % similar body, the rest via the form) and 12 %
 * follow-ups; 8 % of cases are a customer's second problem, 3 % pairs of same-subject cases;
 * 45 % requests and the complaints split evenly over the three grounds; 55 % of cases open
 * through the contact form. `customers` (default: one per case, minus the second problems)
 * changes how many cases are a customer's later problem.
 */
export function planQuotas(messages: number = DEFAULT_MESSAGES, customers?: number): Quotas {
  if (!Number.isInteger(messages) || messages < MIN_MESSAGES) throw new RangeError(`messages must be an integer ≥ ${MIN_MESSAGES}`);
  const bounces = Math.round(messages * 0.04);
  const autoReplies = Math.round(messages * 0.06);
  const caseMessages = messages - bounces - autoReplies;
  const repeats = Math.round(caseMessages * 0.22);
  const followUps = Math.round(caseMessages * 0.12);
  const cases = caseMessages - repeats - followUps;
  const sameSubjectPairs = Math.max(1, Math.round(cases * 0.03));
  const defaultCustomers = cases - Math.max(1, Math.round(cases * 0.08));
  const customerCount = customers ?? defaultCustomers;
  // At most six cases per customer: each of a customer's cases is about a different family of problems.
  const minCustomers = Math.max(2 * sameSubjectPairs + 1, Math.ceil(cases / 6));
  if (!Number.isInteger(customerCount) || customerCount < minCustomers || customerCount > cases) {
    throw new RangeError(`customers must be an integer between ${minCustomers} and ${cases} for ${messages} messages`);
  }
  const requests = Math.round(cases * 0.45);
  const complaints = cases - requests;
  const technicalFailures = Math.round(complaints / 3);
  const nonCompliantDecisions = Math.round(complaints / 3);
  const repeatsPrefixedSubject = Math.round(repeats * 0.4);
  const repeatsSimilarBody = Math.round(repeats * 0.35);
  const followUpsOutlook = Math.round(followUps / 2);
  const autoRepliesAutoSubmitted = Math.ceil(autoReplies / 3);
  const autoRepliesSubject = Math.round(autoReplies / 3);
  return {
    messages,
    customers: customerCount,
    cases,
    secondProblemCases: cases - customerCount,
    sameSubjectPairs,
    requests,
    technicalFailures,
    nonCompliantDecisions,
    servicesNotProvided: complaints - technicalFailures - nonCompliantDecisions,
    formCases: Math.round(cases * 0.55),
    repeatsPrefixedSubject,
    repeatsSimilarBody,
    repeatsContactForm: repeats - repeatsPrefixedSubject - repeatsSimilarBody,
    followUpsOutlook,
    followUpsGmail: followUps - followUpsOutlook,
    autoRepliesAutoSubmitted,
    autoRepliesSubject,
    autoRepliesXAutoreply: autoReplies - autoRepliesAutoSubmitted - autoRepliesSubject,
    bounces,
  };
}
