import { bureauDateTime } from '../../server/domain/bureau-time.ts';
import { describe, expect, it } from 'vitest';
import { hasControlCharacters } from '../../server/mail/address.ts';
import {
  deadlineReminderMail,
  excerpt,
  feedbackAssignedMail,
  feedbackForUnitMail,
  feedbackHandedBackMail,
  feedbackRejectedMail,
  feedbackSubmittedMail,
  feedbackUrgedMail,
  formatDueDate,
  ratingDissatisfiedMail,
  rebuildFailedMail,
  type RenderedMail,
  replyInReviewMail,
  replyReleasedMail,
  replyReturnedMail,
  testMail,
  unitDigestMail,
} from '../../server/mail/templates.ts';
import { MAIL_SETTINGS } from '../fixtures/mail-factories.ts';

const facts = {
  trackingCode: 'FK20261123-AB2C',
  categoryLabel: '减负与补课',
  roleLabel: '家长',
  submittedAt: '2026-11-23T02:00:00.000Z',
  excerpt: '周六<script>alert(1)</script>补课',
};
const unitName = '示例县第一中学';

const mails: Array<[string, RenderedMail, string]> = [
  ['new opinion', feedbackSubmittedMail(MAIL_SETTINGS, { ...facts, acceptDueOn: '2026-11-24', unitName }), '【新意见】FK20261123-AB2C 待受理'],
  ['opinion for a unit', feedbackForUnitMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, categoryLabel: facts.categoryLabel, submittedAt: facts.submittedAt, unitName }), '【意见涉及本单位】FK20261123-AB2C'],
  [
    'assignment',
    feedbackAssignedMail(MAIL_SETTINGS, { ...facts, unitName, replyDueOn: '2026-11-30', provisional: false, how: 'assign', note: null, hasContact: false }),
    '【转办】FK20261123-AB2C 请于 2026-11-30 前答复',
  ],
  ['督办', feedbackUrgedMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, unitName, replyDueOn: '2026-11-20', overdue: true, urgeCount: 2, note: null }), '【督办】FK20261123-AB2C 已逾期，请抓紧答复'],
  ['hand-back', feedbackHandedBackMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, unitName, reason: '不属于本校' }), '【退回办公室】FK20261123-AB2C 待重新转办'],
  ['review', replyInReviewMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, unitName, replyDueOn: null, draft: '答复' }), '【待审核】FK20261123-AB2C 答复待审核'],
  ['returned', replyReturnedMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, unitName, replyDueOn: null, comment: '请补充' }), '【退回修改】FK20261123-AB2C 答复需修改'],
  ['released', replyReleasedMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, reply: '已整改', unitName, rateWithinDays: 20 }), '示例县教育局已答复您的意见（查询码 FK20261123-AB2C）'],
  ['rejected', feedbackRejectedMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, reasonLabel: '重复反映', note: '同一事项已答复' }), '您的意见未予受理（查询码 FK20261123-AB2C）'],
  ['不满意', ratingDissatisfiedMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, unitName, comment: null, followUpDueOn: '2026-11-30' }), '【不满意】FK20261123-AB2C 待回访'],
  ['reminder', deadlineReminderMail(MAIL_SETTINGS, { trackingCode: facts.trackingCode, dueKind: 'accept', dueOn: '2026-11-24', stage: 'eve', unitName: null, stateLabel: '待受理' }), '【即将到期】FK20261123-AB2C 受理期限 2026-11-24'],
  ['digest', unitDigestMail(MAIL_SETTINGS, { unitName: `${unitName}\r\nBcc: x@example.com`, date: '2026-11-23', open: 1, dueSoon: 0, overdue: 1, lines: [], more: 0 }), '【每日提醒】示例县第一中学 Bcc: x@example.com：在办 1 条，即将到期 0 条，已逾期 1 条'],
  ['rebuild', rebuildFailedMail(MAIL_SETTINGS, { at: facts.submittedAt, error: 'boom' }), '【系统】网站重建失败'],
  ['test', testMail(MAIL_SETTINGS, { at: facts.submittedAt, transport: 'files in data/outbox' }), '测试邮件：示例县教育局作风整改进行时'],
];

describe('mail templates', () => {
  it.each(mails)('%s: a one-line Chinese subject, plain text and HTML saying the same, the footer', (_name, mail, subject) => {
    expect(mail.subject).toBe(subject);
    expect(hasControlCharacters(mail.subject)).toBe(false);
    expect(mail.text).toContain('——\n示例县教育局 · 作风整改进行时\n本邮件由系统自动发送，请勿直接回复。');
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8">/);
    expect(mail.html).toContain('本邮件由系统自动发送，请勿直接回复。');
    // Whatever was interpolated, the HTML has no markup but ours.
    expect(mail.html).not.toContain('<script>');
    for (const line of mail.text.split('\n').filter((text) => /^[^【·—]+：/.test(text))) {
      const [label] = line.split('：');
      expect(mail.html).toContain(label);
    }
  });

  it('escape the opinion in HTML and keep it readable in text', () => {
    const [, submitted] = mails[0]!;
    expect(submitted.text).toContain('周六<script>alert(1)</script>补课');
    expect(submitted.html).toContain('周六&#60;script&#62;alert(1)&#60;/script&#62;补课');
  });

  it('never print contact details: they say where to find them, or that there are none', () => {
    const withContact = feedbackAssignedMail(MAIL_SETTINGS, {
      ...facts,
      unitName,
      replyDueOn: '2026-11-30',
      provisional: true,
      how: 'reassign',
      note: '改派说明',
      hasContact: true,
    });
    expect(withContact.subject).toBe('【改派】FK20261123-AB2C 请于 2026-11-30 前答复');
    expect(withContact.text).toContain('邮件中不附联系方式，请登录管理后台在该意见页面查看（每次查看均记录在审计日志中）');
    expect(withContact.text).not.toMatch(/联系电话|电子邮箱：/);
    expect(withContact.text).toContain('答复期限：2026-11-30（周一），暂按周一至周五计算');
    const [, assigned] = mails[2]!;
    expect(assigned.text).toContain('反映人未留联系方式');
    expect(assigned.text).not.toContain('联系电话');
  });

  it('give the submitter the tracking page and code, and say the secret is not in the mail', () => {
    const [, released] = mails[7]!;
    expect(released.text).toContain('查询进度与评价：https://zfzg.example.edu.cn/track/');
    expect(released.text).toContain('查询码：FK20261123-AB2C');
    expect(released.text).toContain('本邮件不包含查询密码');
    expect(released.html).toContain('<a href="https://zfzg.example.edu.cn/track/">');
  });

  it.each([
    ['我的电话13800138000，有事请联系', '我的电话138****8000，有事请联系'],
    ['座机0571-88881234或057188881234', '座机0571-****或0571-****'],
    ['邮箱 wang.li@example.com 常用', '邮箱 ***@*** 常用'],
    ['身份证号33010219900101123X', '身份证号******************'],
    ['学校收费300元，2026年11月20日', '学校收费300元，2026年11月20日'],
  ])('excerpt(%j) masks contact data: %j', (text, masked) => {
    expect(excerpt(text)).toBe(masked);
  });

  it('cut long excerpts by characters, not bytes', () => {
    expect(excerpt('补'.repeat(250))).toBe(`${'补'.repeat(200)}……`);
  });

  it('show times and dates in Beijing time with the weekday', () => {
    expect(bureauDateTime('2026-11-23T16:30:00.000Z')).toBe('2026-11-24 00:30');
    expect(formatDueDate('2026-11-27')).toBe('2026-11-27（周五）');
  });
});
