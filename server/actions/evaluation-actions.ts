// 第三方评估: the named actions on evaluation rounds and their suggestions. Each one checks the
// role, then writes the rows and the audit entry in one transaction. An adopted suggestion is
// tracked to a ledger item (an existing one, or a new one whose source is 第三方评估).
import type { Db } from '../../db/open.ts';
import {
  decideSuggestionRow,
  getEvaluationRound,
  getSuggestion,
  insertEvaluationRound,
  insertSuggestion,
  setEvaluationRoundPublished,
  touchEvaluationRound,
} from '../../db/queries/evaluations.ts';
import { bureauDate } from '../domain/bureau-time.ts';
import type { EvaluationRoundInput, SuggestionDecisionInput, SuggestionInput } from '../domain/evaluation-input.ts';
import { linkTrackedItem } from './ledger-actions.ts';
import type { LedgerContext, LedgerResult } from './ledger-writes.ts';
import { auditStaffAction } from './staff-audit.ts';
import { hasRole, type StaffRole, type StaffUser } from '../domain/staff.ts';

/** The 办公室 and the 台账管理员 record evaluations; the 系统管理员 reads them too. */
export const EVALUATION_EDITOR_ROLES: readonly StaffRole[] = ['office', 'ledger'];
export const EVALUATION_READER_ROLES: readonly StaffRole[] = ['office', 'ledger', 'sysadmin'];

const FORBIDDEN = { ok: false, error: 'forbidden', message: '只有办公室或台账管理员可以记录第三方评估' } as const;
const ROUND_NOT_FOUND = { ok: false, error: 'not_found', message: '评估不存在' } as const;

function audit(db: Db, actor: StaffUser, context: LedgerContext, roundId: number, action: string, details: Record<string, unknown>, reason?: string): void {
  auditStaffAction(db, actor, context, { type: 'evaluation_round', id: roundId }, action, details, reason);
}

export function createEvaluationRound(db: Db, actor: StaffUser, input: EvaluationRoundInput, context: LedgerContext): LedgerResult<{ id: number }> {
  if (!hasRole(actor, ...EVALUATION_EDITOR_ROLES)) return FORBIDDEN;
  if (input.startedOn > bureauDate(context.now)) return { ok: false, error: 'invalid', field: 'startedOn', message: '开始日期不能晚于今天' };
  if (input.endedOn !== null && input.endedOn < input.startedOn) return { ok: false, error: 'invalid', field: 'endedOn', message: '结束日期不能早于开始日期' };
  return db.transaction((): LedgerResult<{ id: number }> => {
    const id = insertEvaluationRound(db, { ...input, createdBy: actor.id, at: context.now.toISOString() });
    audit(db, actor, context, id, 'evaluation.create', { title: input.title });
    return { ok: true, value: { id } };
  }).immediate();
}

export function addSuggestion(db: Db, actor: StaffUser, roundId: number, input: SuggestionInput, context: LedgerContext): LedgerResult<{ id: number }> {
  if (!hasRole(actor, ...EVALUATION_EDITOR_ROLES)) return FORBIDDEN;
  return db.transaction((): LedgerResult<{ id: number }> => {
    if (!getEvaluationRound(db, roundId)) return ROUND_NOT_FOUND;
    const at = context.now.toISOString();
    const id = insertSuggestion(db, { roundId, content: input.content, at });
    touchEvaluationRound(db, roundId, at);
    audit(db, actor, context, roundId, 'evaluation.suggestion.add', { suggestionId: id });
    return { ok: true, value: { id } };
  }).immediate();
}

/**
 * 采纳 / 部分采纳 / 不予采纳. Adopting links the suggestion to an existing item or makes a new one
 * (source 第三方评估, unpublished until the 台账管理员 publishes it). A decision may be revised;
 * the audit log keeps each one.
 */
export function decideSuggestion(
  db: Db,
  actor: StaffUser,
  roundId: number,
  suggestionId: number,
  input: SuggestionDecisionInput,
  context: LedgerContext,
): LedgerResult<{ id: number; itemId: number | null; itemCode: string | null }> {
  if (!hasRole(actor, ...EVALUATION_EDITOR_ROLES)) return FORBIDDEN;
  return db.transaction((): LedgerResult<{ id: number; itemId: number | null; itemCode: string | null }> => {
    const round = getEvaluationRound(db, roundId);
    if (!round) return ROUND_NOT_FOUND;
    const suggestion = getSuggestion(db, roundId, suggestionId);
    if (!suggestion) return { ok: false, error: 'not_found', message: '该评估中没有这条建议' };
    const linked = linkTrackedItem(db, actor, input, { source: 'third_party', note: `由第三方评估“${round.title}”第 ${suggestion.position} 条建议新建` }, context);
    if (!linked.ok) return linked;
    const item = linked.value;
    const at = context.now.toISOString();
    decideSuggestionRow(db, suggestionId, { decision: input.decision, reason: input.reason, itemId: item?.id ?? null, at });
    touchEvaluationRound(db, roundId, at);
    audit(
      db,
      actor,
      context,
      roundId,
      'evaluation.suggestion.decide',
      { suggestionId, position: suggestion.position, from: suggestion.decision, to: input.decision, itemCode: item?.code ?? null, newItem: input.newItem !== undefined },
      input.reason === '' ? undefined : input.reason,
    );
    return { ok: true, value: { id: suggestionId, itemId: item?.id ?? null, itemCode: item?.code ?? null } };
  }).immediate();
}

export function publishEvaluationRound(db: Db, actor: StaffUser, roundId: number, published: boolean, context: LedgerContext): LedgerResult<{ id: number }> {
  if (!hasRole(actor, ...EVALUATION_EDITOR_ROLES)) return FORBIDDEN;
  return db.transaction((): LedgerResult<{ id: number }> => {
    const round = getEvaluationRound(db, roundId);
    if (!round) return ROUND_NOT_FOUND;
    if (round.isPublished === published) return { ok: false, error: 'conflict', message: published ? '该评估已公开' : '该评估尚未公开' };
    setEvaluationRoundPublished(db, roundId, published, context.now.toISOString());
    audit(db, actor, context, roundId, published ? 'evaluation.publish' : 'evaluation.withdraw', { title: round.title });
    return { ok: true, value: { id: roundId } };
  }).immediate();
}
