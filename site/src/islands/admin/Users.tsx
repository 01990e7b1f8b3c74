// 用户: staff accounts for the 系统管理员. Create with a temporary password (the person must change
// it and bind a second factor at first sign-in), edit name, e-mail, roles and unit, and the account
// operations: reset the password, end every session, reset the second factor, deactivate.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { createUser, endUserSessions, listUsers, resetUserPassword, resetUserTotp, type StaffAccountChanges, updateUser } from './api.ts';
import { PASSWORD_MIN_LENGTH } from './ChangePassword.tsx';
import { fieldErrors, forgetReferenceData, useAdminSession, useLoad, useSubmission, useUnits } from './hooks.ts';
import { joinList, STAFF_ROLE_LABELS, STAFF_ROLES } from './labels.ts';
import type { StaffAccount, StaffRole, Unit } from './types.ts';
import { DateTime, Field, focusFirstInvalid, FormError, LiveMessage, LoadError, Loading, randomPassword, ScreenHeading } from './ui.tsx';

const USERNAME = /^[A-Za-z0-9._-]{3,32}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const LABELS: Record<string, string> = {
  username: '用户名',
  displayName: '姓名',
  email: '电子邮箱',
  roles: '角色',
  unitId: '所属单位',
  temporaryPassword: '临时密码',
};

type Panel = { kind: 'create' } | { kind: 'edit'; userId: number } | null;

export function Users() {
  const users = useLoad(listUsers, 'users');
  const units = useUnits();
  const [panel, setPanel] = useState<Panel>(null);
  const [message, setMessage] = useState<string | null>(null);
  const openers = useRef(new Map<string, HTMLElement>());

  function open(next: Panel, opener: HTMLElement | null) {
    if (opener) openers.current.set(panelKey(next), opener);
    setMessage(null);
    setPanel(next);
  }

  function close() {
    const opener = openers.current.get(panelKey(panel));
    setPanel(null);
    opener?.focus();
  }

  function changed(text: string, keepOpen = true) {
    setMessage(text);
    forgetReferenceData();
    users.reload();
    if (!keepOpen) close();
  }

  const list = users.data?.users ?? [];
  const editing = panel?.kind === 'edit' ? list.find((user) => user.id === panel.userId) : undefined;

  return (
    <>
      <ScreenHeading title="用户">用户</ScreenHeading>
      <p class="page-intro">
        为工作人员开设账号并分配角色。新账号使用临时密码，本人首次登录时须修改密码并绑定动态口令。经办人须指定所属单位，只能看到转办给本单位的意见。
      </p>
      <LiveMessage message={message} />
      <div class="admin-toolbar">
        <button type="button" class="button" onClick={(event) => open({ kind: 'create' }, event.currentTarget)} aria-expanded={panel?.kind === 'create'}>
          新建用户
        </button>
      </div>
      {panel?.kind === 'create' && <UserForm units={units} onCancel={close} onSaved={(name) => changed(`已创建用户“${name}”。请通过安全途径把临时密码告知本人。`, false)} />}
      {editing && <UserManager key={editing.id} user={editing} units={units} onCancel={close} onChanged={changed} />}
      {users.loading && !users.data && <Loading />}
      {users.error && <LoadError error={users.error} onRetry={users.reload} />}
      {users.data && (
        <table class="admin-table">
          <caption class="visually-hidden">用户列表</caption>
          <thead>
            <tr>
              <th scope="col">姓名</th>
              <th scope="col">用户名</th>
              <th scope="col">角色</th>
              <th scope="col">单位</th>
              <th scope="col">状态</th>
              <th scope="col">最近登录</th>
              <th scope="col">
                <span class="visually-hidden">操作</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((user) => (
              <tr key={user.id} class={user.isActive ? undefined : 'admin-row--inactive'}>
                <th scope="row">{user.displayName}</th>
                <td>
                  <code>{user.username}</code>
                </td>
                <td>{joinList(user.roles.map((role) => STAFF_ROLE_LABELS[role] ?? role))}</td>
                <td>{user.unitName ?? <span class="admin-muted">—</span>}</td>
                <td>
                  <AccountState user={user} />
                </td>
                <td>{user.lastLoginAt ? <DateTime iso={user.lastLoginAt} /> : <span class="admin-muted">从未登录</span>}</td>
                <td>
                  <button
                    type="button"
                    class="button button--secondary button--small"
                    aria-label={`管理 ${user.displayName}`}
                    aria-expanded={panel?.kind === 'edit' && panel.userId === user.id}
                    onClick={(event) => open({ kind: 'edit', userId: user.id }, event.currentTarget)}
                  >
                    管理
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

function panelKey(panel: Panel): string {
  return panel === null ? '' : panel.kind === 'create' ? 'create' : `edit-${panel.userId}`;
}

function AccountState({ user }: { user: StaffAccount }) {
  const flags: string[] = [];
  if (!user.isActive) flags.push('已停用');
  if (user.lockedUntil && new Date(user.lockedUntil).getTime() > Date.now()) flags.push('已锁定');
  if (user.mustChangePassword) flags.push('须修改密码');
  if (!user.totpEnrolled) flags.push('未绑定动态口令');
  if (flags.length === 0) return <span>正常</span>;
  return (
    <span class="badges">
      {flags.map((flag) => (
        <span key={flag} class={flag === '已停用' || flag === '已锁定' ? 'badge badge--overdue' : 'badge admin-badge--plain'}>
          {flag}
        </span>
      ))}
    </span>
  );
}

interface UserFormValues {
  username: string;
  displayName: string;
  email: string;
  roles: StaffRole[];
  unitId: string;
  temporaryPassword: string;
}

function validateUser(values: UserFormValues, creating: boolean): Record<string, string> {
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

function UserFields({
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
          <Field id={`${idPrefix}-username`} label={LABELS.username} hint="登录用，3～32 位字母、数字或 . _ -，创建后不能修改。" error={errors.username} required>
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
        <Field id={`${idPrefix}-displayName`} label={LABELS.displayName} error={errors.displayName} required>
          {(control) => (
            <input {...control} class="input" autoComplete="off" maxLength={50} value={values.displayName} onInput={(event) => set('displayName', event.currentTarget.value)} />
          )}
        </Field>
        <Field id={`${idPrefix}-email`} label={LABELS.email} hint="用于接收待办提醒。" error={errors.email} optional>
          {(control) => (
            <input {...control} class="input" type="email" autoComplete="off" maxLength={254} value={values.email} onInput={(event) => set('email', event.currentTarget.value)} />
          )}
        </Field>
      </div>
      <fieldset class={rolesError ? 'field field--invalid' : 'field'}>
        <legend>
          {LABELS.roles}
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
        label={LABELS.unitId}
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

function TemporaryPasswordField({
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
      label={LABELS.temporaryPassword}
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

function UserForm({ units, onCancel, onSaved }: { units: Unit[]; onCancel: () => void; onSaved: (name: string) => void }) {
  const [values, setValues] = useState<UserFormValues>({ username: '', displayName: '', email: '', roles: [], unitId: '', temporaryPassword: '' });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const submission = useSubmission();
  const errors = { ...fieldErrors(submission.error), ...problems };
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  function set<K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found = validateUser(values, true);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
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
    <section class="admin-panel" aria-labelledby="user-create-heading">
      <h2 id="user-create-heading" tabIndex={-1} ref={heading}>
        新建用户
      </h2>
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} labels={LABELS} idPrefix="user-new" />
        <UserFields idPrefix="user-new" values={values} set={set} errors={errors} units={units} creating />
        <TemporaryPasswordField
          id="user-new-temporaryPassword"
          value={values.temporaryPassword}
          onChange={(value) => set('temporaryPassword', value)}
          error={errors.temporaryPassword}
        />
        <div class="form-actions">
          <button type="submit" class="button" disabled={submission.busy}>
            {submission.busy ? '正在创建…' : '创建用户'}
          </button>
          <button type="button" class="admin-link-button" onClick={onCancel}>
            取消
          </button>
        </div>
      </form>
    </section>
  );
}

interface UserManagerProps {
  user: StaffAccount;
  units: Unit[];
  onCancel: () => void;
  onChanged: (message: string, keepOpen?: boolean) => void;
}

function UserManager({ user, units, onCancel, onChanged }: UserManagerProps) {
  const { user: me } = useAdminSession();
  const [values, setValues] = useState<UserFormValues>({
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? '',
    roles: [...user.roles],
    unitId: user.unitId === null ? '' : String(user.unitId),
    temporaryPassword: '',
  });
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [resetting, setResetting] = useState(false);
  const resetButton = useRef<HTMLButtonElement>(null);
  const returnToReset = useRef(false);
  // Closing the reset form puts focus back on the 重置密码 button that opened it.
  useEffect(() => {
    if (!resetting && returnToReset.current) {
      returnToReset.current = false;
      resetButton.current?.focus();
    }
  }, [resetting]);

  function closeReset() {
    returnToReset.current = true;
    setResetting(false);
  }
  const save = useSubmission();
  const operation = useSubmission();
  const errors = { ...fieldErrors(save.error), ...problems };
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const isMe = me.id === user.id;

  function set<K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function onSave(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found = validateUser(values, false);
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    const changes: StaffAccountChanges = {
      displayName: values.displayName.trim(),
      email: values.email.trim() || null,
      roles: values.roles,
      unitId: values.unitId ? Number(values.unitId) : null,
    };
    const saved = await save.run(() => updateUser(user.id, changes));
    if (saved) onChanged(`已保存“${changes.displayName}”的账号信息。`);
  }

  async function onResetPassword(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if ([...values.temporaryPassword].length < PASSWORD_MIN_LENGTH) {
      setProblems({ temporaryPassword: `临时密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符。` });
      return focusFirstInvalid(event.currentTarget);
    }
    setProblems({});
    const done = await operation.run(async () => {
      await resetUserPassword(user.id, values.temporaryPassword);
      return true;
    });
    if (done) {
      closeReset();
      set('temporaryPassword', '');
      onChanged(`已为“${user.displayName}”设置临时密码，其现有登录已结束。请通过安全途径告知本人，本人登录后须立即修改。`);
    }
  }

  async function confirmAndRun(question: string, task: () => Promise<unknown>, done: string) {
    if (!window.confirm(question)) return;
    const result = await operation.run(async () => {
      await task();
      return true;
    });
    if (result) onChanged(done);
  }

  return (
    <section class="admin-panel" aria-labelledby="user-edit-heading">
      <h2 id="user-edit-heading" tabIndex={-1} ref={heading}>
        管理用户：{user.displayName}（{user.username}）
      </h2>
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSave}>
        <FormError error={save.error} labels={LABELS} idPrefix={`user-${user.id}`} />
        <UserFields idPrefix={`user-${user.id}`} values={values} set={set} errors={errors} units={units} creating={false} />
        <div class="form-actions">
          <button type="submit" class="button" disabled={save.busy}>
            {save.busy ? '正在保存…' : '保存'}
          </button>
          <button type="button" class="admin-link-button" onClick={onCancel}>
            关闭
          </button>
        </div>
      </form>

      <h3 class="admin-subheading">账号操作</h3>
      <FormError error={operation.error} />
      {resetting ? (
        <form class="admin-form admin-form--wide admin-subform" noValidate onSubmit={onResetPassword}>
          <TemporaryPasswordField
            focusOnOpen
            id={`user-${user.id}-temporaryPassword`}
            value={values.temporaryPassword}
            onChange={(value) => set('temporaryPassword', value)}
            error={errors.temporaryPassword}
          />
          <div class="form-actions">
            <button type="submit" class="button" disabled={operation.busy}>
              设置临时密码
            </button>
            <button type="button" class="admin-link-button" onClick={closeReset}>
              取消
            </button>
          </div>
        </form>
      ) : (
        <ul class="admin-operations">
          <li>
            <button type="button" class="button button--secondary button--small" ref={resetButton} onClick={() => setResetting(true)} disabled={operation.busy}>
              重置密码
            </button>
            <span class="field__hint">忘记密码时使用：设置临时密码，本人登录后须修改。</span>
          </li>
          <li>
            <button
              type="button"
              class="button button--secondary button--small"
              disabled={operation.busy}
              onClick={() =>
                confirmAndRun(`确定要结束“${user.displayName}”的全部登录吗？`, () => endUserSessions(user.id), `已结束“${user.displayName}”的全部登录。`)
              }
            >
              结束全部登录
            </button>
            <span class="field__hint">电脑遗失或离开岗位未退出时使用。</span>
          </li>
          <li>
            <button
              type="button"
              class="button button--secondary button--small"
              disabled={operation.busy || !user.totpEnrolled}
              onClick={() =>
                confirmAndRun(
                  `确定要重置“${user.displayName}”的动态口令吗？本人下次登录时须重新绑定。`,
                  () => resetUserTotp(user.id),
                  `已重置“${user.displayName}”的动态口令，本人下次登录时须重新绑定。`,
                )
              }
            >
              重置动态口令
            </button>
            <span class="field__hint">{user.totpEnrolled ? '手机丢失或更换时使用，原有恢复码同时作废。' : '尚未绑定动态口令，无需重置。'}</span>
          </li>
          <li>
            {user.isActive ? (
              <button
                type="button"
                class="button button--secondary button--small admin-button--danger"
                disabled={operation.busy || isMe}
                onClick={() =>
                  confirmAndRun(
                    `确定要停用“${user.displayName}”的账号吗？停用后不能登录，办理记录保留。`,
                    () => updateUser(user.id, { isActive: false }),
                    `已停用“${user.displayName}”的账号。`,
                  )
                }
              >
                停用账号
              </button>
            ) : (
              <button
                type="button"
                class="button button--secondary button--small"
                disabled={operation.busy}
                onClick={() =>
                  confirmAndRun(`确定要重新启用“${user.displayName}”的账号吗？`, () => updateUser(user.id, { isActive: true }), `已重新启用“${user.displayName}”的账号。`)
                }
              >
                启用账号
              </button>
            )}
            <span class="field__hint">{isMe ? '不能停用自己正在使用的账号。' : '人员调离时停用，不删除账号，办理记录保留。'}</span>
          </li>
        </ul>
      )}
    </section>
  );
}
