// A new password: required after a temporary one (sign-in stage 'change_password'), and open to
// anyone signed in from the header's 修改密码 link.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { changePassword } from './api.ts';
import { fieldErrors, useSubmission } from './hooks.ts';
import { Field, focusFirstInvalid, FormError, LiveMessage, ScreenHeading } from './ui.tsx';

export const PASSWORD_MIN_LENGTH = 12;

const LABELS = { currentPassword: '当前密码', newPassword: '新密码', confirmPassword: '再次输入新密码' };

interface ChangePasswordProps {
  forced?: boolean;
  intro?: string;
  onChanged: () => Promise<void>;
}

export function ChangePassword({ forced = false, intro, onChanged }: ChangePasswordProps) {
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmPassword, setConfirmPassword] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const submission = useSubmission();
  const errors = { ...fieldErrors(submission.error), ...problems };

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!currentPassword) found.currentPassword = '请输入当前密码。';
    if ([...newPassword].length < PASSWORD_MIN_LENGTH) found.newPassword = `新密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符。`;
    else if (newPassword === currentPassword) found.newPassword = '新密码不能与当前密码相同。';
    if (!found.newPassword && confirmPassword !== newPassword) found.confirmPassword = '两次输入的新密码不一致。';
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    const answer = await submission.run(() => changePassword(currentPassword, newPassword));
    if (answer) {
      setCurrentPassword('');
      setNewPassword('');
      setConfirmPassword('');
      setDone(true);
      await onChanged();
    }
  }

  return (
    <>
      <ScreenHeading title="修改密码">{forced ? '设置新密码' : '修改密码'}</ScreenHeading>
      {intro && <p class="page-intro">{intro}</p>}
      <LiveMessage message={done ? '密码已修改。下次登录请使用新密码。' : null} />
      <form class="admin-form" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} labels={LABELS} idPrefix="password" />
        {/* Lets password managers file the new password under the right account. */}
        <PasswordField
          id="password-currentPassword"
          label={forced ? '临时密码' : LABELS.currentPassword}
          autoComplete="current-password"
          error={errors.currentPassword}
          value={currentPassword}
          onChange={setCurrentPassword}
        />
        <PasswordField
          id="password-newPassword"
          label={LABELS.newPassword}
          hint={`至少 ${PASSWORD_MIN_LENGTH} 个字符。建议用几个词组成一句只有自己知道的话，不要与其他网站的密码相同。`}
          autoComplete="new-password"
          minLength={PASSWORD_MIN_LENGTH}
          error={errors.newPassword}
          value={newPassword}
          onChange={setNewPassword}
        />
        <PasswordField
          id="password-confirmPassword"
          label={LABELS.confirmPassword}
          autoComplete="new-password"
          error={errors.confirmPassword}
          value={confirmPassword}
          onChange={setConfirmPassword}
        />
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={submission.busy ? 'true' : undefined}>
            {submission.busy ? '正在保存…' : '保存新密码'}
          </button>
        </div>
      </form>
    </>
  );
}

interface PasswordFieldProps {
  id: string;
  label: string;
  hint?: string;
  autoComplete: 'current-password' | 'new-password';
  minLength?: number;
  error: string | undefined;
  value: string;
  onChange: (value: string) => void;
}

function PasswordField({ id, label, hint, autoComplete, minLength, error, value, onChange }: PasswordFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} required>
      {(control) => (
        <input {...control} class="input" type="password" autoComplete={autoComplete} minLength={minLength} value={value} onInput={(event) => onChange(event.currentTarget.value)} />
      )}
    </Field>
  );
}
