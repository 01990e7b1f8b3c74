// Signing in, one stage at a time as the server names it: password, then the second factor (a code
// from the authenticator app or a recovery code), enrolment of the second factor on first sign-in,
// and a new password when the account still has a temporary one.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { login, verifyTotp } from './api.ts';
import { ChangePassword } from './ChangePassword.tsx';
import { fieldErrors, useSubmission } from './hooks.ts';
import { SwitchAccount } from './SwitchAccount.tsx';
import { TotpEnrol } from './TotpEnrol.tsx';
import type { Session } from './types.ts';
import { Field, focusFirstInvalid, FormError, ScreenHeading, TotpCodeField } from './ui.tsx';

interface SignInProps {
  session: Session;
  /** Fetch the session again: the stage and the CSRF token have changed. */
  onStageChange: () => Promise<void>;
  /** The previous session ended (timed out or signed out elsewhere). */
  expired: boolean;
}

export function SignIn({ session, onStageChange, expired }: SignInProps) {
  switch (session.stage) {
    case 'totp':
      return <TotpStep onStageChange={onStageChange} />;
    case 'enroll':
      return <TotpEnrol onStageChange={onStageChange} />;
    case 'change_password':
      return (
        <div class="admin-narrow">
          <ChangePassword
            forced
            onChanged={onStageChange}
            intro="您正在使用系统管理员设置的临时密码，请先设置自己的新密码，再进入管理后台。"
          />
          <SwitchAccount onStageChange={onStageChange} />
        </div>
      );
    default:
      return <PasswordStep onStageChange={onStageChange} expired={expired} />;
  }
}

function PasswordStep({ onStageChange, expired }: { onStageChange: () => Promise<void>; expired: boolean }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const submission = useSubmission();
  const errors = { ...fieldErrors(submission.error), ...missing };

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (!username.trim()) problems.username = '请输入用户名。';
    if (!password) problems.password = '请输入密码。';
    setMissing(problems);
    if (Object.keys(problems).length > 0) return focusFirstInvalid(event.currentTarget);
    const answer = await submission.run(() => login(username.trim(), password));
    if (answer) {
      setPassword('');
      await onStageChange();
    }
  }

  return (
    <div class="admin-narrow">
      <ScreenHeading title="登录">登录管理后台</ScreenHeading>
      {expired && <p class="admin-message admin-message--warning">登录已失效，请重新登录。</p>}
      <p class="page-intro">仅限教育局及各科室、学校的工作人员使用。登录和办理操作均记录在审计日志中。</p>
      <form class="admin-form" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} />
        <Field id="signin-username" label="用户名" error={errors.username} required>
          {(control) => (
            <input
              {...control}
              class="input"
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellcheck={false}
              value={username}
              onInput={(event) => setUsername(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field id="signin-password" label="密码" error={errors.password} required>
          {(control) => (
            <input
              {...control}
              class="input"
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          )}
        </Field>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={submission.busy ? 'true' : undefined}>
            {submission.busy ? '正在登录…' : '登录'}
          </button>
        </div>
      </form>
      <p class="field__hint admin-after-form">忘记密码或动态口令设备丢失时，请联系系统管理员重置。</p>
    </div>
  );
}

const TOTP_CODE = /^\d{6}$/;

function TotpStep({ onStageChange }: { onStageChange: () => Promise<void> }) {
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [recoveryCode, setRecoveryCode] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const submission = useSubmission();
  const serverErrors = fieldErrors(submission.error);

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const value = useRecovery ? recoveryCode.trim() : code.replace(/\s/g, '');
    if (useRecovery ? value.length === 0 : !TOTP_CODE.test(value)) {
      setInvalid(useRecovery ? '请输入一个恢复码。' : '请输入 6 位数字动态口令。');
      return focusFirstInvalid(event.currentTarget);
    }
    setInvalid(null);
    const answer = await submission.run(() => verifyTotp(useRecovery ? { recoveryCode: value } : { code: value }));
    if (answer) await onStageChange();
    else {
      setCode('');
    }
  }

  const switched = useRef(false);
  // After switching between code and recovery code, focus goes to the field now shown.
  useEffect(() => {
    if (!switched.current) return;
    switched.current = false;
    document.getElementById(useRecovery ? 'signin-recovery' : 'signin-totp')?.focus();
  }, [useRecovery]);

  function switchMode() {
    switched.current = true;
    setUseRecovery((current) => !current);
    setInvalid(null);
    submission.setError(null);
  }

  return (
    <div class="admin-narrow">
      <ScreenHeading title="动态口令">{useRecovery ? '使用恢复码登录' : '输入动态口令'}</ScreenHeading>
      <p class="page-intro">
        {useRecovery
          ? '请输入绑定动态口令时保存的恢复码之一。每个恢复码只能使用一次，用过后请尽快请系统管理员重置动态口令。'
          : '请打开手机上的身份验证器应用，输入本账号当前显示的 6 位数字。'}
      </p>
      <form class="admin-form" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} />
        {useRecovery ? (
          <Field id="signin-recovery" label="恢复码" error={invalid ?? serverErrors.recoveryCode} required>
            {(control) => (
              <input
                {...control}
                class="input admin-code-input"
                name="recoveryCode"
                autoComplete="off"
                autoCapitalize="none"
                spellcheck={false}
                value={recoveryCode}
                onInput={(event) => setRecoveryCode(event.currentTarget.value)}
              />
            )}
          </Field>
        ) : (
          <TotpCodeField id="signin-totp" name="code" hint="6 位数字，每 30 秒更换一次。" error={invalid ?? serverErrors.code} value={code} onChange={setCode} />
        )}
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={submission.busy ? 'true' : undefined}>
            {submission.busy ? '正在验证…' : '验证并登录'}
          </button>
          <button type="button" class="admin-link-button" onClick={switchMode}>
            {useRecovery ? '改用动态口令' : '手机不在身边？使用恢复码'}
          </button>
        </div>
      </form>
      <SwitchAccount onStageChange={onStageChange} />
    </div>
  );
}
