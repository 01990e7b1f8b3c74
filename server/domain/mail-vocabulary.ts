// What the portal mails about, to whom, and how a mail stands. The outbox stores the kind as text
// checked for shape only (db/migrations/003_mail_outbox.sql), so this list is the vocabulary.
export const MAIL_KINDS = [
  'feedback_submitted',
  'feedback_receipt',
  'feedback_for_unit',
  'feedback_assigned',
  'feedback_urged',
  'feedback_handed_back',
  'reply_in_review',
  'reply_returned',
  'reply_released',
  'feedback_rejected',
  'rating_dissatisfied',
  'deadline_reminder',
  'unit_digest',
  'rebuild_failed',
  'legacy',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const MAIL_KIND_LABELS: Record<MailKind, string> = {
  feedback_submitted: '新意见待受理',
  feedback_receipt: '意见受理回执',
  feedback_for_unit: '意见涉及本单位',
  feedback_assigned: '转办通知',
  feedback_urged: '督办通知',
  feedback_handed_back: '退回办公室',
  reply_in_review: '答复待审核',
  reply_returned: '答复退回修改',
  reply_released: '答复送达反映人',
  feedback_rejected: '不予受理告知',
  rating_dissatisfied: '不满意评价',
  deadline_reminder: '期限提醒',
  unit_digest: '每日待办汇总',
  rebuild_failed: '网站重建失败',
  legacy: '早期邮件',
};

/** Who a mail goes to, as the portal knows them. */
export const MAIL_AUDIENCES = ['office', 'unit_handler', 'sysadmin', 'submitter', 'operator'] as const;
export type MailAudience = (typeof MAIL_AUDIENCES)[number];

export const MAIL_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
export const MAIL_STATUS_LABELS: Record<MailStatus, string> = {
  queued: '待发送',
  sending: '发送中',
  sent: '已发送',
  failed: '发送失败',
};
