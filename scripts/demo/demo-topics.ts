// The demo's 群众点题: a finished campaign whose nominations the 办公室 decided (采纳 into ledger
// items of 群众点题 and 服务流程, one 未采纳 with its reason), and an open one that takes nominations
// now. Made through the product's own actions: createCampaign, submitFeedback with the campaign
// (as the form sends it), decideNomination.
import { getFeedbackRecordByCode } from '../../db/queries/feedback-records.ts';
import { bureauDate } from '../../server/domain/bureau-time.ts';
import type { ContactVault } from '../../server/actions/contact-details.ts';
import { submitFeedback } from '../../server/actions/feedback-actions.ts';
import type { FeedbackSubmission } from '../../server/domain/feedback-input.ts';
import type { LedgerResult } from '../../server/actions/ledger-writes.ts';
import type { StaffUser } from '../../server/domain/staff.ts';
import { createCampaign, decideNomination } from '../../server/actions/topic-actions.ts';
import type { WorkCalendar } from '../../server/domain/working-days.ts';
import type { Db } from '../../db/open.ts';
import { z } from 'zod';
import { demoDate, demoText, readDemoData } from './data-files.ts';
import { bureauInstant } from '../../server/domain/bureau-time.ts';

const DAY = 86_400_000;
const SECRET_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const { finished: FINISHED, nominations: NOMINATIONS, open: OPEN } = readDemoData(
  'topics.json',
  z.strictObject({
    finished: z.strictObject({ theme: demoText, description: demoText, opensOn: demoDate, closesOn: demoDate }),
    nominations: z.array(z.strictObject({ content: demoText, decision: z.enum(['adopted', 'not_adopted']), itemCode: demoText.optional(), reason: demoText.optional() })),
    open: z.strictObject({ theme: demoText, description: demoText }),
  }),
);

export function seedDemoTopics(
  db: Db,
  office: StaffUser,
  now: Date,
  context: { calendar: WorkCalendar; contacts: ContactVault; randomInt: (min: number, max: number) => number },
): void {
  const check = <T>(result: LedgerResult<T>, what: string): T => {
    if (!result.ok) throw new Error(`demo 群众点题: ${what} failed: ${result.message}`);
    return result.value;
  };
  const at = (date: string, hour: number) => bureauInstant(date, `${String(hour).padStart(2, '0')}:00`);
  if (at(FINISHED.closesOn, 18) < now) {
    const campaign = check(createCampaign(db, office, FINISHED, { now: at('2026-05-05', 10) }), 'create campaign').id;
    const feedbackIds = NOMINATIONS.map((nomination, index) => {
      const submitted = submitFeedback(
        db,
        { role: 'parent', category: 'service', content: nomination.content, anonymous: true, consentToPublish: false, campaign: String(campaign) } as FeedbackSubmission,
        {
          now: at(`2026-05-${String(10 + index * 3).padStart(2, '0')}`, 20),
          calendar: context.calendar,
          ipHash: null,
          contacts: context.contacts,
          // Seeded, so that the demo is the same for the same seed.
          secret: Array.from({ length: 10 }, () => SECRET_ALPHABET[context.randomInt(0, SECRET_ALPHABET.length - 1)]).join(''),
          randomIndex: (size) => context.randomInt(0, size - 1),
        },
      );
      if (!submitted.ok) throw new Error(`demo 群众点题: nomination failed: ${submitted.message}`);
      return getFeedbackRecordByCode(db, submitted.value.trackingCode)!.id;
    });
    NOMINATIONS.forEach((nomination, index) => {
      const body = nomination.decision === 'adopted' ? { decision: 'adopted' as const, publicReason: '', itemCode: nomination.itemCode! } : { decision: 'not_adopted' as const, publicReason: nomination.reason! };
      check(decideNomination(db, office, campaign, feedbackIds[index]!, body, { now: at('2026-06-05', 10) }), `decide nomination ${index + 1}`);
    });
  }
  const opensOn = bureauDate(new Date(now.getTime() - 10 * DAY));
  const closesOn = bureauDate(new Date(now.getTime() + 30 * DAY));
  check(createCampaign(db, office, { ...OPEN, opensOn, closesOn }, { now: new Date(now.getTime() - 11 * DAY) }), 'create open campaign');
}

/** How many opinions the demo's 群众点题 adds to the planned ones. */
export const DEMO_NOMINATION_COUNT = NOMINATIONS.length;
