// Helpers for the 统计 pages: formatting the figures and ranking units. Data only from the snapshot.
import type { FeedbackFiguresSnapshot, FiguresRow, Statistics } from '../../../db/public-snapshot-schema.ts';
import { SMALL_SAMPLE_RATED } from '../../../server/domain/feedback-figures.ts';
import { formatPercent } from './format.ts';

export type { FeedbackFiguresSnapshot, FiguresRow, Statistics };
export { SMALL_SAMPLE_RATED };

/** '2.5 个工作日', or '—' with nothing to measure. */
export function formatDays(days: number | null): string {
  if (days === null) return '—';
  return `${Number.isInteger(days) ? days : days.toFixed(1)} 个工作日`;
}

/** '2026年11月' → '11月' within a year's chart; the full label in tables. */
export function shortMonth(key: string): string {
  return `${Number(key.slice(5, 7))}月`;
}

export function isSmallSample(figures: FeedbackFiguresSnapshot): boolean {
  return figures.rated < SMALL_SAMPLE_RATED;
}

/**
 * Units ranked by satisfaction rate, then on-time rate, then reply rate (higher first). Units
 * with fewer than SMALL_SAMPLE_RATED rated replies are never ranked: they are listed apart.
 */
export function rankUnits(rows: readonly FiguresRow[]): { ranked: FiguresRow[]; small: FiguresRow[] } {
  const units = rows.filter((row) => row.key !== '');
  const score = (rate: number | null) => rate ?? -1;
  const ranked = units
    .filter((row) => !isSmallSample(row.figures))
    .sort(
      (a, b) =>
        score(b.figures.satisfactionRate) - score(a.figures.satisfactionRate) ||
        score(b.figures.replyOnTimeRate) - score(a.figures.replyOnTimeRate) ||
        score(b.figures.replyRate) - score(a.figures.replyRate) ||
        a.label.localeCompare(b.label, 'zh-CN'),
    );
  return { ranked, small: units.filter((row) => isSmallSample(row.figures)) };
}

/** One sentence on an opinion breakdown's headline figures. */
export function figuresSentence(figures: FeedbackFiguresSnapshot): string {
  if (figures.received === 0) return '暂无意见。';
  return (
    `收到意见 ${figures.received} 件，已受理 ${figures.accepted} 件，已答复 ${figures.replied} 件（答复率 ${formatPercent(figures.replyRate)}），` +
    `按期答复率 ${formatPercent(figures.replyOnTimeRate)}，满意率 ${formatPercent(figures.satisfactionRate)}（已评价 ${figures.rated} 件）。`
  );
}
