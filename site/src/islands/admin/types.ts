// The shapes the admin API answers with, derived from the zod schemas of its routes
// (server/routes/admin-*.ts) so that they cannot drift from what the server sends. Type-only
// imports: no server code enters the browser bundle (tests/unit/layers.test.ts checks it).
import type { AuditPageView } from '../../../../server/routes/admin-audit.ts';
import type { SessionView, TotpEnrollmentView } from '../../../../server/routes/admin-auth.ts';
import type { BulkResultView, ContactView, DashboardView, FeedbackRecordView, InboxPageView, RedactionView } from '../../../../server/routes/admin-feedback.ts';
import type { CalendarView, CategoryView, ReplyTemplateView, UnitView } from '../../../../server/routes/admin-settings.ts';
import type { StaffAccountView } from '../../../../server/routes/admin-users.ts';
import type { StaffRole } from '../../../../server/domain/staff.ts';
import type { FeedbackState, UnitKind } from '../../../../server/domain/vocabulary.ts';

export type { FeedbackState, StaffRole, UnitKind };

export type Session = SessionView;
export type SessionStage = Session['stage'];
export type SessionUser = NonNullable<Session['user']>;

/** One field's problem in an error answer (server/routes/error-response.ts). */
export interface FieldProblem {
  field: string;
  message: string;
}

export type TotpEnrollment = TotpEnrollmentView;

export type Dashboard = DashboardView;
export type DashboardCounts = Dashboard['counts'];

export type InboxPage = InboxPageView;
export type InboxItem = InboxPage['items'][number];
/** Which deadline an inbox row's due date is. */
export type DueKind = NonNullable<InboxItem['dueKind']>;

export interface Paged {
  total: number;
  page: number;
  pageSize: number;
}

export type FeedbackRecord = FeedbackRecordView;
export type Feedback = FeedbackRecord['feedback'];
export type FeedbackActionOption = Feedback['actions'][number];
export type FeedbackEvent = FeedbackRecord['events'][number];

export type ContactDetails = ContactView;
export type RedactionSuggestion = RedactionView;
export type RedactedText = RedactionSuggestion['title'];
export type RedactionMatch = RedactedText['matches'][number];

/** A reply template; `unitId` null: shared by every unit. */
export type ReplyTemplate = ReplyTemplateView;
export type Unit = UnitView;
export type Category = CategoryView;

export type CalendarOverview = CalendarView;
export type CalendarYear = CalendarOverview['years'][number];
export type CalendarDay = CalendarYear['days'][number];
export type CalendarCoverage = CalendarYear['coverage'];

export type StaffAccount = StaffAccountView;

export type AuditPage = AuditPageView;
export type AuditEntry = AuditPage['entries'][number];

/** What a bulk step (受理 / 转办 / 督办 several at once) did, one outcome per opinion. */
export type BulkResult = BulkResultView;
export type BulkOutcome = BulkResult['results'][number];
