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
import { bureauInstant } from '../../server/domain/bureau-time.ts';

const DAY = 86_400_000;
const SECRET_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

const FINISHED = {
  theme: '教育服务流程“点题”：您最希望优化哪项办事流程？',
  description: '围绕入学报名、转学、学籍、资助等办事流程，请群众“点题”，办公室逐条研究，采纳的列入整改台账。',
  opensOn: '2026-05-06',
  closesOn: '2026-05-31',
};

const NOMINATIONS: { content: string; decision: 'adopted' | 'not_adopted'; itemCode?: string; reason?: string }[] = [
  { content: '转学手续要跑学校和教育局好几趟，希望能网上办理，少跑腿。', decision: 'adopted', itemCode: 'ZG-2026-05' },
  { content: '新生入学报名材料太多，有些证明其实部门之间可以共享，建议精简。', decision: 'adopted', itemCode: 'ZG-2026-05' },
  { content: '希望整改工作多听群众意见，由群众来出题，而不是自己出题自己答。', decision: 'adopted', itemCode: 'ZG-2026-11' },
  { content: '建议取消所有学校的期末考试，减轻孩子压力。', decision: 'not_adopted', reason: '期末考试由省级教学管理规定统一安排；我局已要求各校控制考试次数、不公布排名。' },
];

const OPEN = {
  theme: '校园周边交通安全“点题”',
  description: '上下学时段校门口的交通和安全，您最希望改进哪一点？欢迎家长、学生和周边居民点题。',
};

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
