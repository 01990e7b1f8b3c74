// The tracking page's bodies: the tracking code and secret, a rating with an optional comment.
import { z } from 'zod';
import { optional, text } from './feedback-input.ts';
import { RATINGS } from './vocabulary.ts';

export const RATING_COMMENT_MAX_LENGTH = 500;

const required = (label: string, max: number) =>
  text(label)
    .pipe(z.string().min(1, { error: `请填写${label}` }))
    .pipe(z.string().max(max, { error: `${label}不正确，请核对后重试` }));

export const trackingCredentialsShape = {
  trackingCode: required('查询码', 32).transform((value) => value.replace(/\s+/g, '').toUpperCase()),
  secret: required('查询密码', 40).transform((value) => value.replace(/\s+/g, '')),
};

const objectError = {
  error: (issue: z.core.$ZodRawIssue) =>
    issue.code === 'unrecognized_keys' ? `不支持的字段：${(issue as { keys: string[] }).keys.join('、')}` : '请求内容必须是一个 JSON 对象',
};

export const trackingLookupSchema = z.strictObject(trackingCredentialsShape, objectError);

export const trackingRateSchema = z.strictObject(
  {
    ...trackingCredentialsShape,
    rating: z.enum(RATINGS, { error: (issue) => (issue.input === undefined ? '请选择满意、基本满意或不满意' : '评价只能是满意、基本满意或不满意') }),
    comment: optional(
      text('评价意见').pipe(z.string().max(RATING_COMMENT_MAX_LENGTH, { error: `评价意见不能超过 ${RATING_COMMENT_MAX_LENGTH} 个字` })),
    ),
  },
  objectError,
);

export const trackingWithdrawSchema = trackingLookupSchema;

export type TrackingCredentials = z.output<typeof trackingLookupSchema>;
export type TrackingRating = z.output<typeof trackingRateSchema>;
