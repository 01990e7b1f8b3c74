// One staff account opened from the list: name, e-mail, roles and unit, and the account operations
// (temporary password, end every session, reset the second factor, deactivate or reactivate).
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { endUserSessions, resetUserPassword, resetUserTotp, type StaffAccountChanges, updateUser } from './api.ts';
import { PASSWORD_MIN_LENGTH } from './ChangePassword.tsx';
import { useAdminSession } from './hooks.ts';
import { useCheckedForm, useConfirmed } from './list-screen.tsx';
import type { StaffAccount, Unit } from './types.ts';
import { FocusHeading, FormActions, FormError } from './ui.tsx';
import { TemporaryPasswordField, USER_LABELS, UserFields, type UserFormValues, validateUser } from './UserForm.tsx';

export interface UserManagerProps {
  user: StaffAccount;
  units: Unit[];
  onCancel: () => void;
  onChanged: (message: string) => void;
}

export function UserManager({ user, units, onCancel, onChanged }: UserManagerProps) {
  const { user: me } = useAdminSession();
  const [values, setValues] = useState<UserFormValues>({
    username: user.username,
    displayName: user.displayName,
    email: user.email ?? '',
    roles: [...user.roles],
    unitId: user.unitId === null ? '' : String(user.unitId),
    temporaryPassword: '',
  });
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
  const { submission: save, errors, check } = useCheckedForm();
  const operation = useConfirmed();
  const isMe = me.id === user.id;

  function set<K extends keyof UserFormValues>(key: K, value: UserFormValues[K]) {
    setValues((current) => ({ ...current, [key]: value }));
  }

  async function onSave(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (!check(event.currentTarget, validateUser(values, false))) return;
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
    const short = [...values.temporaryPassword].length < PASSWORD_MIN_LENGTH;
    if (!check(event.currentTarget, short ? { temporaryPassword: `临时密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符。` } : {})) return;
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
    if (operation.busy) return;
    if (await operation.confirmThen(question, task)) onChanged(done);
  }

  return (
    <section class="admin-panel" aria-labelledby="user-edit-heading">
      <FocusHeading id="user-edit-heading">
        管理用户：{user.displayName}（{user.username}）
      </FocusHeading>
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSave}>
        <FormError error={save.error} labels={USER_LABELS} idPrefix={`user-${user.id}`} />
        <UserFields idPrefix={`user-${user.id}`} values={values} set={set} errors={errors} units={units} creating={false} />
        <FormActions label={save.busy ? '正在保存…' : '保存'} busy={save.busy} onCancel={onCancel} cancelLabel="关闭" />
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
          <FormActions label="设置临时密码" busy={operation.busy} onCancel={closeReset} />
        </form>
      ) : (
        <ul class="admin-operations">
          <li>
            <button type="button" class="button button--secondary button--small" ref={resetButton} onClick={() => setResetting(true)} aria-disabled={operation.busy ? 'true' : undefined}>
              重置密码
            </button>
            <span class="field__hint">忘记密码时使用：设置临时密码，本人登录后须修改。</span>
          </li>
          <li>
            <button
              type="button"
              class="button button--secondary button--small"
              aria-disabled={operation.busy ? 'true' : undefined}
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
              disabled={!user.totpEnrolled}
              aria-disabled={operation.busy ? 'true' : undefined}
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
                disabled={isMe}
                aria-disabled={operation.busy ? 'true' : undefined}
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
                aria-disabled={operation.busy ? 'true' : undefined}
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
