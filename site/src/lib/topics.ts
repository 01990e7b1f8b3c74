// 群众点题 for the pages: where a campaign lives, whether it takes nominations, the form preset.
import { isCampaignOpen } from '../../../server/domain/topic-rules.ts';
import type { PublicSnapshot } from './snapshot.ts';

export type PublicTopicCampaign = PublicSnapshot['topicCampaigns'][number];

export const TOPICS_PATH = '/topics/';

export function campaignPath(id: number): string {
  return `${TOPICS_PATH}${id}/`;
}

/** The opinion form preset for the campaign. */
export function nominatePath(id: number): string {
  return `/feedback/?campaign=${id}`;
}

/** Open on the day the snapshot was made (the bureau's date of `generatedAt`). */
export function campaignIsOpen(campaign: PublicTopicCampaign, today: string): boolean {
  return isCampaignOpen(campaign, today);
}
