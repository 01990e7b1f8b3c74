// 第三方评估: evaluation rounds and their suggestions. No rules here (server/actions/evaluation-actions.ts).
import type { Db } from '../open.ts';
import { statement } from '../statements.ts';
import type { ItemStatus, SuggestionDecision } from '../../server/domain/vocabulary.ts';

export interface EvaluationRoundRow {
  id: number;
  title: string;
  evaluators: string;
  method: string;
  startedOn: string;
  endedOn: string | null;
  summary: string;
  isPublished: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SuggestionRow {
  id: number;
  roundId: number;
  position: number;
  content: string;
  decision: SuggestionDecision;
  reason: string;
  decidedAt: string | null;
  itemId: number | null;
  itemCode: string | null;
  itemTitle: string | null;
  itemStatus: ItemStatus | null;
  itemIsPublished: boolean;
}

const ROUND_COLUMNS = `id, title, evaluators, method, started_on AS startedOn, ended_on AS endedOn, summary, is_published AS isPublished,
  created_at AS createdAt, updated_at AS updatedAt`;

type RawRound = Omit<EvaluationRoundRow, 'isPublished'> & { isPublished: number };
const round = (row: RawRound): EvaluationRoundRow => ({ ...row, isPublished: row.isPublished === 1 });

export function listEvaluationRounds(db: Db): EvaluationRoundRow[] {
  return statement<[], RawRound>(db, `SELECT ${ROUND_COLUMNS} FROM evaluation_rounds ORDER BY started_on DESC, id DESC`).all().map(round);
}

export function getEvaluationRound(db: Db, id: number): EvaluationRoundRow | undefined {
  const row = statement<[number], RawRound>(db, `SELECT ${ROUND_COLUMNS} FROM evaluation_rounds WHERE id = ?`).get(id);
  return row ? round(row) : undefined;
}

export function insertEvaluationRound(
  db: Db,
  row: { title: string; evaluators: string; method: string; startedOn: string; endedOn: string | null; summary: string; createdBy: number; at: string },
): number {
  return Number(
    statement(
      db,
      `INSERT INTO evaluation_rounds (title, evaluators, method, started_on, ended_on, summary, created_by, created_at, updated_at)
       VALUES (@title, @evaluators, @method, @startedOn, @endedOn, @summary, @createdBy, @at, @at)`,
    ).run(row).lastInsertRowid,
  );
}

export function setEvaluationRoundPublished(db: Db, id: number, published: boolean, at: string): void {
  statement(db, 'UPDATE evaluation_rounds SET is_published = ?, updated_at = ? WHERE id = ?').run(published ? 1 : 0, at, id);
}

export function listSuggestions(db: Db, roundId: number | null): SuggestionRow[] {
  const rows = statement<[number | null, number | null], Omit<SuggestionRow, 'itemIsPublished'> & { itemIsPublished: number | null }>(
    db,
    `SELECT s.id, s.round_id AS roundId, s.position, s.content, s.decision, s.reason, s.decided_at AS decidedAt, s.item_id AS itemId,
       i.code AS itemCode, i.title AS itemTitle, i.status AS itemStatus, i.is_published AS itemIsPublished
     FROM evaluation_suggestions s LEFT JOIN rectification_items i ON i.id = s.item_id
     WHERE ? IS NULL OR s.round_id = ? ORDER BY s.round_id, s.position`,
  ).all(roundId, roundId);
  return rows.map((row) => ({ ...row, itemIsPublished: row.itemIsPublished === 1 }));
}

export function getSuggestion(db: Db, roundId: number, id: number): SuggestionRow | undefined {
  return listSuggestions(db, roundId).find((row) => row.id === id);
}

export function insertSuggestion(db: Db, row: { roundId: number; content: string; at: string }): number {
  return Number(
    statement(
      db,
      `INSERT INTO evaluation_suggestions (round_id, position, content, created_at)
       VALUES (@roundId, (SELECT coalesce(max(position), 0) + 1 FROM evaluation_suggestions WHERE round_id = @roundId), @content, @at)`,
    ).run(row).lastInsertRowid,
  );
}

export function decideSuggestionRow(db: Db, id: number, decision: { decision: SuggestionDecision; reason: string; itemId: number | null; at: string }): void {
  statement(db, 'UPDATE evaluation_suggestions SET decision = @decision, reason = @reason, item_id = @itemId, decided_at = @at WHERE id = @id').run({ id, ...decision });
}

export function touchEvaluationRound(db: Db, id: number, at: string): void {
  statement(db, 'UPDATE evaluation_rounds SET updated_at = ? WHERE id = ?').run(at, id);
}
