// The pages the server writes for browsers without JavaScript: the receipt after the plain form
// post, the form's errors, and the tracking page's result with its rating and withdrawal forms.
// Content only; server/pages/shell.ts puts it in the site's frame. Everything the public typed
// goes through html`` and is escaped.
import type { TrackingView } from '../actions/tracking-view.ts';
import { RATING_LABELS, RATINGS } from '../domain/vocabulary.ts';
import { bureauChineseDateTime } from '../domain/bureau-time.ts';
import type { Receipt } from '../actions/feedback-intake.ts';
import { html, multiline, type SafeHtml } from './html.ts';

export interface Page {
  title: string;
  content: SafeHtml;
}

/** '2026-11-27' → '2026年11月27日'. */
export function chineseDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return match ? `${match[1]}年${Number(match[2])}月${Number(match[3])}日` : date;
}

function time(iso: string): SafeHtml {
  return html`<time datetime="${iso}">${bureauChineseDateTime(iso)}</time>`;
}

export function receiptPage(receipt: Receipt, options: { screened: boolean }): Page {
  return {
    title: '意见已提交',
    content: html`<h1>您的意见已提交</h1>
<div class="receipt" role="status">
  <p>当前状态：${receipt.statusLabel}，提交时间：${time(receipt.submittedAt)}。</p>
  <dl class="receipt__codes">
    <div><dt>查询码</dt><dd data-testid="tracking-code">${receipt.trackingCode}</dd></div>
    <div><dt>查询密码</dt><dd data-testid="tracking-secret">${receipt.secret}</dd></div>
  </dl>
  <p><strong>请抄写或截图保存查询码和查询密码。</strong>查询密码只显示这一次，我们无法找回。今后您可以凭查询码和查询密码查看办理进度、评价答复或撤回意见。</p>
  ${options.screened ? html`<p>为防止垃圾信息，未启用 JavaScript 提交的意见会先由工作人员查看后再受理，不影响办理时限。</p>` : ''}
</div>
${receiptComeBack(receipt)}
<p><a class="button" href="/track/">查询办理进度</a></p>
<p><a href="/feedback/">再提交一条意见</a></p>`,
  };
}

/**
 * When to come back and how to get back: the due date, the tracking link as a QR code and as a
 * link to keep on the home screen or as a bookmark. Someone who left only a phone number hears of
 * the reply by SMS at most, so the tracking page is where the answer is; the island's receipt
 * (site/src/islands/feedback/Receipt.tsx) says the same.
 */
export function receiptComeBack(receipt: Pick<Receipt, 'replyDueBy' | 'trackingUrl' | 'trackingQrSvg'>): SafeHtml {
  const qr = `data:image/svg+xml;base64,${Buffer.from(receipt.trackingQrSvg).toString('base64')}`;
  return html`<section class="receipt-next" aria-labelledby="receipt-when">
  <h2 id="receipt-when">什么时候回来查看</h2>
  <p>请在 <strong data-testid="reply-due-by">${chineseDate(receipt.replyDueBy)}</strong> 前后回来查看：答复最迟在这一天作出（受理后开始计算，以查询页上的答复期限为准）。答复会显示在查询页上；只留了手机号的，查询页就是看答复的地方。</p>
  <h2 id="receipt-link">保存查询链接</h2>
  <figure class="receipt-next__qr">
    <img src="${qr}" width="180" height="180" alt="查询链接二维码：扫码即可打开本条意见的办理进度">
    <figcaption>截图保存这个二维码，或用另一部手机扫码打开。</figcaption>
  </figure>
  <p><a class="button button--secondary" href="${receipt.trackingUrl}" data-testid="tracking-link">打开我的查询链接</a></p>
  <p>打开后在浏览器菜单中点“添加到主屏幕”或“添加书签”（收藏），以后点一下就能看到办理进度，不用再输入查询码和密码。</p>
  <p>在微信里打开的，请先点右上角“···”，选“在浏览器打开”，再添加到主屏幕或收藏。</p>
  <p>查询链接含有查询密码，请不要转发给他人。</p>
</section>`;
}

export function formErrorsPage(fields: { field: string; message: string }[]): Page {
  return {
    title: '提交的内容有误',
    content: html`<h1>提交的内容有误</h1>
<div class="error-summary" role="alert">
  <h2>请修改以下内容后再提交：</h2>
  <ul>${fields.map((field) => html`<li>${field.message}</li>`)}</ul>
</div>
<p>请点浏览器的“返回”按钮回到留言页，您填写的内容通常仍在页面上；也可以<a href="/feedback/">重新打开留言页</a>。</p>`,
  };
}

export function messagePage(title: string, message: string, next: { href: string; label: string }): Page {
  return {
    title,
    content: html`<h1>${title}</h1>
<div class="notice" role="alert"><p>${message}</p></div>
<p><a class="button" href="${next.href}">${next.label}</a></p>`,
  };
}

/** The tracking form, as on /track/: code and secret, posted to /track/result. */
export function trackingForm(values: { trackingCode?: string }, error: string | null): SafeHtml {
  const invalid = error !== null;
  return html`<form class="form" method="post" action="/track/result">
  ${invalid ? html`<div class="error-summary" role="alert" id="track-error"><h2>${error}</h2></div>` : ''}
  <div class="field">
    <label class="field__label" for="track-code">查询码</label>
    <span class="field__hint" id="track-code-hint">提交意见后页面上显示的查询码，例如 FK20261126-7QXM。</span>
    <input class="input" id="track-code" name="trackingCode" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="32" required
      value="${values.trackingCode ?? ''}" aria-describedby="track-code-hint${invalid ? ' track-error' : ''}"${invalid ? html` aria-invalid="true"` : ''}>
  </div>
  <div class="field">
    <label class="field__label" for="track-secret">查询密码</label>
    <input class="input" id="track-secret" name="secret" autocomplete="off" autocapitalize="none" spellcheck="false" maxlength="40" required${invalid ? html` aria-invalid="true" aria-describedby="track-error"` : ''}>
  </div>
  <div class="form-actions"><button type="submit" class="button">查询</button></div>
</form>`;
}

export function trackingNotFoundPage(message: string, trackingCode: string): Page {
  return { title: '查询办理进度', content: html`<h1>查询办理进度</h1>${trackingForm({ trackingCode }, message)}` };
}

function hidden(credentials: { trackingCode: string; secret: string }): SafeHtml {
  return html`<input type="hidden" name="trackingCode" value="${credentials.trackingCode}"><input type="hidden" name="secret" value="${credentials.secret}">`;
}

/** The result: state, steps, reply, and the forms for what the submitter may still do. */
export function trackingResultPage(view: TrackingView, credentials: { trackingCode: string; secret: string }, notice: string | null, problem: string | null): Page {
  return { title: `办理进度 ${view.trackingCode}`, content: html`<h1>办理进度</h1>${trackingResult(view, credentials, notice, problem)}` };
}

export function trackingResult(view: TrackingView, credentials: { trackingCode: string; secret: string }, notice: string | null, problem: string | null): SafeHtml {
  return html`${notice ? html`<div class="notice" role="status"><p>${notice}</p></div>` : ''}
${problem ? html`<div class="error-summary" role="alert"><h2>${problem}</h2></div>` : ''}
<dl class="item-facts tracking-facts">
  <dt>查询码</dt><dd>${view.trackingCode}</dd>
  <dt>当前状态</dt><dd><strong class="tracking-state" data-state="${view.state}">${view.stateLabel}</strong></dd>
  <dt>提交时间</dt><dd>${time(view.submittedAt)}</dd>
  ${view.categoryLabel ? html`<dt>意见类别</dt><dd>${view.categoryLabel}</dd>` : ''}
  ${view.unitName ? html`<dt>涉及单位</dt><dd>${view.unitName}</dd>` : ''}
  ${view.due ? html`<dt>${view.due.label}</dt><dd>${chineseDate(view.due.date)}${view.due.provisional ? '（暂按周一至周五计算）' : ''}</dd>` : ''}
</dl>
${view.rejection ? html`<section class="notice" aria-labelledby="rejection-heading"><h2 id="rejection-heading">不予受理的理由</h2><p>${view.rejection.reasonLabel}</p>${view.rejection.note ? html`<p>${multiline(view.rejection.note)}</p>` : ''}</section>` : ''}
${view.reply ? html`<section class="reply-box" aria-labelledby="reply-heading"><h2 id="reply-heading">答复</h2>
  <p class="reply-box__meta">${view.reply.unitName ? html`${view.reply.unitName}，` : ''}${time(view.reply.repliedAt)}</p>
  <div class="prose"><p>${multiline(view.reply.text)}</p></div></section>` : ''}
${view.rating ? html`<p>您的评价：<strong>${view.rating.label}</strong>${view.rating.comment ? html`（${view.rating.comment}）` : ''}</p>` : ''}
${view.canRate ? ratingForm(credentials, view.rateBy) : ''}
<section aria-labelledby="steps-heading"><h2 id="steps-heading">办理过程</h2>
<ol class="timeline">${view.steps.map(
    (step) => html`<li><time datetime="${step.at}">${bureauChineseDateTime(step.at)}</time><span class="timeline__label">${step.label}</span>${step.unitName ? html`：${step.unitName}` : ''}${step.note ? html`<div class="timeline__note">${multiline(step.note)}</div>` : ''}</li>`,
  )}</ol></section>
<details class="tracking-opinion"><summary>我提交的意见</summary>${view.title ? html`<p><strong>${view.title}</strong></p>` : ''}<p>${multiline(view.content)}</p></details>
${view.contactDeleted ? html`<p>您留下的联系方式已按规定删除。</p>` : ''}
${view.canWithdraw ? withdrawForm(credentials, view.hasContact) : ''}`;
}

function ratingForm(credentials: { trackingCode: string; secret: string }, rateBy: string | null): SafeHtml {
  return html`<form class="form rating-form" method="post" action="/track/rate">
  ${hidden(credentials)}
  <fieldset class="field">
    <legend>您对这次答复是否满意？</legend>
    ${rateBy ? html`<span class="field__hint" id="rating-hint">请在 ${chineseDate(rateBy)} 前评价，每次答复只能评价一次。</span>` : ''}
    <div class="choice-group choice-group--three">${RATINGS.map(
      (rating, index) =>
        html`<label class="choice"><input type="radio" name="rating" id="rating-${index}" value="${rating}" required>${RATING_LABELS[rating]}</label>`,
    )}</div>
  </fieldset>
  <div class="field">
    <label class="field__label" for="rating-comment">评价意见<span class="field__optional">（选填）</span></label>
    <textarea class="textarea textarea--short" id="rating-comment" name="comment" rows="3" maxlength="500"></textarea>
  </div>
  <div class="form-actions"><button type="submit" class="button">提交评价</button></div>
</form>`;
}

function withdrawForm(credentials: { trackingCode: string; secret: string }, hasContact: boolean): SafeHtml {
  return html`<form class="form withdraw-form" method="post" action="/track/withdraw">
  ${hidden(credentials)}
  <h2>撤回意见</h2>
  <p>撤回后这条意见不再办理${hasContact ? '，您留下的联系方式会立即删除' : ''}。撤回不能恢复。</p>
  <div class="field check">
    <input type="checkbox" id="withdraw-confirm" name="confirm" value="yes" required>
    <label class="check__label" for="withdraw-confirm">我确认撤回这条意见</label>
  </div>
  <div class="form-actions"><button type="submit" class="button button--secondary">撤回意见</button></div>
</form>`;
}
