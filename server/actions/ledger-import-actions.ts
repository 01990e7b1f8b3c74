// Writing an imported ledger sheet's planned rows (server/ledger/import.ts plans them).
import type { Db } from '../../db/open.ts';
import { findItemOutcome, getItemRecord, insertItemOutcome, insertItemUpdate, updateItemOutcome } from '../../db/queries/ledger.ts';
import { saveItemSheetKey } from '../../db/queries/ledger-lists.ts';
import type { OutcomeInput } from '../domain/ledger-input.ts';
import { type ItemChange, type ItemState } from '../domain/ledger-rules.ts';
import { hasRole } from '../domain/staff.ts';
import { type LedgerContext, type LedgerActor, LEDGER_EDITOR_ROLES, isStaff, actorUserId, audit, saveNewItem, saveItemChange } from './ledger-writes.ts';

/** One row of an import, checked and resolved: a new item, or the whole new state of an old one. */
export interface PlannedImportRow {
  row: number;
  code: string;
  state: ItemState;
  /** The existing item and the version the plan saw; null for a new item. */
  existing: { id: number; version: number } | null;
  outcomes: { title: string; kind: OutcomeInput['kind']; issuedOn: string; url: string | null }[];
  /** What identifies the item in this sheet (序号, problem fingerprint), kept for the next one. */
  sheetKey: { seq: string | null; problemKey: string };
  /** The progress text changed: a dated progress update with it. */
  progressNote: { date: string; content: string } | null;
}

export interface ImportApplied {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Writes planned rows: creates or updates each item (version 'import'), adds or updates the
 * outcomes its row names (none is ever deleted). Runs inside the caller's transaction, which also
 * made the plan, so nothing can change in between; a version that moved anyway aborts the whole.
 */
export function applyImportedItems(db: Db, actor: LedgerActor, rows: readonly PlannedImportRow[], context: LedgerContext & { fileName: string }): ImportApplied {
  if (isStaff(actor) && !hasRole(actor, ...LEDGER_EDITOR_ROLES)) throw new Error('applyImportedItems: the actor is not a 台账管理员');
  if (!db.inTransaction) throw new Error('applyImportedItems must run inside the transaction that planned the rows');
  const at = context.now.toISOString();
  const applied: ImportApplied = { created: [], updated: [], unchanged: [] };
  const note = `导入 ${context.fileName}`;
  for (const planned of rows) {
    let itemId: number;
    const outcomeChanges: ItemChange[] = [];
    if (planned.existing === null) {
      itemId = saveNewItem(db, planned.state, { actor, action: 'import', at, note }).id;
    } else {
      itemId = planned.existing.id;
    }
    saveItemSheetKey(db, { itemId, seq: planned.sheetKey.seq, problemKey: planned.sheetKey.problemKey, fileName: context.fileName, at });
    if (planned.progressNote) {
      insertItemUpdate(db, { itemId, date: planned.progressNote.date, content: planned.progressNote.content, progress: planned.state.progress, status: planned.state.status, createdBy: actorUserId(actor), at });
      if (planned.existing !== null) outcomeChanges.push({ field: 'update', from: null, to: planned.progressNote.date });
    }
    for (const outcome of planned.outcomes) {
      const found = findItemOutcome(db, itemId, outcome.title);
      if (!found) {
        insertItemOutcome(db, { itemId, ...outcome, createdBy: actorUserId(actor), at });
        outcomeChanges.push({ field: 'outcome', from: null, to: outcome.title });
      } else if (found.kind !== outcome.kind || found.issuedOn !== outcome.issuedOn || found.url !== outcome.url) {
        updateItemOutcome(db, found.id, outcome);
        outcomeChanges.push({ field: 'outcome', from: found.title, to: outcome.title });
      }
    }
    if (planned.existing === null) {
      applied.created.push(planned.code);
      audit(db, actor, context, itemId, 'ledger.item.import_create', { code: planned.code, file: context.fileName, row: planned.row });
      continue;
    }
    const record = getItemRecord(db, itemId);
    if (!record || record.version !== planned.existing.version) throw new Error(`item ${planned.code} changed while it was being imported`);
    const saved = saveItemChange(db, record, planned.state, { actor, action: 'import', at, note, extraChanges: outcomeChanges });
    if (saved.changes.length === 0) {
      applied.unchanged.push(planned.code);
    } else {
      applied.updated.push(planned.code);
      audit(db, actor, context, itemId, 'ledger.item.import_update', { code: planned.code, file: context.fileName, row: planned.row, fields: saved.changes.map((change) => change.field) });
    }
  }
  audit(db, actor, context, null, 'ledger.import', { file: context.fileName, created: applied.created.length, updated: applied.updated.length, unchanged: applied.unchanged.length });
  return applied;
}
