// The fields of a staff account, and the form that creates one. The edit form (UserManager.tsx)
// uses the same fields and checks.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createUser } from './api.ts';
import { PASSWORD_MIN_LENGTH } from './ChangePassword.tsx';
import { PanelForm, useCheckedForm } from './list-screen.tsx';
import { STAFF_ROLE_LABELS, STAFF_ROLES } from './labels.ts';
import type { StaffRole, Unit } from './types.ts';
import { Field, randomPassword } from './ui.tsx';

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const USER_LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  email: '电子邮箱',
  roles: '角色',
  unitId: '所属单位',
  temporaryPassword: '临时密码',
};

export interface UserFormValues {
  username: string;
  displayName: string;
  email: string;
  roles: StaffRole[];
  unitId: string;
  temporaryPassword: string;
}

export function validateUser(values: UserFormValues, creating: boolean): Record<string, string> {
  const found: Record<string, string> = {};
  if (creating && !USERNAME.test(values.username.trim())) found.username = '用户名为 3～32 位字母、数字或 . _ -。';
  const name = values.displayName.trim();
  if (!name) found.displayName = '请填写姓名。';
  else if (name.length > 50) found.displayName = '姓名不能超过 50 个字。';
  const email = values.email.trim();
  if (email && !EMAIL.test(email)) found.email = '电子邮箱格式不正确，例如 name@example.com。';
  if (values.roles.length === 0) found.roles = '请至少选择一个角色。';
  if (values.roles.includes('handler') && !values.unitId) found.unitId = '经办人必须选择所属单位。';
  if (creating && [...values.temporaryPassword].length < PASSWORD_MIN_LENGTH) found.temporaryPassword = `临时密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符。`;
  return found;
}

export function UserFields({
  idPrefix,
  values,
  set,
  errors,
  units,
  creating,
}: {
  idPrefix: string;
  values: UserFormValues;
  set: <K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) => void;
  errors: Record<string, string>;
  units: Unit[];
  creating: boolean;
}) {
  const rolesError = errors.roles;
  return (
    <>
      <div class="admin-form-grid">
        {creating && (
          <Field id={`${idPrefix}-username`} label={USER_LABELS.username} hint="登录用，3～32 位字母、数字或 . _ -，创建后不能修改。" error={errors.username} required>
            {(control) => (
              <input
                {...control}
                class="input"
                autoComplete="off"
                autoCapitalize="none"
                spellcheck={false}
                maxLength={32}
                value={values.username}
                onInput={(event) => set('username', event.currentTarget.value)}
              />
            )}
          </Field>
        )}
        <Field id={`${idPrefix}-displayName`} label={USER_LABELS.displayName} error={errors.displayName} required>
          {(control) => (
            <input {...control} class="input" autoComplete="off" maxLength={50} value={values.displayName} onInput={(event) => set('displayName', event.currentTarget.value)} />
          )}
        </Field>
        <Field id={`${idPrefix}-email`} label={USER_LABELS.email} hint="用于接收待办提醒。" error={errors.email} optional>
          {(control) => (
            <input {...control} class="input" type="email" autoComplete="off" maxLength={254} value={values.email} onInput={(event) => set('email', event.currentTarget.value)} />
          )}
        </Field>
      </div>
      <fieldset class={rolesError ? 'field field--invalid' : 'field'}>
        <legend>
          {USER_LABELS.roles}
          <span class="field__required" aria-hidden="true">
            *
          </span>
        </legend>
        {rolesError && (
          <span class="field__error" id={`${idPrefix}-roles-error`}>
            {rolesError}
          </span>
        )}
        <div class="choice-group admin-role-choices">
          {STAFF_ROLES.map((role, index) => (
            <label class="choice" key={role}>
              <input
                type="checkbox"
                id={index === 0 ? `${idPrefix}-roles` : `${idPrefix}-roles-${role}`}
                checked={values.roles.includes(role)}
                aria-describedby={rolesError ? `${idPrefix}-roles-error` : undefined}
                aria-invalid={rolesError ? true : undefined}
                onChange={(event) => {
                  const checked = event.currentTarget.checked;
                  set('roles', checked ? STAFF_ROLES.filter((r) => r === role || values.roles.includes(r)) : values.roles.filter((r) => r !== role));
                }}
              />
              {STAFF_ROLE_LABELS[role]}
            </label>
          ))}
        </div>
      </fieldset>
      <Field
        id={`${idPrefix}-unitId`}
        label={USER_LABELS.unitId}
        hint="经办人必填：只能看到和办理转办给本单位的意见。"
        error={errors.unitId}
        required={values.roles.includes('handler')}
        optional={!values.roles.includes('handler')}
      >
        {(control) => (
          <select {...control} class="select" value={values.unitId} onChange={(event) => set('unitId', event.currentTarget.value)}>
            <option value="">不属于具体单位</option>
            {units.map((unit) => (
              <option key={unit.id} value={String(unit.id)}>
                {unit.name}（{unit.kindLabel}）
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}

export function TemporaryPasswordField({
  id,
  value,
  onChange,
  error,
  focusOnOpen = false,
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  focusOnOpen?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusOnOpen) input.current?.focus();
  }, []);
  return (
    <Field
      id={id}
      label={USER_LABELS.temporaryPassword}
      hint={`至少 ${PASSWORD_MIN_LENGTH} 个字符。请当面或电话告知本人，不要通过聊天软件发送；本人登录后须立即修改。`}
      error={error}
      required
    >
      {(control) => (
        <div class="admin-inline">
          <input
            {...control}
            ref={input}
            class="input admin-password-input"
            type="text"
            autoComplete="off"
            spellcheck={false}
            value={value}
            onInput={(event) => onChange(event.currentTarget.value)}
          />
          <button type="button" class="button button--secondary" onClick={() => onChange(randomPassword())}>
            随机生成
          </button>
        </div>
      )}
    </Field>
  );
}

export function UserForm({ units, onCancel, onSaved }: { units: Unit[]; onCancel: () => void; onSaved: (name: string) => void }) {
  const [values, setValues] = useState<UserFormValues>({ username: '', displayName: '', email: '', roles: [], unitId: '', temporaryPassword: '' });
  const { submission, errors, check } = useCheckedForm();

  function set<K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (!check(event.currentTarget, validateUser(values, true))) return;
    const email = values.email.trim();
    const created = await submission.run(() =>
      createUser({
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        ...(email ? { email } : {}),
        roles: values.roles,
        ...(values.unitId ? { unitId: Number(values.unitId) } : {}),
        temporaryPassword: values.temporaryPassword,
      }),
    );
    if (created) onSaved(values.displayName.trim());
  }

  return (
    <PanelForm
      prefix="user-new"
      headingId="user-create-heading"
      heading="新建用户"
      labels={USER_LABELS}
      submission={submission}
      onSubmit={onSubmit}
      onCancel={onCancel}
      submitLabel={submission.busy ? '正在创建…' : '创建用户'}
    >
      <UserFields idPrefix="user-new" values={values} set={set} errors={errors} units={units} creating />
      <TemporaryPasswordField
        id="user-new-temporaryPassword"
        value={values.temporaryPassword}
        onChange={(value) => set('temporaryPassword', value)}
        error={errors.temporaryPassword}
      />
    </PanelForm>
  );
}
