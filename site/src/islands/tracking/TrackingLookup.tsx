// 查询办理进度: a form for the tracking code and secret. Without JavaScript it posts to the server,
// which answers with a page; with JavaScript this island asks the API and shows the result here,
// with the rating and withdrawal forms.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Rating } from '../../../../server/domain/vocabulary.ts';
import { TRACK_PLAIN_PATH } from '../../consts.ts';
import { trackRequest, type TrackingView } from './api.ts';
import { TrackingResult } from './TrackingResult.tsx';

/** The code and secret as the form's fields hold them. */
function readTyped(form: HTMLFormElement): { code: string; secret: string } {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value : '';
  };
  return { code: text('trackingCode'), secret: text('secret') };
}

/** `#code=…&secret=…` → both, or null when either is missing. */
function fromFragment(hash: string): { code: string; secret: string } | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get('code')?.trim() ?? '';
  const secret = params.get('secret')?.trim() ?? '';
  return code && secret ? { code, secret } : null;
}

export default function TrackingLookup() {
  const [code, setCode] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');
  const [view, setView] = useState<TrackingView | null>(null);
  const [ready, setReady] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    setReady(true);
    // The submitter's own tracking link (the receipt's QR code, a bookmark, a home-screen icon)
    // carries code and secret in the fragment, which no server sees: look the opinion up at once.
    const linked = fromFragment(window.location.hash);
    if (linked) {
      setCode(linked.code);
      setSecret(linked.secret);
      void run('', {}, '', linked);
      return;
    }
    // On a slow phone people type before this script arrives: keep what they typed, or the
    // first render of the island would empty the fields.
    const typed = formRef.current ? readTyped(formRef.current) : { code: '', secret: '' };
    if (typed.code) setCode(typed.code);
    if (typed.secret) setSecret(typed.secret);
  }, []);
  useEffect(() => {
    if (view) resultRef.current?.focus();
  }, [view?.trackingCode, view?.state, view?.rating?.rating]);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function run(path: '' | '/rate' | '/withdraw', extra: Record<string, string>, success: string, typed = { code, secret }) {
    if (busy) return;
    setBusy(true);
    setError('');
    setNotice('');
    const outcome = await trackRequest(path, { trackingCode: typed.code.trim(), secret: typed.secret.trim(), ...extra });
    setBusy(false);
    if (outcome.ok) {
      setView(outcome.view);
      setNotice(success);
    } else {
      if (outcome.status === 404) setView(null);
      setError(outcome.message);
    }
  }

  return (
    <div>
      <form
        class="form"
        method="post"
        action={TRACK_PLAIN_PATH}
        noValidate={ready}
        ref={formRef}
        onSubmit={(event) => {
          event.preventDefault();
          // What the fields show is what is looked up, whatever reached the state.
          const typed = readTyped(event.currentTarget);
          setCode(typed.code);
          setSecret(typed.secret);
          if (!typed.code.trim() || !typed.secret.trim()) {
            setError('请填写查询码和查询密码。');
            return;
          }
          void run('', {}, '', typed);
        }}
      >
        {error && (
          <div class="error-summary" role="alert" tabIndex={-1} ref={errorRef} id="track-error">
            <h2>{error}</h2>
          </div>
        )}
        <div class="field">
          <label class="field__label" for="track-code">
            查询码
          </label>
          <span class="field__hint" id="track-code-hint">
            提交意见后页面上显示的查询码，例如 FK20261126-7QXM。
          </span>
          <input
            class="input"
            id="track-code"
            name="trackingCode"
            autoComplete="off"
            autoCapitalize="characters"
            spellcheck={false}
            maxLength={32}
            required
            value={code}
            aria-describedby={error ? 'track-code-hint track-error' : 'track-code-hint'}
            aria-invalid={error ? true : undefined}
            onInput={(event) => setCode(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label class="field__label" for="track-secret">
            查询密码
          </label>
          <input
            class="input"
            id="track-secret"
            name="secret"
            autoComplete="off"
            autoCapitalize="none"
            spellcheck={false}
            maxLength={40}
            required
            value={secret}
            aria-describedby={error ? 'track-error' : undefined}
            aria-invalid={error ? true : undefined}
            onInput={(event) => setSecret(event.currentTarget.value)}
          />
        </div>
        <div class="form-actions">
          <button type="submit" class="button" disabled={busy}>
            {busy ? '正在查询…' : '查询'}
          </button>
        </div>
      </form>

      {view && (
        <div tabIndex={-1} ref={resultRef} aria-labelledby="tracking-result-heading">
          <h2 id="tracking-result-heading">办理进度</h2>
          {notice && (
            <div class="notice" role="status">
              <p>{notice}</p>
            </div>
          )}
          <TrackingResult
            view={view}
            busy={busy}
            onRate={(rating: Rating, comment: string) => void run('/rate', comment ? { rating, comment } : { rating }, '感谢您的评价！')}
            onWithdraw={() => void run('/withdraw', {}, '这条意见已撤回，不再办理。')}
          />
        </div>
      )}
    </div>
  );
}
