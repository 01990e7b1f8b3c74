// The receipt: the tracking code and the secret, shown once, with a copy button and the advice
// to keep them (a screenshot will do).
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDateTime } from '../../lib/format.ts';
import type { Receipt } from './api.ts';

function formatSubmittedAt(iso: string): string {
  return !iso || Number.isNaN(new Date(iso).getTime()) ? '' : formatDateTime(iso);
}

/** Copies with the Clipboard API where allowed, else through a selected text area. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the old way
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}

export function ReceiptView({ receipt, onAnother }: { receipt: Receipt; onAnother: () => void }) {
  const regionRef = useRef<HTMLDivElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    regionRef.current?.focus();
  }, []);
  const submittedAt = formatSubmittedAt(receipt.submittedAt);
  const copy = async () => {
    const ok = await copyText(`查询码：${receipt.trackingCode}\n查询密码：${receipt.secret}\n查询地址：${window.location.origin}/track/`);
    setCopyState(ok ? 'copied' : 'failed');
  };
  return (
    <div class="receipt" role="status" tabIndex={-1} ref={regionRef} aria-labelledby="feedback-receipt-heading">
      <h2 id="feedback-receipt-heading">您的意见已提交</h2>
      <p>
        当前状态：{receipt.statusLabel}
        {submittedAt && <>，提交时间：{submittedAt}</>}。
      </p>
      <dl class="receipt__codes">
        <div>
          <dt>查询码</dt>
          <dd data-testid="tracking-code">{receipt.trackingCode}</dd>
        </div>
        <div>
          <dt>查询密码</dt>
          <dd data-testid="tracking-secret">{receipt.secret}</dd>
        </div>
      </dl>
      <p>
        <strong>请抄写、复制或截图保存查询码和查询密码。</strong>
        查询密码只显示这一次，我们无法找回。今后您可以凭查询码和查询密码查看办理进度、评价答复或撤回意见。
      </p>
      <div class="receipt__actions">
        <button type="button" class="button" onClick={copy}>
          复制查询码和密码
        </button>
        <a class="button button--secondary" href="/track/">
          查询办理进度
        </a>
      </div>
      <p aria-live="polite">{copyState === 'copied' ? '已复制，可以粘贴到备忘录或发给自己保存。' : copyState === 'failed' ? '没能自动复制，请截图或抄写保存。' : ''}</p>
      <button type="button" class="button button--secondary" onClick={onAnother}>
        再提交一条意见
      </button>
    </div>
  );
}
