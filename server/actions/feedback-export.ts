// The inbox as the clerk sees it, out to a spreadsheet: the same filters and the same query as the
// list (db/queries/feedback-admin.ts listInbox, read page by page), as .xlsx and as CSV (UTF-8 with
// BOM, a formula-like cell guarded by an apostrophe, as the ledger and audit exports do). Contact
// details are columns only when asked for, and filled only where the reader may see them.
import type { Cell, SheetData } from 'write-excel-file/node';
import { xlsxFile } from '../xlsx-write.ts';
import type { Db } from '../../db/open.ts';
import { type InboxFilters, type InboxRow, listInbox, type ReaderScope } from '../../db/queries/feedback-admin.ts';
import { decodeInboxCursor, type InboxCursor } from '../domain/inbox-cursor.ts';
import { getFeedbackRecord } from '../../db/queries/feedback-records.ts';
import { csvCell } from '../domain/audit-labels.ts';
import { bureauDateTime } from '../domain/bureau-time.ts';
import type { ContactVault } from './contact-details.ts';
import { isOverdue } from '../domain/deadlines.ts';
import { mayAct } from '../domain/feedback-workflow.ts';
import type { StaffUser } from '../domain/staff.ts';
import { FEEDBACK_STATE_LABELS, PUBLICATION_LABELS, type PublicationDecision, RATING_LABELS, type Rating, SUBMITTER_ROLE_LABELS, type SubmitterRole } from '../domain/vocabulary.ts';

type Value = string | number | null;

const DUE_KIND_LABELS: Record<string, string> = { accept: '受理期限', reply: '答复期限', follow_up: '回访期限' };

/** The reader's own contact view of one row: null where they may not see it. */
interface ExportContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

interface ExportRow {
  row: InboxRow;
  overdue: boolean;
  contact: ExportContact | null;
}

const BASE_COLUMNS: { header: string; width: number; value: (row: ExportRow) => Value }[] = [
  { header: '查询码', width: 18, value: ({ row }) => row.trackingCode },
  { header: '提交时间', width: 17, value: ({ row }) => bureauDateTime(row.submittedAt) },
  { header: '标题', width: 24, value: ({ row }) => row.title },
  { header: '意见内容', width: 60, value: ({ row }) => row.content },
  { header: '类别', width: 12, value: ({ row }) => row.categoryLabel },
  { header: '反映人身份', width: 10, value: ({ row }) => SUBMITTER_ROLE_LABELS[row.role as SubmitterRole] ?? row.role },
  { header: '反映的学校/单位', width: 20, value: ({ row }) => row.unitName },
  { header: '状态', width: 10, value: ({ row }) => FEEDBACK_STATE_LABELS[row.state] },
  { header: '承办单位', width: 20, value: ({ row }) => row.assignedUnitName },
  { header: '期限类型', width: 10, value: ({ row }) => (row.dueKind ? DUE_KIND_LABELS[row.dueKind] ?? null : null) },
  { header: '期限', width: 12, value: ({ row }) => row.dueOn },
  { header: '是否逾期', width: 9, value: ({ overdue }) => (overdue ? '是' : '否') },
  { header: '督办次数', width: 9, value: ({ row }) => row.urgeCount },
  { header: '公开', width: 10, value: ({ row }) => PUBLICATION_LABELS[row.publication as PublicationDecision] ?? row.publication },
  { header: '评价', width: 10, value: ({ row }) => (row.rating ? RATING_LABELS[row.rating as Rating] ?? row.rating : null) },
];

const CONTACT_COLUMNS: typeof BASE_COLUMNS = [
  { header: '联系人', width: 12, value: ({ contact }) => contact?.name ?? null },
  { header: '联系电话', width: 16, value: ({ contact }) => contact?.phone ?? null },
  { header: '电子邮箱', width: 24, value: ({ contact }) => contact?.email ?? null },
];

export interface FeedbackExportRequest {
  scope: ReaderScope;
  filters: Omit<InboxFilters, 'page' | 'pageSize'>;
  today: string;
  soon: string;
  reader: StaffUser;
  /** Contact columns: filled where the reader may see the opinion's contact details. */
  withContacts: boolean;
  contacts: ContactVault;
}

export interface FeedbackExport {
  headers: string[];
  rows: Value[][];
  /** How many rows carry contact details: written to the audit log. */
  contactRows: number;
}

const PAGE = 100;

export function feedbackExport(db: Db, request: FeedbackExportRequest): FeedbackExport {
  const columns = request.withContacts ? [...BASE_COLUMNS, ...CONTACT_COLUMNS] : BASE_COLUMNS;
  const rows: Value[][] = [];
  let contactRows = 0;
  // Keyset pages: each read from the inbox's index where the last one ended, at any depth, and not
  // bounded by a capped count (a 1–2 character search counts to 1,000 only), every match of a search
  // (the inbox itself reads the newest 1,000).
  let after: InboxCursor | undefined;
  for (;;) {
    const { rows: inboxRows, nextCursor } = listInbox(db, request.scope, { ...request.filters, page: 1, pageSize: PAGE, after, allMatches: true }, request.today, request.soon);
    for (const row of inboxRows) {
      let contact: ExportContact | null = null;
      if (request.withContacts) {
        const record = getFeedbackRecord(db, row.id);
        // The same rule as the audited contact view: the 办公室, or the unit the opinion is with now.
        if (record && mayAct(request.reader, 'unit', record.assigned_unit_id)) {
          contact = request.contacts.open(record);
          if (contact.name || contact.phone || contact.email) contactRows += 1;
        }
      }
      const exportRow = { row, overdue: isOverdue(row.dueOn, request.today), contact };
      rows.push(columns.map((column) => column.value(exportRow)));
    }
    after = nextCursor === null ? undefined : decodeInboxCursor(nextCursor);
    if (after === undefined) break;
  }
  return { headers: columns.map((column) => column.header), rows, contactRows };
}

export function feedbackCsv(content: FeedbackExport): string {
  const lines = [`\uFEFF${content.headers.map((header) => csvCell(header)).join(',')}`];
  for (const row of content.rows) lines.push(row.map((value) => csvCell(value)).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

const HEADER_STYLE = { fontWeight: 'bold', align: 'center', alignVertical: 'center', wrap: true, backgroundColor: '#F2F2F2', borderStyle: 'thin', borderColor: '#808080' } as const;
const BODY_STYLE = { alignVertical: 'top', wrap: true, borderStyle: 'thin', borderColor: '#BFBFBF' } as const;

function cell(value: Value): Cell {
  if (value === null || value === '') return { value: '', type: String, ...BODY_STYLE };
  // Text cells are written as text: a leading "=" is never run as a formula in a workbook.
  if (typeof value === 'number') return { value, type: Number, ...BODY_STYLE, align: 'center' };
  return { value, type: String, ...BODY_STYLE };
}

export async function feedbackXlsx(content: FeedbackExport, title: string): Promise<Buffer> {
  const widths = [...BASE_COLUMNS, ...CONTACT_COLUMNS].slice(0, content.headers.length).map((column) => ({ width: column.width }));
  const data: SheetData = [
    [{ value: title, columnSpan: content.headers.length, fontWeight: 'bold', fontSize: 14, alignVertical: 'center', height: 28 }, ...content.headers.slice(1).map(() => null)],
    content.headers.map((header) => ({ value: header, ...HEADER_STYLE })),
    ...content.rows.map((row) => row.map(cell)),
  ];
  return xlsxFile([{ data, sheet: '意见办理', columns: widths, stickyRowsCount: 2 }]);
}
