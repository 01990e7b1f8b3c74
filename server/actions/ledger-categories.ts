// The ledger's problem categories (问题类别), kept by the 系统管理员 and the 台账管理员.
import type { Db } from '../../db/open.ts';
import { recordAudit } from '../../db/queries/audit.ts';
import { insertItemCategory, listItemCategories, updateItemCategory } from '../../db/queries/ledger-references.ts';
import { hasRole, type StaffUser } from '../domain/staff.ts';
import { type LedgerResult, type LedgerContext, ITEM_CATEGORY_EDITOR_ROLES, actorUserId, invalid } from './ledger-writes.ts';

function auditCategory(db: Db, actor: StaffUser, context: LedgerContext, action: string, details: Record<string, unknown>): void {
  recordAudit(db, {
    actorKind: 'user',
    actorUserId: actor.id,
    objectType: 'item_category',
    objectId: null,
    action,
    details,
    ipHash: context.ipHash ?? null,
    at: context.now.toISOString(),
  });
}

export function createItemCategory(db: Db, actor: StaffUser, input: { code: string; label: string }, context: LedgerContext): LedgerResult {
  if (!hasRole(actor, ...ITEM_CATEGORY_EDITOR_ROLES)) return { ok: false, error: 'forbidden', message: '只有系统管理员或台账管理员可以修改问题类别' };
  return db.transaction((): LedgerResult => {
    const categories = listItemCategories(db);
    if (categories.some((category) => category.code === input.code)) return invalid({ field: 'code', message: '类别代码已被使用' });
    if (categories.some((category) => category.label === input.label)) return invalid({ field: 'label', message: '已有同名类别' });
    insertItemCategory(db, input);
    auditCategory(db, actor, context, 'item_category.create', input);
    return { ok: true, value: undefined };
  }).immediate();
}

export function changeItemCategory(
  db: Db,
  actor: StaffUser,
  code: string,
  input: { label?: string | undefined; isActive?: boolean | undefined },
  context: LedgerContext,
): LedgerResult {
  if (!hasRole(actor, ...ITEM_CATEGORY_EDITOR_ROLES)) return { ok: false, error: 'forbidden', message: '只有系统管理员或台账管理员可以修改问题类别' };
  return db.transaction((): LedgerResult => {
    const categories = listItemCategories(db);
    const category = categories.find((candidate) => candidate.code === code);
    if (!category) return { ok: false, error: 'not_found', message: '问题类别不存在' };
    if (input.label !== undefined && categories.some((candidate) => candidate.label === input.label && candidate.code !== code)) {
      return invalid({ field: 'label', message: '已有同名类别' });
    }
    if (input.isActive === false && !categories.some((candidate) => candidate.isActive && candidate.code !== code)) {
      return { ok: false, error: 'conflict', message: '至少要保留一个启用的问题类别' };
    }
    updateItemCategory(db, code, input);
    auditCategory(db, actor, context, 'item_category.update', { code, before: { label: category.label, isActive: category.isActive }, after: input });
    return { ok: true, value: undefined };
  }).immediate();
}
