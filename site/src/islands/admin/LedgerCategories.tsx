// 问题类别: the item categories of this bureau. The 系统管理员 or the 台账管理员 adds, renames and
// retires them; a retired category stays on the items that have it but takes no new ones.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { fieldErrors, useLoad, useSubmission } from './hooks.ts';
import { ledgerApi } from './ledger-api.ts';
import { ListTable, LoadedList } from './list-screen.tsx';
import { Field, LoadError } from './ui.tsx';

export function LedgerCategories({ href, canEdit }: { href: (path: string) => string; canEdit: boolean }) {
  const categories = useLoad(() => ledgerApi.categories(), 'categories');
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  // The category being renamed, and the name typed for it.
  const [renaming, setRenaming] = useState<{ code: string; label: string } | null>(null);
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  const rename = useSubmission();
  const renameErrors = fieldErrors(rename.error);
  const [renameProblem, setRenameProblem] = useState<string | null>(null);

  async function onAdd(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (await submission.run(() => ledgerApi.createCategory({ code: code.trim(), label: label.trim() }))) {
      setMessage(`已新增类别“${label.trim()}”。`);
      setCode('');
      setLabel('');
      categories.reload();
    }
  }
  async function onRename(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (!renaming) return;
    const next = renaming.label.trim();
    // The API reads an empty name as "no change": say what is missing instead.
    setRenameProblem(next ? null : '请填写类别名称。');
    if (!next) return;
    if (await rename.run(() => ledgerApi.updateCategory(renaming.code, { label: next }))) {
      setMessage(`已改名为“${next}”。`);
      setRenaming(null);
      categories.reload();
    }
  }
  function startRenaming(categoryCode: string, current: string) {
    rename.setError(null);
    setRenameProblem(null);
    setMessage(null);
    setRenaming({ code: categoryCode, label: current });
  }
  async function toggle(categoryCode: string, isActive: boolean) {
    if (await submission.run(() => ledgerApi.updateCategory(categoryCode, { isActive }))) {
      setMessage(isActive ? '已启用。' : '已停用。');
      categories.reload();
    }
  }

  return (
    <section aria-labelledby="ledger-categories-heading">
      <p>
        <a href={href('/')}>← 返回整改台账</a>
      </p>
      <h1 id="ledger-categories-heading" class="admin-heading">
        问题类别
      </h1>
      {message && <p role="status">{message}</p>}
      {submission.error && <LoadError error={submission.error} />}
      {rename.error && <LoadError error={rename.error} />}
      <LoadedList list={categories} loadingLabel="正在加载……">
        {(data) => (
          <ListTable caption="问题类别" compact columns={['名称', '代码', '状态']} actions={canEdit}>
            {data.categories.map((category) => (
              <tr key={category.code}>
                <th scope="row">
                  {renaming?.code === category.code ? (
                    <form class="admin-inline-form" onSubmit={onRename} noValidate aria-label={`修改类别名称：${category.label}`}>
                      <Field id={`category-rename-${category.code}`} label="新名称" required error={renameProblem ?? renameErrors.label}>
                        {(control) => (
                          <input
                            class="input"
                            {...control}
                            value={renaming.label}
                            ref={(input) => input?.focus()}
                            onInput={(event) => setRenaming({ code: category.code, label: event.currentTarget.value })}
                          />
                        )}
                      </Field>
                      <div class="admin-actions">
                        <button type="submit" class="button" disabled={rename.busy}>
                          保存
                        </button>
                        <button type="button" class="button button--secondary" onClick={() => setRenaming(null)}>
                          取消
                        </button>
                      </div>
                    </form>
                  ) : (
                    category.label
                  )}
                </th>
                <td>
                  <code>{category.code}</code>
                </td>
                <td>{category.isActive ? '启用' : '已停用'}</td>
                {canEdit && (
                  <td>
                    <div class="admin-actions">
                      <button type="button" class="button button--secondary" disabled={submission.busy} onClick={() => startRenaming(category.code, category.label)} aria-label={`改名 ${category.label}`}>
                        改名
                      </button>
                      <button type="button" class="button button--secondary" disabled={submission.busy} onClick={() => toggle(category.code, !category.isActive)} aria-label={`${category.isActive ? '停用' : '启用'} ${category.label}`}>
                        {category.isActive ? '停用' : '启用'}
                      </button>
                    </div>
                  </td>
                )}
              </tr>
            ))}
          </ListTable>
        )}
      </LoadedList>
      {canEdit && (
        <form class="admin-panel" onSubmit={onAdd} noValidate aria-label="新增类别">
          <Field id="category-code" label="类别代码" required error={errors.code} hint="小写字母开头，只含小写字母、数字和下划线，如 safety。">
            {(control) => <input class="input" {...control} value={code} onInput={(event) => setCode(event.currentTarget.value)} />}
          </Field>
          <Field id="category-label" label="类别名称" required error={errors.label}>
            {(control) => <input class="input" {...control} value={label} onInput={(event) => setLabel(event.currentTarget.value)} />}
          </Field>
          <button type="submit" class="button" disabled={submission.busy}>
            新增类别
          </button>
        </form>
      )}
    </section>
  );
}
