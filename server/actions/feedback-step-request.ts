// One workflow step as the admin app asks for it: the step named by its slug's action, the body
// checked against that step's schema, the person's standing checked before anything else (a step
// their roles can never take is refused whatever the body says), then the step itself.
import type { Db } from '../../db/open.ts';
import type { FeedbackRecord } from '../../db/queries/feedback-records.ts';
import { type ActionResult, invalidFields, refused } from '../domain/action-result.ts';
import { STEP_BODY_SCHEMAS } from '../domain/admin-input.ts';
import { type FeedbackAction, forbiddenStepMessage, mayEverTake } from '../domain/feedback-workflow.ts';
import type { StaffUser } from '../domain/staff.ts';
import { fieldErrors } from '../zod-provider.ts';
import * as steps from './feedback-steps.ts';

const STEP_FUNCTIONS: Record<FeedbackAction, (db: Db, actor: StaffUser, input: never, context: steps.StepContext) => ActionResult<FeedbackRecord>> = {
  accept: steps.acceptFeedback,
  reject: steps.rejectFeedback,
  assign: steps.assignFeedback,
  reassign: steps.reassignFeedback,
  hand_back: steps.handBackFeedback,
  draft_reply: steps.draftReply,
  return_reply: steps.returnReply,
  approve_reply: steps.approveReply,
  urge: steps.urgeFeedback,
  extend: steps.extendFeedback,
  publish: steps.publishFeedback,
  withhold: steps.withholdFeedback,
  follow_up_explained: steps.explainFollowUp,
  follow_up_reopened: steps.reopenAfterFollowUp,
};

export function takeFeedbackStep(db: Db, actor: StaffUser, action: FeedbackAction, feedbackId: number, body: unknown, context: steps.StepContext): ActionResult<FeedbackRecord> {
  if (!mayEverTake(actor, action)) return refused('forbidden', forbiddenStepMessage(action));
  const parsed = STEP_BODY_SCHEMAS[action].safeParse(body);
  if (!parsed.success) return invalidFields(fieldErrors(parsed.error));
  return STEP_FUNCTIONS[action](db, actor, { feedbackId, ...parsed.data } as never, context);
}
