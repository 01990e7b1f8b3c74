// The audited contact view: the 办公室 and the 经办人 of the unit an opinion is with now open its
// submitter's contact details, and every view is written to the audit log in the same call.
import type { Db } from '../../db/open.ts';
import { type ActionResult, refused, succeeded } from '../domain/action-result.ts';
import { mayAct } from '../domain/feedback-workflow.ts';
import type { StaffUser } from '../domain/staff.ts';
import type { ContactDetails, ContactVault } from './contact-details.ts';
import { findVisibleFeedback, NOT_FOUND_MESSAGE } from './feedback-steps.ts';
import { auditStaffAction } from './staff-audit.ts';

export function viewContactDetails(
  db: Db,
  actor: StaffUser,
  feedbackId: number,
  contacts: ContactVault,
  context: { now: Date; ipHash: string | null },
): ActionResult<ContactDetails> {
  const record = findVisibleFeedback(db, actor, feedbackId);
  if (!record) return refused('not_found', NOT_FOUND_MESSAGE);
  if (!mayAct(actor, 'unit', record.assigned_unit_id)) return refused('forbidden', '只有办公室和当前承办单位的经办人可以查看联系方式');
  auditStaffAction(db, actor, context, { type: 'feedback', id: record.id }, 'contact.view', undefined);
  return succeeded(contacts.open(record));
}
