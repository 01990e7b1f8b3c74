// 群众点题 bodies as the API accepts them; every message Chinese and naming the field.
import { z } from 'zod';
import { requiredText } from './admin-input.ts';
import { text } from './feedback-input.ts';
import { dateField, itemFromFeedbackSchema, trackedItemCodeField, trackedItemCount } from './ledger-input.ts';

export const campaignSchema = z.strictObject(
  {
    theme: requiredText('点题主题', 100),
    description: text('活动说明')
      .pipe(z.string().max(2000, { error: '活动说明不能超过 2000 个字' }))
      .optional()
      .transform((value) => value ?? ''),
    opensOn: dateField('开始日期'),
    closesOn: dateField('截止日期'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象') },
);
export type CampaignInput = z.output<typeof campaignSchema>;

/** 采纳 joins an item (itemCode) or becomes one (newItem, source 群众点题); 未采纳 says why, publicly. */
export const nominationDecisionSchema = z
  .strictObject({
    decision: z.enum(['adopted', 'not_adopted'], { error: '处理结果只能是采纳或未采纳' }),
    publicReason: text('未采纳的理由')
      .pipe(z.string().max(1000, { error: '未采纳的理由不能超过 1000 个字' }))
      .optional()
      .transform((value) => value ?? ''),
    itemCode: trackedItemCodeField,
    newItem: itemFromFeedbackSchema.optional(),
  })
  .superRefine((body, context) => {
    const tracked = trackedItemCount(body);
    if (body.decision === 'not_adopted') {
      if (body.publicReason === '') context.addIssue({ code: 'custom', path: ['publicReason'], message: '未采纳须说明理由（点题人在查询页看到）' });
      if (tracked > 0) context.addIssue({ code: 'custom', path: ['itemCode'], message: '未采纳的点题不关联整改事项' });
    } else if (tracked !== 1) {
      context.addIssue({ code: 'custom', path: ['itemCode'], message: '采纳的点题须列入一个整改事项：填写已有事项的编号，或新建一项' });
    }
  });
export type NominationDecisionInput = z.output<typeof nominationDecisionSchema>;
