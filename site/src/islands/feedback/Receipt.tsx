// The receipt: the tracking code and the secret, shown once, with a copy button and the advice
// to keep them (a screenshot will do).
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDate, formatDateTime } from '../../lib/format.ts';
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

/** The tracking page on this origin with code and secret in the fragment (never sent to a server). */
function ownTrackingLink(receipt: Receipt): string {
  return `${window.location.origin}/track/#code=${encodeURIComponent(receipt.trackingCode)}&secret=${encodeURIComponent(receipt.secret)}`;
}

/**
 * When to come back and how to get back, as on the receipt page without JavaScript
 * (server/pages/channel-pages.ts, receiptComeBack): the due date, the tracking link as a QR code
 * (drawn by the server, shown as an image) and as a link to keep on the home screen.
 */
function ComeBack({ receipt }: { receipt: Receipt }) {
  const link = ownTrackingLink(receipt);
  return (
    <section class="receipt-next" aria-labelledby="receipt-when">
      {receipt.replyDueBy && (
        <>
          <h3 id="receipt-when">什么时候回来查看</h3>
          <p>
            请在 <strong data-testid="reply-due-by">{formatDate(receipt.replyDueBy)}</strong>{' '}
            前后回来查看：答复最迟在这一天作出（受理后开始计算，以查询页上的答复期限为准）。答复会显示在查询页上；只留了手机号的，查询页就是看答复的地方。
          </p>
        </>
      )}
      <h3 id={receipt.replyDueBy ? 'receipt-link' : 'receipt-when'}>保存查询链接</h3>
      {receipt.trackingQrSvg && (
        <figure class="receipt-next__qr">
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(receipt.trackingQrSvg)}`}
            width={180}
            height={180}
            alt="查询链接二维码：扫码即可打开本条意见的办理进度"
          />
          <figcaption>截图保存这个二维码，或用另一部手机扫码打开。</figcaption>
        </figure>
      )}
      <p>
        <a class="button button--secondary" href={link} data-testid="tracking-link">
          打开我的查询链接
        </a>
      </p>
      <p>打开后在浏览器菜单中点“添加到主屏幕”或“添加书签”（收藏），以后点一下就能看到办理进度，不用再输入查询码和密码。</p>
      <p>在微信里打开的，请先点右上角“···”，选“在浏览器打开”，再添加到主屏幕或收藏。</p>
      <p>查询链接含有查询密码，请不要转发给他人。</p>
    </section>
  );
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
      <ComeBack receipt={receipt} />
      <p aria-live="polite">{copyState === 'copied' ? '已复制，可以粘贴到备忘录或发给自己保存。' : copyState === 'failed' ? '没能自动复制，请截图或抄写保存。' : ''}</p>
      <button type="button" class="button button--secondary" onClick={onAnother}>
        再提交一条意见
      </button>
    </div>
  );
}
