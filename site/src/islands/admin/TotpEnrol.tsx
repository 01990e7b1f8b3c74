// First sign-in: bind an authenticator app (TOTP). Shows the server's QR code as an image (never as
// markup in the page) and the secret as text, checks one code, then shows the ten recovery codes
// exactly once. The session is fetched again only after the person confirms they kept them.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { confirmTotpEnrollment, getTotpEnrollment } from './api.ts';
import { fieldErrors, useLoad, useSubmission } from './hooks.ts';
import { SwitchAccount } from './SwitchAccount.tsx';
import { focusFirstInvalid, FormError, LoadError, Loading, ScreenHeading, TotpCodeField } from './ui.tsx';

/** The SVG as a data: URL for an <img>: the browser renders it as an image, with no script. */
export function svgDataUrl(svg: string): string {
  const bytes = new TextEncoder().encode(svg);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** 'JBSWY3DPEHPK3PXP' → 'JBSW Y3DP EHPK 3PXP', easier to type from the screen. */
function groupSecret(secret: string): string {
  return secret.replace(/\s/g, '').replace(/(.{4})(?=.)/g, '$1 ');
}

export function TotpEnrol({ onStageChange }: { onStageChange: () => Promise<void> }) {
  const enrollment = useLoad(getTotpEnrollment, 'enrollment');
  const [code, setCode] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const submission = useSubmission();

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const value = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(value)) {
      setInvalid('请输入验证器应用显示的 6 位数字。');
      return focusFirstInvalid(event.currentTarget);
    }
    setInvalid(null);
    const answer = await submission.run(() => confirmTotpEnrollment(value));
    if (answer) setRecoveryCodes(answer.recoveryCodes);
    else setCode('');
  }

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onConfirm={onStageChange} />;

  return (
    <div class="admin-narrow">
      <ScreenHeading title="绑定动态口令">绑定动态口令</ScreenHeading>
      <p class="page-intro">为保护群众来信中的个人信息，管理后台登录需要密码和手机动态口令两道验证。首次登录请完成绑定。</p>
      {enrollment.loading && <Loading />}
      {enrollment.error && <LoadError error={enrollment.error} onRetry={enrollment.reload} />}
      {enrollment.data && (
        <>
          <ol class="admin-steps">
            <li>
              <p>在手机上打开支持 TOTP 的身份验证器应用，选择“扫描二维码”，扫描下方二维码。</p>
              <img class="admin-qr" src={svgDataUrl(enrollment.data.qrSvg)} width={200} height={200} alt="动态口令绑定二维码" />
            </li>
            <li>
              <p>无法扫描时，可在应用中选择“手动输入密钥”，输入以下密钥（时间型，6 位，30 秒）：</p>
              <p class="admin-secret" aria-label={`密钥：${enrollment.data.secret.split('').join(' ')}`}>
                {groupSecret(enrollment.data.secret)}
              </p>
            </li>
            <li>
              <p>输入应用中显示的 6 位数字，完成绑定。</p>
              <form class="admin-form" noValidate onSubmit={onSubmit}>
                <FormError error={submission.error} />
                <TotpCodeField id="enrol-code" error={invalid ?? fieldErrors(submission.error).code} value={code} onChange={setCode} />
                <div class="form-actions">
                  <button type="submit" class="button" aria-disabled={submission.busy ? 'true' : undefined}>
                    {submission.busy ? '正在验证…' : '完成绑定'}
                  </button>
                </div>
              </form>
            </li>
          </ol>
        </>
      )}
      <SwitchAccount onStageChange={onStageChange} />
    </div>
  );
}

function RecoveryCodes({ codes, onConfirm }: { codes: string[]; onConfirm: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  async function confirm() {
    if (busy) return;
    setBusy(true);
    await onConfirm();
    setBusy(false);
  }
  return (
    <div class="admin-narrow">
      <div class="receipt admin-recovery">
        <ScreenHeading title="保存恢复码">动态口令已绑定，请保存恢复码</ScreenHeading>
        <p>
          手机丢失或无法使用验证器应用时，可以用下面的恢复码代替动态口令登录。<strong>每个恢复码只能使用一次，且只显示这一次。</strong>
          请抄写或打印后妥善保管，不要拍照存放在手机里，也不要发给他人。
        </p>
        <ol class="admin-recovery-codes">
          {codes.map((code) => (
            <li key={code}>
              <code>{code}</code>
            </li>
          ))}
        </ol>
        <div class="form-actions">
          <button type="button" class="button" onClick={confirm} aria-disabled={busy ? 'true' : undefined}>
            我已妥善保存
          </button>
          <button type="button" class="button button--secondary" onClick={() => window.print()}>
            打印
          </button>
        </div>
      </div>
    </div>
  );
}
