// 用户: staff accounts for the 系统管理员. Create with a temporary password (the person must change
// it and bind a second factor at first sign-in), edit name, e-mail, roles and unit, and the account
// operations: reset the password, end every session, reset the second factor, deactivate.
import { listUsers } from './api.ts';
import { forgetReferenceData, useUnits } from './hooks.ts';
import { joinList, STAFF_ROLE_LABELS } from './labels.ts';
import type { StaffAccount } from './types.ts';
import { UserForm } from './UserForm.tsx';
import { UserManager } from './UserManager.tsx';
import { CreateButton, ListScreen, ListTable, LoadedList, useListPanel } from './list-screen.tsx';
import { PanelButton } from './ui.tsx';

type Panel = { kind: 'create' } | { kind: 'edit'; userId: number };

export function Users() {
  const { list: users, panel, open, close, message, setMessage, saved } = useListPanel<{ users: StaffAccount[] }, Panel>(listUsers, 'users', { referenceData: true });
  const units = useUnits();

  /** An account operation: the panel stays open on the account. */
  function changed(text: string) {
    setMessage(text);
    forgetReferenceData();
    users.reload();
  }

  const list = users.data?.users ?? [];
  const editing = panel?.kind === 'edit' ? list.find((user) => user.id === panel.userId) : undefined;

  return (
    <ListScreen
      title="用户"
      intro="为工作人员开设账号并分配角色。新账号使用临时密码，本人首次登录时须修改密码并绑定动态口令。经办人须指定所属单位，只能看到转办给本单位的意见。"
      message={message}
      toolbar={<CreateButton state={{ panel, open }}>新建用户</CreateButton>}
      panel={
        <>
          {panel?.kind === 'create' && <UserForm units={units} onCancel={close} onSaved={(name) => saved(`已创建用户“${name}”。请通过安全途径把临时密码告知本人。`)} />}
          {editing && <UserManager key={editing.id} user={editing} units={units} onCancel={close} onChanged={changed} />}
        </>
      }
    >
      <LoadedList list={users}>
        {() => (
          <ListTable caption="用户列表" columns={['姓名', '用户名', '角色', '单位', '状态']}>
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
                <td>
                  <PanelButton
                    small
                    label={`管理 ${user.displayName}`}
                    expanded={panel?.kind === 'edit' && panel.userId === user.id}
                    onOpen={(opener) => open({ kind: 'edit', userId: user.id }, opener)}
                  >
                    管理
                  </PanelButton>
                </td>
              </tr>
            ))}
          </ListTable>
        )}
      </LoadedList>
    </ListScreen>
  );
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
