// Request bodies of the sign-in and account routes (and of scripts/create-admin.ts), with Chinese
// messages that name the field, like the public form's (server/domain/feedback-input.ts).
import { z } from 'zod';
import { optional, text } from '../domain/feedback-input.ts';
import { STAFF_ROLE_LABELS, STAFF_ROLES } from '../domain/staff.ts';
import { PASSWORD_MAX_LENGTH } from './passwords.ts';

export const USERNAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
export const DISPLAY_NAME_MAX_LENGTH = 50;
// Letters of any script, combining marks, digits, spaces and the dots and dashes in names
// (阿卜杜拉·艾买提, Mary-Jane); no markup, no emoji.
const DISPLAY_NAME_PATTERN = /^[\p{L}\p{M}\p{N}][\p{L}\p{M}\p{N} ·•.'’()（）-]*$/u;

function body<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `不支持的字段：${issue.keys.join('、')}` : '请求内容必须是一个 JSON 对象'),
  });
}

/** A password as typed: never trimmed or altered, any characters but control characters. */
function password(label: string) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `请填写${label}` : `${label}必须是文字`) })
    .min(1, { error: `请填写${label}` })
    .max(PASSWORD_MAX_LENGTH, { error: `${label}不能超过 ${PASSWORD_MAX_LENGTH} 个字符` });
}

export const usernameSchema = text('用户名').pipe(
  z.string().regex(USERNAME_PATTERN, { error: '用户名须为 3–32 位英文字母、数字、点、下划线或连字符，并以字母或数字开头' }),
);

export const displayNameSchema = text('姓名')
  .pipe(z.string().min(1, { error: '请填写姓名' }))
  .pipe(z.string().max(DISPLAY_NAME_MAX_LENGTH, { error: `姓名不能超过 ${DISPLAY_NAME_MAX_LENGTH} 个字` }))
  .pipe(z.string().regex(DISPLAY_NAME_PATTERN, { error: '姓名只能包含文字、数字、空格和 · . - 等连接符号' }));

export const emailSchema = text('电子邮箱')
  .pipe(z.string().max(254, { error: '电子邮箱过长' }))
  .pipe(z.email({ error: '电子邮箱格式不正确' }));

export const unitIdSchema = z
  .number({ error: '所属单位必须是单位编号' })
  .int({ error: '所属单位必须是单位编号' })
  .positive({ error: '所属单位必须是单位编号' })
  .max(2 ** 31, { error: '所选单位不存在' });

const ROLE_LIST = STAFF_ROLES.map((role) => `${STAFF_ROLE_LABELS[role]}（${role}）`).join('、');
export const rolesSchema = z
  .array(z.enum(STAFF_ROLES, { error: `角色只能是：${ROLE_LIST}` }), { error: (issue) => (issue.input === undefined ? '请选择角色' : '角色必须是一个列表') })
  .min(1, { error: '请至少选择一个角色' })
  .max(STAFF_ROLES.length, { error: '角色不能重复' })
  .refine((roles) => new Set(roles).size === roles.length, { error: '角色不能重复' });

/** '' and null mean "clear it" in an update; absent means "leave it". */
function clearable<T extends z.ZodType>(schema: T) {
  return z.preprocess((value) => (value === '' ? null : value), z.union([z.null(), schema]).optional());
}

export const newStaffAccountSchema = body({
  username: usernameSchema,
  displayName: displayNameSchema,
  email: optional(emailSchema),
  unitId: optional(unitIdSchema),
  roles: rolesSchema,
  temporaryPassword: password('临时密码'),
});
export type NewStaffAccountBody = z.output<typeof newStaffAccountSchema>;

export const staffAccountPatchSchema = body({
  displayName: displayNameSchema.optional(),
  email: clearable(emailSchema),
  unitId: clearable(unitIdSchema),
  roles: rolesSchema.optional(),
  isActive: z.boolean({ error: '账号状态只能是 true（启用）或 false（停用）' }).optional(),
}).refine((patch) => Object.values(patch).some((value) => value !== undefined), { error: '请至少修改一项' });
export type StaffAccountPatch = z.output<typeof staffAccountPatchSchema>;

export const loginSchema = body({
  // Any text up to a bound: a user name that cannot exist simply fails like a wrong one.
  username: z
    .string({ error: (issue) => (issue.input === undefined ? '请填写用户名' : '用户名必须是文字') })
    .trim()
    .min(1, { error: '请填写用户名' })
    .max(64, { error: '用户名不能超过 64 个字符' }),
  password: password('密码'),
});

const totpCodeSchema = z
  .string({ error: (issue) => (issue.input === undefined ? '请填写验证码' : '验证码必须是文字') })
  .transform((value) => value.replace(/\s/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, { error: '验证码是身份验证器上显示的 6 位数字' }));

const recoveryCodeSchema = z
  .string({ error: (issue) => (issue.input === undefined ? '请填写恢复码' : '恢复码必须是文字') })
  .max(64, { error: '恢复码格式不正确' })
  .regex(/^[A-Za-z0-9\s-]+$/, { error: '恢复码格式不正确' });

export const secondFactorSchema = body({ code: totpCodeSchema.optional(), recoveryCode: recoveryCodeSchema.optional() }).refine(
  (value) => (value.code === undefined) !== (value.recoveryCode === undefined),
  { error: '请填写身份验证器上的 6 位验证码，或一个恢复码，二者选一' },
);

export const enrollmentConfirmationSchema = body({ code: totpCodeSchema });

export const passwordChangeSchema = body({
  currentPassword: password('当前密码'),
  newPassword: password('新密码'),
});

export const passwordResetSchema = body({ temporaryPassword: password('临时密码') });

export const userIdParamsSchema = z.object({
  id: z.coerce.number({ error: '用户编号不正确' }).int({ error: '用户编号不正确' }).positive({ error: '用户编号不正确' }).max(2 ** 31, { error: '用户编号不正确' }),
});
