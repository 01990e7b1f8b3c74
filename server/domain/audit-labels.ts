// Chinese names of audit actions, for the audit-log viewer and its CSV export.
import { FEEDBACK_EVENT_LABELS, type FeedbackEventAction } from './feedback-workflow.ts';

const LABELS: Record<string, string> = {
  'contact.view': '查看联系方式',
  'contact.seal': '加密存量联系方式',
  'contact.purge': '到期删除联系方式',
  'feedback.withdraw': '反映人撤回意见',
  'unit.create': '新增单位',
  'unit.update': '修改单位',
  'category.create': '新增意见类别',
  'category.update': '修改意见类别',
  'calendar.save': '录入节假日安排',
  'template.create': '新增答复模板',
  'template.update': '修改答复模板',
  'template.delete': '删除答复模板',
  'login.success': '登录成功',
  'login.failed': '登录失败',
  'login.locked': '账号锁定',
  'logout': '退出登录',
  'totp.enrolled': '绑定动态口令',
  'totp.reset': '重置动态口令',
  'recovery_code.used': '使用恢复码',
  'password.changed': '修改密码',
  'password.reset': '重置密码',
  'session.ended': '结束会话',
  'sessions.ended': '结束全部会话',
  'user.create': '新增用户',
  'user.update': '修改用户',
  'mail.resend': '重新发送邮件',
  'site.rebuild': '重建公开网站',
  'site.rebuild_scheduled': '发布后自动重建网站',
  'statistics.export': '导出群众评议档案',
  'ledger.item.create': '新增整改事项',
  'evaluation.create': '新增第三方评估',
  'topic.create': '新增群众点题活动',
  'topic.nomination.decide': '处理群众点题',
  'evaluation.suggestion.add': '录入评估建议',
  'evaluation.suggestion.decide': '处理评估建议',
  'evaluation.publish': '公开第三方评估',
  'evaluation.withdraw': '撤回公开第三方评估',
  'ledger.item.update': '修改整改事项',
  'ledger.item.progress': '发布整改进展',
  'ledger.item.outcome': '新增制度成果',
  'ledger.item.outcome_removed': '撤下制度成果',
  'ledger.item.update_withdrawn': '撤回整改进展',
  'ledger.item.publish': '公开整改事项',
  'ledger.item.withdraw': '撤回公开整改事项',
  'ledger.item.from_feedback': '由群众意见新建整改事项',
  'ledger.item.import_create': '导入新增整改事项',
  'ledger.item.import_update': '导入更新整改事项',
  'ledger.import': '导入整改台账',
  'ledger.export': '导出整改台账',
  'feedback.export': '导出意见清单',
  'item_category.create': '新增问题类别',
  'item_category.update': '修改问题类别',
  'post.create': '新建整改信息',
  'post.update': '修改整改信息草稿',
  'post.publish': '发布整改信息',
  'post.correct': '更正整改信息',
  'post.withdraw': '撤回整改信息',
  'post.attachment_add': '上传整改信息附件',
  'post.attachment_remove': '删除整改信息附件',
};

export function auditActionLabel(action: string): string {
  if (LABELS[action]) return LABELS[action];
  if (action.startsWith('feedback.')) {
    const step = action.slice('feedback.'.length) as FeedbackEventAction;
    if (FEEDBACK_EVENT_LABELS[step]) return `意见办理：${FEEDBACK_EVENT_LABELS[step]}`;
  }
  return action;
}

/** A cell that a spreadsheet would run as a formula is prefixed with an apostrophe. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
