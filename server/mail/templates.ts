// One pure function per kind of mail: facts in, { subject, text, html } out, in Simplified
// Chinese. Both bodies are rendered from one list of blocks, so the plain-text and HTML parts
// always say the same thing. Nothing here reads the database or knows who the recipient is; the
// callers (notifications.ts, scheduler.ts) decide which facts a recipient may see. No mail to staff
// carries a submitter's contact details: the assignment mail says whether there are any and
// that they are in the admin app, where every view is audited. Excerpts of opinions have phone
// numbers, e-mail and ID numbers masked.
import { bureauDateTime } from '../domain/bureau-time.ts';
import type { MailSettings } from './kinds.ts';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

type Block =
  | { kind: 'paragraph'; text: string }
  | { kind: 'facts'; rows: ReadonlyArray<readonly [string, string]> }
  | { kind: 'quote'; label: string; text: string }
  | { kind: 'link'; label: string; url: string }
  | { kind: 'list'; label: string; items: readonly string[] };

const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
const facts = (...rows: Array<readonly [string, string] | null>): Block => ({ kind: 'facts', rows: rows.filter((row) => row !== null) });
const quote = (label: string, text: string): Block => ({ kind: 'quote', label, text });
const link = (label: string, url: string): Block => ({ kind: 'link', label, url });
const list = (label: string, items: readonly string[]): Block => ({ kind: 'list', label, items });

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const htmlLines = (text: string) => escapeHtml(text).replace(/\r?\n/g, '<br>');

function renderText(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return block.text;
        case 'facts':
          return block.rows.map(([label, value]) => `${label}：${value}`).join('\n');
        case 'quote':
          return `【${block.label}】\n${block.text}`;
        case 'link':
          return `${block.label}：${block.url}`;
        case 'list':
          return [`【${block.label}】`, ...block.items.map((item) => `· ${item}`)].join('\n');
      }
    })
    .join('\n\n');
}

function renderHtml(blocks: readonly Block[]): string {
  return blocks
    .map((block) => {
      switch (block.kind) {
        case 'paragraph':
          return `<p>${htmlLines(block.text)}</p>`;
        case 'facts':
          return `<table style="border-collapse:collapse">${block.rows
            .map(([label, value]) => `<tr><th style="text-align:left;padding:2px 12px 2px 0;color:#57606a;font-weight:normal;white-space:nowrap;vertical-align:top">${escapeHtml(label)}</th><td style="padding:2px 0">${htmlLines(value)}</td></tr>`)
            .join('')}</table>`;
        case 'quote':
          return `<p style="margin-bottom:4px"><strong>${escapeHtml(block.label)}</strong></p><blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #d0d7de;background:#f6f8fa">${htmlLines(block.text)}</blockquote>`;
        case 'link':
          return `<p>${escapeHtml(block.label)}：<a href="${escapeHtml(block.url)}">${escapeHtml(block.url)}</a></p>`;
        case 'list':
          return `<p style="margin-bottom:4px"><strong>${escapeHtml(block.label)}</strong></p><ul>${block.items.map((item) => `<li>${htmlLines(item)}</li>`).join('')}</ul>`;
      }
    })
    .join('\n');
}

/** Every interpolated value in a subject is one line: a unit name with a line break cannot split it. */
function oneLine(value: string): string {
  return value.replace(/[\u0000-\u001F\u007F]+/g, ' ').trim();
}

function compose(settings: MailSettings, subject: string, blocks: readonly Block[]): RenderedMail {
  const footer = `${settings.bureauName} · ${settings.columnTitle}\n本邮件由系统自动发送，请勿直接回复。`;
  const title = oneLine(subject);
  const text = `${renderText(blocks)}\n\n——\n${footer}\n`;
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:-apple-system,'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',sans-serif;font-size:15px;line-height:1.7;color:#1f2328;max-width:640px">
${renderHtml(blocks)}
<hr style="border:none;border-top:1px solid #d0d7de;margin-top:24px">
<p style="color:#57606a;font-size:13px">${htmlLines(footer)}</p>
</body></html>
`;
  return { subject: title, text, html };
}

// ---------------------------------------------------------------------------------------------
// Formats


const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** '2026-11-27' → '2026-11-27（周五）'. */
export function formatDueDate(date: string, provisional = false): string {
  const weekday = WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()] ?? '';
  return `${date}（${weekday}）${provisional ? '，暂按周一至周五计算，节假日安排公布后可能调整' : ''}`;
}

const EXCERPT_LENGTH = 200;

/**
 * The start of an opinion for a notice, with contact data the submitter typed into the text
 * masked: mobiles keep 3 + 4 digits, landlines their area code, e-mail and ID numbers go.
 */
export function excerpt(content: string, length = EXCERPT_LENGTH): string {
  const masked = content
    .replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '***@***')
    .replace(/(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g, '******************')
    .replace(/(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g, '$1****$2')
    .replace(/(?<!\d)(0\d{2,3})-?\d{7,8}(?!\d)/g, '$1-****');
  const chars = Array.from(masked.trim());
  return chars.length > length ? `${chars.slice(0, length).join('')}……` : chars.join('');
}

function adminUrl(settings: MailSettings): string {
  return `${settings.publicBaseUrl}/admin/`;
}

export function trackingUrl(settings: MailSettings): string {
  return `${settings.publicBaseUrl}/track/`;
}

// ---------------------------------------------------------------------------------------------
// Staff mails

/** The facts about an opinion that any staff notice may carry (no contact details). */
export interface FeedbackFactsRow {
  trackingCode: string;
  categoryLabel: string;
  roleLabel: string;
  submittedAt: string;
  /** Masked and shortened already (see excerpt()). */
  excerpt: string;
}

export function feedbackSubmittedMail(settings: MailSettings, input: FeedbackFactsRow & { acceptDueOn: string | null; unitName: string | null }): RenderedMail {
  return compose(settings, `【新意见】${input.trackingCode} 待受理`, [
    paragraph('办公室：\n收到一条新的群众意见，请及时受理或说明不予受理的理由。'),
    facts(
      ['查询码', input.trackingCode],
      ['意见类别', input.categoryLabel],
      ['反映人身份', input.roleLabel],
      input.unitName ? ['涉及单位', input.unitName] : null,
      ['提交时间', bureauDateTime(input.submittedAt)],
      input.acceptDueOn ? ['受理期限', formatDueDate(input.acceptDueOn)] : null,
    ),
    quote('意见摘要', input.excerpt),
    link('请登录管理后台办理', adminUrl(settings)),
  ]);
}

/**
 * To the 经办人 of the unit the submitter named, before anything is assigned: they may not see the
 * opinion yet (a 经办人 sees only what is assigned to the unit), so the notice says that it exists.
 */
export function feedbackForUnitMail(settings: MailSettings, input: { trackingCode: string; categoryLabel: string; submittedAt: string; unitName: string }): RenderedMail {
  return compose(settings, `【意见涉及本单位】${input.trackingCode}`, [
    paragraph(`${input.unitName}：\n收到一条提及贵单位的群众意见。办公室受理并转办后，您会收到转办通知，届时可在管理后台查看详情并办理。`),
    facts(['查询码', input.trackingCode], ['意见类别', input.categoryLabel], ['提交时间', bureauDateTime(input.submittedAt)]),
  ]);
}

export function feedbackAssignedMail(
  settings: MailSettings,
  input: FeedbackFactsRow & {
    unitName: string;
    replyDueOn: string | null;
    provisional: boolean;
    how: 'assign' | 'reassign' | 'reopen';
    note: string | null;
    /** The submitter left contact details (never the details themselves: mails are copied and kept). */
    hasContact: boolean;
  },
): RenderedMail {
  const intro = {
    assign: '办公室将一条群众意见转办给贵单位，请核实办理并在期限内提交答复。',
    reassign: '办公室将一条群众意见改派给贵单位，请核实办理并在期限内提交答复。',
    reopen: '反映人对答复不满意，经回访，办公室将这条意见交回贵单位重新办理，请在期限内提交新的答复。',
  }[input.how];
  const blocks: Block[] = [
    paragraph(`${input.unitName}：\n${intro}`),
    facts(
      ['查询码', input.trackingCode],
      ['意见类别', input.categoryLabel],
      ['反映人身份', input.roleLabel],
      ['提交时间', bureauDateTime(input.submittedAt)],
      input.replyDueOn ? ['答复期限', formatDueDate(input.replyDueOn, input.provisional)] : null,
    ),
    quote('意见摘要', input.excerpt),
  ];
  if (input.note) blocks.push(quote('办公室说明', input.note));
  if (input.hasContact) {
    blocks.push(paragraph('反映人留有联系方式。为保护个人信息，邮件中不附联系方式，请登录管理后台在该意见页面查看（每次查看均记录在审计日志中），仅用于核实和答复本条意见。'));
  } else {
    blocks.push(paragraph('反映人未留联系方式，请通过答复内容回应。'));
  }
  blocks.push(link('请登录管理后台办理', adminUrl(settings)));
  const verb = { assign: '转办', reassign: '改派', reopen: '重新办理' }[input.how];
  const due = input.replyDueOn ? ` 请于 ${input.replyDueOn} 前答复` : '';
  return compose(settings, `【${verb}】${input.trackingCode}${due}`, blocks);
}

export function feedbackUrgedMail(
  settings: MailSettings,
  input: { trackingCode: string; unitName: string; replyDueOn: string | null; overdue: boolean; urgeCount: number; note: string | null },
): RenderedMail {
  const state = input.replyDueOn ? (input.overdue ? `已于 ${input.replyDueOn} 到期，现已逾期` : `将于 ${input.replyDueOn} 到期`) : '尚未答复';
  const blocks: Block[] = [
    paragraph(`${input.unitName}：\n办公室对贵单位承办的一条群众意见进行督办：该意见答复期限${state}，请抓紧办理并提交答复。`),
    facts(['查询码', input.trackingCode], input.replyDueOn ? ['答复期限', formatDueDate(input.replyDueOn)] : null, ['督办次数', `第 ${input.urgeCount} 次`]),
  ];
  if (input.note) blocks.push(quote('督办意见', input.note));
  blocks.push(link('请登录管理后台办理', adminUrl(settings)));
  return compose(settings, `【督办】${input.trackingCode} ${input.overdue ? '已逾期' : '即将到期'}，请抓紧答复`, blocks);
}

export function feedbackHandedBackMail(settings: MailSettings, input: { trackingCode: string; unitName: string; reason: string }): RenderedMail {
  return compose(settings, `【退回办公室】${input.trackingCode} 待重新转办`, [
    paragraph(`办公室：\n${input.unitName}将一条意见退回办公室，请重新转办或另行处理。`),
    facts(['查询码', input.trackingCode], ['退回单位', input.unitName]),
    quote('退回理由', input.reason),
    link('请登录管理后台办理', adminUrl(settings)),
  ]);
}

export function replyInReviewMail(settings: MailSettings, input: { trackingCode: string; unitName: string; replyDueOn: string | null; draft: string }): RenderedMail {
  return compose(settings, `【待审核】${input.trackingCode} 答复待审核`, [
    paragraph(`办公室：\n${input.unitName}已提交答复，请审核后答复反映人，或退回修改。`),
    facts(['查询码', input.trackingCode], ['承办单位', input.unitName], input.replyDueOn ? ['答复期限', formatDueDate(input.replyDueOn)] : null),
    quote('答复摘要', excerpt(input.draft)),
    link('请登录管理后台审核', adminUrl(settings)),
  ]);
}

export function replyReturnedMail(settings: MailSettings, input: { trackingCode: string; unitName: string; replyDueOn: string | null; comment: string }): RenderedMail {
  return compose(settings, `【退回修改】${input.trackingCode} 答复需修改`, [
    paragraph(`${input.unitName}：\n办公室审核后将贵单位的答复退回修改，请按审核意见修改后重新提交。`),
    facts(['查询码', input.trackingCode], input.replyDueOn ? ['答复期限', formatDueDate(input.replyDueOn)] : null),
    quote('审核意见', input.comment),
    link('请登录管理后台办理', adminUrl(settings)),
  ]);
}

export function ratingDissatisfiedMail(
  settings: MailSettings,
  input: { trackingCode: string; unitName: string | null; comment: string | null; followUpDueOn: string | null },
): RenderedMail {
  return compose(settings, `【不满意】${input.trackingCode} 待回访`, [
    paragraph('办公室：\n反映人对一条意见的答复评价为“不满意”，请在期限内回访：解释说明，或交承办单位重新办理。'),
    facts(
      ['查询码', input.trackingCode],
      input.unitName ? ['承办单位', input.unitName] : null,
      input.followUpDueOn ? ['回访期限', formatDueDate(input.followUpDueOn)] : null,
    ),
    quote('反映人的评价意见', input.comment ? excerpt(input.comment, 500) : '（未填写）'),
    link('请登录管理后台办理', adminUrl(settings)),
  ]);
}

export type DueKind = 'accept' | 'reply' | 'follow_up';
export const DUE_KIND_LABELS: Record<DueKind, string> = { accept: '受理期限', reply: '答复期限', follow_up: '回访期限' };

export function deadlineReminderMail(
  settings: MailSettings,
  input: { trackingCode: string; dueKind: DueKind; dueOn: string; stage: 'eve' | 'due'; unitName: string | null; stateLabel: string },
): RenderedMail {
  const label = DUE_KIND_LABELS[input.dueKind];
  const when = input.stage === 'due' ? '今天' : `下一个工作日（${input.dueOn}）`;
  const tag = input.stage === 'due' ? '今日到期' : '即将到期';
  return compose(settings, `【${tag}】${input.trackingCode} ${label} ${input.dueOn}`, [
    paragraph(`您好：\n以下意见的${label}是${when}，请在期限内办结，避免逾期。`),
    facts(
      ['查询码', input.trackingCode],
      ['当前状态', input.stateLabel],
      input.unitName ? ['承办单位', input.unitName] : null,
      [label, formatDueDate(input.dueOn)],
    ),
    link('请登录管理后台办理', adminUrl(settings)),
  ]);
}

export interface DigestLine {
  trackingCode: string;
  stateLabel: string;
  dueOn: string | null;
  flag: 'overdue' | 'due_soon' | null;
}

export function unitDigestMail(
  settings: MailSettings,
  input: { unitName: string; date: string; open: number; dueSoon: number; overdue: number; lines: readonly DigestLine[]; more: number },
): RenderedMail {
  const items = input.lines.map((line) => {
    const flag = line.flag === 'overdue' ? '【已逾期】' : line.flag === 'due_soon' ? '【即将到期】' : '';
    return `${flag}${line.trackingCode}  ${line.stateLabel}  ${line.dueOn ? `答复期限 ${line.dueOn}` : '未定期限'}`;
  });
  if (input.more > 0) items.push(`另有 ${input.more} 条，请在管理后台查看`);
  return compose(settings, `【每日提醒】${oneLine(input.unitName)}：在办 ${input.open} 条，即将到期 ${input.dueSoon} 条，已逾期 ${input.overdue} 条`, [
    paragraph(`${input.unitName}：\n截至 ${input.date}，贵单位承办的群众意见情况如下。`),
    facts(['在办', `${input.open} 条`], ['即将到期', `${input.dueSoon} 条（今天或下一个工作日到期）`], ['已逾期', `${input.overdue} 条`]),
    list('在办意见', items),
    link('请登录管理后台办理', adminUrl(settings)),
  ]);
}

export function rebuildFailedMail(settings: MailSettings, input: { at: string; error: string }): RenderedMail {
  return compose(settings, '【系统】网站重建失败', [
    paragraph('系统管理员：\n公开网站的重建没有成功。网站仍在提供上一次成功构建的版本，数据不会丢失，但新的公开内容和统计数字暂未更新。'),
    facts(['时间', bureauDateTime(input.at)]),
    quote('错误信息', input.error),
    paragraph('请查看服务器日志，排除问题后运行 npm run rebuild 重新构建；/api/health 会显示当前网站的构建时间。'),
  ]);
}

// ---------------------------------------------------------------------------------------------
// Mails to the submitter: only ever to the opinion's own address, with the tracking page and the
// code, never the secret (it is not stored, and a mailbox is no place for it).

export function replyReleasedMail(settings: MailSettings, input: { trackingCode: string; reply: string; unitName: string | null; rateWithinDays: number }): RenderedMail {
  return compose(settings, `${oneLine(settings.bureauName)}已答复您的意见（查询码 ${input.trackingCode}）`, [
    paragraph(`您好：\n感谢您对${settings.bureauName}工作的关心和监督。您反映的意见已办理完毕，答复如下。`),
    facts(['查询码', input.trackingCode], input.unitName ? ['承办单位', input.unitName] : null),
    quote('答复内容', input.reply),
    paragraph(`请在答复后 ${input.rateWithinDays} 个工作日内对答复作出评价（满意、基本满意或不满意）。评价和查询时，请输入上面的查询码和您提交意见时获得的查询密码（本邮件不包含查询密码）。`),
    link('查询进度与评价', trackingUrl(settings)),
  ]);
}

export function feedbackReceiptMail(
  settings: MailSettings,
  input: { trackingCode: string; submittedAt: string; categoryLabel: string; acceptDueOn: string | null },
): RenderedMail {
  return compose(settings, `已收到您的意见（查询码 ${input.trackingCode}）`, [
    paragraph(`您好：\n${settings.bureauName}已收到您提交的意见，感谢您的关心和监督。我们会在规定时限内受理、办理并答复。`),
    facts(
      ['查询码', input.trackingCode],
      ['意见类别', input.categoryLabel],
      ['提交时间', bureauDateTime(input.submittedAt)],
      input.acceptDueOn ? ['受理期限', formatDueDate(input.acceptDueOn)] : null,
    ),
    paragraph('查询办理进度、评价答复或撤回意见时，请输入上面的查询码和提交时页面上显示的查询密码（本邮件不包含查询密码，请妥善保管）。'),
    link('查询办理进度', trackingUrl(settings)),
    paragraph('如果这封邮件不是您本人申请的，请忽略它。'),
  ]);
}

export function feedbackRejectedMail(settings: MailSettings, input: { trackingCode: string; reasonLabel: string; note: string }): RenderedMail {
  return compose(settings, `您的意见未予受理（查询码 ${input.trackingCode}）`, [
    paragraph(`您好：\n感谢您对${settings.bureauName}工作的关心和监督。经审查，您提交的意见不予受理，理由如下。`),
    facts(['查询码', input.trackingCode], ['不予受理理由', input.reasonLabel]),
    quote('说明', input.note),
    paragraph('如有疑问，可凭查询码和查询密码在网站查询，或通过网站公布的电话与我们联系。'),
    link('查询进度', trackingUrl(settings)),
  ]);
}

/** For scripts/mail-test.ts: proves the transport, the sender and the Chinese encoding. */
export function testMail(settings: MailSettings, input: { at: string; transport: string }): RenderedMail {
  return compose(settings, `测试邮件：${oneLine(settings.bureauName)}${oneLine(settings.columnTitle)}`, [
    paragraph('您好：\n这是一封测试邮件。能正常看到这段中文，说明邮件服务配置正确。'),
    facts(['发送时间', bureauDateTime(input.at)], ['发送方式', input.transport]),
  ]);
}
