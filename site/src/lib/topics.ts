// 群众点题 for the pages: where a campaign lives, whether it takes nominations, the form preset.
import { isCampaignOpen } from '../../../server/domain/topic-rules.ts';
import type { PublicSnapshot } from './snapshot.ts';

export type PublicTopicCampaign = PublicSnapshot['topicCampaigns'][number];

export const TOPICS_PATH = '/topics/';

export function campaignPath(id: number): string {
  return `${TOPICS_PATH}${id}/`;
}

/** The campaign's own opinion form (the preset is in the HTML, so it needs no JavaScript). */
export function nominatePath(id: number): string {
  return `${campaignPath(id)}nominate/`;
}

/** The campaign's printable A4 poster. */
export function posterPath(id: number): string {
  return `${campaignPath(id)}poster/`;
}

/** Open on the day the snapshot was made (the bureau's date of `generatedAt`). */
export function campaignIsOpen(campaign: PublicTopicCampaign, today: string): boolean {
  return isCampaignOpen(campaign, today);
}
