// The opinion form's state and its submission: what was typed (kept from before the island took
// over), the field errors and their summary, the proof of work solved in the background, and the
// post with one retry when the challenge expired meanwhile. FeedbackForm.tsx renders it.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { SUBMITTER_ROLES, type SubmitterRole } from '../../../../server/domain/vocabulary.ts';
import { postFeedback, type Receipt } from './api.ts';
import { EMPTY_VALUES, type FieldErrors, type FieldName, type FormValues, toRequest, validate } from './form-model.ts';
import { canSolve, fetchAndSolve, isStale, type SolvedChallenge, waitBeforeSending } from './proof-of-work.ts';

/** A 群众点题 campaign taking nominations (the server checks its dates again). */
export interface FeedbackCampaignOption {
  id: number;
  theme: string;
}

export interface FeedbackFormSetup {
  /** Item codes a ?item= link may preset: the listed ones, or any when the list is cut short. */
  acceptsItemCode: (code: string) => boolean;
  /** Unit codes a ?unit= link may preset. */
  acceptsUnitCode: (code: string) => boolean;
  campaigns: FeedbackCampaignOption[];
  presetCampaign: FeedbackCampaignOption | undefined;
  bureauPhone: string;
}

export interface ErrorSummaryState {
  message: string;
  others: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the server-rendered form holds before the island took over (only fields that were touched). */
function readForm(form: HTMLFormElement): Partial<FormValues> {
  const data = new FormData(form);
  const text = (name: keyof FormValues) => {
    const value = data.get(name);
    return typeof value === 'string' && value !== '' ? { [name]: value } : {};
  };
  const role = data.get('role');
  return {
    ...(typeof role === 'string' && (SUBMITTER_ROLES as readonly string[]).includes(role) ? { role: role as SubmitterRole } : {}),
    ...text('category'),
    ...text('title'),
    ...text('itemCode'),
    ...text('unitCode'),
    ...text('content'),
    ...text('contactName'),
    ...text('contactPhone'),
    ...text('contactEmail'),
    ...(data.has('anonymous') ? { anonymous: true } : {}),
    ...(data.has('isUnder14') ? { isUnder14: true } : {}),
    ...(data.has('consentToPublish') ? { consentToPublish: true } : {}),
  };
}

export function useFeedbackForm({ acceptsItemCode, acceptsUnitCode, campaigns, presetCampaign, bureauPhone }: FeedbackFormSetup) {
  const [values, setValues] = useState<FormValues>(EMPTY_VALUES);
  const [campaign, setCampaign] = useState<FeedbackCampaignOption | null>(presetCampaign ?? null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [summary, setSummary] = useState<ErrorSummaryState | null>(null);
  const [sending, setSending] = useState<'' | 'checking' | 'sending'>('');
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  // False in the server-rendered HTML: the browser's own checks apply until the island is alive.
  const [ready, setReady] = useState(false);
  const [summaryFocus, setSummaryFocus] = useState(0);
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const proof = useRef<Promise<SolvedChallenge> | null>(null);

  /** Starts solving a fresh challenge in the background; a failure is kept for the submit. */
  function prepareProof(): void {
    if (!canSolve()) return;
    const pending = fetchAndSolve();
    pending.catch(() => undefined);
    proof.current = pending;
  }

  useEffect(() => {
    setReady(true);
    prepareProof();
    // On a slow connection people start typing before this script arrives: keep what they typed.
    const typed = formRef.current ? readForm(formRef.current) : {};
    // A ledger page links here with ?item=CODE, a school's poster with ?unit=CODE.
    const query = new URLSearchParams(window.location.search);
    const itemCode = query.get('item');
    const unitCode = query.get('unit');
    // Older links and posters reach the opinion form with ?campaign=ID.
    const campaignId = query.get('campaign');
    if (campaignId !== null) setCampaign(campaigns.find((candidate) => String(candidate.id) === campaignId) ?? null);
    setValues((current) => ({
      ...current,
      ...typed,
      ...(!typed.itemCode && itemCode && acceptsItemCode(itemCode) ? { itemCode } : {}),
      ...(!typed.unitCode && unitCode && acceptsUnitCode(unitCode) ? { unitCode } : {}),
    }));
  }, []);

  useEffect(() => {
    if (summaryFocus > 0) summaryRef.current?.focus();
  }, [summaryFocus]);

  function update<K extends FieldName>(field: K, value: FormValues[K]) {
    setValues((current) => {
      const next = { ...current, [field]: value };
      // Anonymous means no contact details at all: clear them rather than only hiding them.
      if (field === 'anonymous' && value === true) {
        next.contactName = '';
        next.contactPhone = '';
        next.contactEmail = '';
      }
      if (field === 'role' && value !== 'student') next.isUnder14 = false;
      return next;
    });
    if (errors[field]) {
      setErrors((current) => {
        const next = { ...current };
        delete next[field];
        return next;
      });
    }
  }

  function showErrors(fieldErrors: FieldErrors, message: string, others: string[]) {
    setErrors(fieldErrors);
    setSummary({ message, others });
    setSummaryFocus((n) => n + 1);
  }

  /** A solved challenge that the server will take now: fresh, and old enough. */
  async function readyProof(): Promise<string | null> {
    if (!proof.current) return null;
    let solved: SolvedChallenge;
    try {
      solved = await proof.current;
      if (isStale(solved)) {
        prepareProof();
        solved = await proof.current;
      }
    } catch {
      return null;
    }
    await sleep(waitBeforeSending(solved));
    return solved.payload;
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (sending) return;
    const fieldErrors = validate(values);
    const request = toRequest(values);
    if (Object.keys(fieldErrors).length > 0 || !request) {
      showErrors(fieldErrors, '请修改以下内容后再提交：', []);
      return;
    }
    setSummary(null);
    setSending('checking');
    let payload = await readyProof();
    if (payload === null) {
      // No worker or no WebCrypto here (or the check failed): send the plain form, which the
      // server takes without a proof of work and screens by hand.
      formRef.current?.submit();
      return;
    }
    // A script that fills every field fills the honeypot too: send it along, the server drops it.
    const trap = formRef.current?.querySelector<HTMLInputElement>('input[name="website"]')?.value ?? '';
    if (trap) request.website = trap;
    if (campaign) request.campaign = String(campaign.id);
    setSending('sending');
    let outcome = await postFeedback({ ...request, altcha: payload }, bureauPhone);
    if (outcome.kind === 'invalid' && outcome.proofOfWork) {
      // Expired or spent meanwhile: one more try with a fresh challenge.
      setSending('checking');
      prepareProof();
      payload = await readyProof();
      if (payload !== null) {
        setSending('sending');
        outcome = await postFeedback({ ...request, altcha: payload }, bureauPhone);
      }
    }
    setSending('');
    prepareProof();
    if (outcome.kind === 'created') {
      setErrors({});
      setReceipt(outcome.receipt);
      setValues(EMPTY_VALUES);
    } else if (outcome.kind === 'invalid') {
      showErrors(outcome.fieldErrors, outcome.message, outcome.otherMessages);
    } else {
      showErrors({}, outcome.message, []);
    }
  }

  return { values, update, errors, summary, summaryRef, sending, receipt, clearReceipt: () => setReceipt(null), ready, formRef, onSubmit, campaign, setCampaign };
}
