// The shapes the admin API answers with (server/routes/admin-*.ts). Only what the app reads is typed;
// the server's zod schemas are the authority. Field names follow the API exactly.
import type { StaffRole } from '../../../../server/domain/staff.ts';
import type { FeedbackState, UnitKind } from '../../../../server/domain/vocabulary.ts';

export type { FeedbackState, StaffRole, UnitKind };

export type SessionStage = 'none' | 'totp' | 'enroll' | 'change_password' | 'signed_in';

export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  roles: StaffRole[];
  unitId: number | null;
  unitName: string | null;
}

export interface Session {
  user: SessionUser | null;
  stage: SessionStage;
  csrfToken: string;
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface TotpEnrollment {
  qrSvg: string;
  secret: string;
  otpauthUrl: string;
}

export interface DashboardCounts {
  pending: number;
  overdue: number;
  dueSoon: number;
  inReview: number;
  followUpsDue: number;
  screening: number;
}

export interface Dashboard {
  counts: DashboardCounts;
  byState: Array<{ state: FeedbackState; label: string; count: number }>;
  byUnit: Array<{ unitId: number; unitName: string; open: number; overdue: number }>;
  calendar: { missingYears: number[] };
}

export type DueKind = 'accept' | 'reply' | 'follow_up';

export interface InboxItem {
  id: number;
  trackingCode: string;
  title: string | null;
  excerpt: string;
  state: FeedbackState;
  stateLabel: string;
  category: string;
  categoryLabel: string;
  role: string;
  roleLabel: string;
  unitName: string | null;
  assignedUnitName: string | null;
  submittedAt: string;
  dueOn: string | null;
  dueKind: DueKind | null;
  overdue: boolean;
  dueSoon: boolean;
  provisional: boolean;
  publication: string;
  rating: string | null;
  followUp: string | null;
  needsScreening: boolean;
  urgeCount: number;
}

export interface Paged {
  total: number;
  page: number;
  pageSize: number;
}

export interface InboxPage extends Paged {
  items: InboxItem[];
}

export interface FeedbackActionOption {
  action: string;
  label: string;
}

export interface Feedback {
  id: number;
  version: number;
  trackingCode: string;
  title: string | null;
  content: string;
  state: FeedbackState;
  stateLabel: string;
  category: string;
  categoryLabel: string;
  role: string;
  roleLabel: string;
  unitId: number | null;
  acceptedAt: string | null;
  unitName: string | null;
  itemId: number | null;
  itemCode: string | null;
  itemTitle: string | null;
  assignedUnitId: number | null;
  assignedUnitName: string | null;
  isAnonymous: boolean;
  hasContact: boolean;
  consentToPublish: boolean;
  needsScreening: boolean;
  submittedAt: string;
  acceptDueOn: string | null;
  replyDueOn: string | null;
  provisional: boolean;
  overdue: boolean;
  extension: { days: number; reason: string } | null;
  urgeCount: number;
  rejectReason: string | null;
  rejectReasonLabel: string | null;
  rejectNote: string | null;
  replyDraft: string | null;
  reviewComment: string | null;
  replyText: string | null;
  repliedAt: string | null;
  publication: string;
  publicationLabel: string;
  publicTitle: string | null;
  publicContent: string | null;
  publicReply: string | null;
  rating: string | null;
  ratingLabel: string | null;
  ratingComment: string | null;
  followUp: { status: string; label: string; dueOn: string | null; outcome: string | null } | null;
  actions: FeedbackActionOption[];
}

export interface FeedbackEvent {
  id: number;
  action: string;
  actionLabel: string;
  actorName: string | null;
  fromState: FeedbackState | null;
  toState: FeedbackState | null;
  unitName: string | null;
  note: string | null;
  /** The step appears on the submitter's tracking page. */
  isPublic: boolean;
  /** Its note does too (server/domain/text-visibility.ts). */
  notePublic: boolean;
  at: string;
}

export interface FeedbackRecord {
  feedback: Feedback;
  events: FeedbackEvent[];
}

export interface ContactDetails {
  contactName: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
}

export interface RedactionMatch {
  kind: string;
  label: string;
  original: string;
  replacement: string;
}

export interface RedactedText {
  text: string;
  matches: RedactionMatch[];
}

export interface RedactionSuggestion {
  title: RedactedText;
  content: RedactedText;
  reply: RedactedText;
}

export interface ReplyTemplate {
  id: number;
  category: string | null;
  categoryLabel: string | null;
  /** A unit's own template; null: shared by every unit. */
  unitId: number | null;
  unitName: string | null;
  title: string;
  body: string;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  kind: UnitKind;
  kindLabel: string;
}

export interface Category {
  code: string;
  label: string;
  acceptWorkingDays: number;
  replyWorkingDays: number;
  isActive: boolean;
}

export interface CalendarDay {
  date: string;
  isWorkingDay: boolean;
  name: string;
}

export type CalendarCoverage = 'package' | 'table' | 'missing';

export interface CalendarYear {
  year: number;
  coverage: CalendarCoverage;
  notice: string | null;
  days: CalendarDay[];
}

export interface CalendarOverview {
  years: CalendarYear[];
  missingYears: number[];
}

export interface StaffAccount {
  id: number;
  username: string;
  displayName: string;
  email: string | null;
  roles: StaffRole[];
  unitId: number | null;
  unitName: string | null;
  isActive: boolean;
  lockedUntil: string | null;
  totpEnrolled: boolean;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
}

export interface AuditEntry {
  id: number;
  at: string;
  actorName: string | null;
  action: string;
  actionLabel: string | null;
  objectType: string;
  objectId: number | null;
  reason: string | null;
  details: unknown;
}

export interface AuditPage extends Paged {
  entries: AuditEntry[];
}

/** One opinion's outcome in a bulk step (受理 / 转办 / 督办 several at once). */
export interface BulkOutcome {
  id: number;
  trackingCode: string | null;
  ok: boolean;
  state: string | null;
  stateLabel: string | null;
  message: string | null;
}

export interface BulkResult {
  results: BulkOutcome[];
  succeeded: number;
  failed: number;
}
