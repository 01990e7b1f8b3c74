// 第三方评估 bodies as the API accepts them; every message Chinese and naming the field.
import { z } from 'zod';
import { requiredText } from './admin-input.ts';
import { text } from './feedback-input.ts';
import { dateField, itemFromSuggestionSchema, trackedItemCodeField, trackedItemCount } from './ledger-input.ts';

function optionalText(label: string, max: number) {
  return text(label)
    .pipe(z.string().max(max, { error: `${label}不能超过 ${max} 个字` }))
    .optional()
    .transform((value) => value ?? '');
}

export const evaluationRoundSchema = z.strictObject(
  {
    title: requiredText('评估名称', 100),
    evaluators: requiredText('评估人员', 200),
    method: optionalText('评估方式', 200),
    startedOn: dateField('开始日期'),
    endedOn: z.union([z.null(), dateField('结束日期')]).optional().transform((value) => value ?? null),
    summary: optionalText('评估概况', 2000),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象') },
);
export type EvaluationRoundInput = z.output<typeof evaluationRoundSchema>;

export const suggestionSchema = z.strictObject({ content: requiredText('建议内容', 2000) }, { error: () => '请求内容必须是一个 JSON 对象，且只有建议内容' });
export type SuggestionInput = z.output<typeof suggestionSchema>;

/**
 * 采纳 / 部分采纳 track the suggestion to an item: an existing one (itemCode) or a new one (newItem,
 * source 第三方评估). 部分采纳 and 不予采纳 say why (reason), which the public page shows.
 */
export const suggestionDecisionSchema = z
  .strictObject({
    decision: z.enum(['adopted', 'partly_adopted', 'not_adopted'], { error: '处理结果只能是采纳、部分采纳或不予采纳' }),
    reason: optionalText('理由', 1000),
    itemCode: trackedItemCodeField,
    newItem: itemFromSuggestionSchema.optional(),
  })
  .superRefine((body, context) => {
    const tracked = trackedItemCount(body);
    if (body.decision === 'not_adopted') {
      if (body.reason === '') context.addIssue({ code: 'custom', path: ['reason'], message: '不予采纳须说明理由' });
      if (tracked > 0) context.addIssue({ code: 'custom', path: ['itemCode'], message: '不予采纳的建议不关联整改事项' });
      return;
    }
    if (body.decision === 'partly_adopted' && body.reason === '') context.addIssue({ code: 'custom', path: ['reason'], message: '部分采纳须说明未采纳的部分及理由' });
    if (tracked !== 1) context.addIssue({ code: 'custom', path: ['itemCode'], message: '采纳的建议须落实到一个整改事项：填写已有事项的编号，或新建一项' });
  });
export type SuggestionDecisionInput = z.output<typeof suggestionDecisionSchema>;
