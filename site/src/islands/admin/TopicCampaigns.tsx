// 群众点题: the campaigns (#/topics) and one campaign (#/topics/3): its nominations, each marked
// 采纳 (into a ledger item by its code, or as a new item: #/topics/3/adopt/45) or 未采纳 with a
// reason the submitter reads on the tracking page. The 办公室 edits; the 系统管理员 reads.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { fieldErrors, useLoad, usePanel, useSubmission } from './hooks.ts';
import { LoadedList, NamedPanelForm, useFormFields, useListPanel } from './list-screen.tsx';
import { LedgerItemEditor } from './LedgerItemEditor.tsx';
import { href, navigate } from './routing.ts';
import { type Campaign, type Nomination, topicApi } from './topic-api.ts';
import { CalendarDate, DateInput, Field, LiveMessage, LoadError, Loading, PanelButton, PlainText, ScreenHeading } from './ui.tsx';

const counts = (campaign: Campaign) =>
  `点题 ${campaign.counts.nominations} 条，采纳 ${campaign.counts.adopted} 项，已完成 ${campaign.counts.completed} 项${campaign.counts.pending > 0 ? `，待研究 ${campaign.counts.pending} 条` : ''}`;

export function TopicCampaigns({ canEdit }: { canEdit: boolean }) {
  const { list: campaigns, ...panel } = useListPanel<{ campaigns: Campaign[] }, 'create'>(() => topicApi.list(), 'topic-campaigns');
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  const [form, set] = useFormFields({ theme: '', description: '', opensOn: '', closesOn: '' });

  async function onCreate(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (await submission.run(() => topicApi.create(form))) panel.saved(`已新增点题活动“${form.theme.trim()}”。`);
  }

  return (
    <section>
      <ScreenHeading title="群众点题">群众点题</ScreenHeading>
      <p class="page-intro">群众通过留言表单“点题”（活动页上的“我要点题”链接会自动带上活动）。逐条研究：采纳的列入整改台账，未采纳的写明理由，点题人在查询页看到。</p>
      <LiveMessage message={panel.message} />
      {canEdit && !panel.panel && (
        <div class="admin-toolbar">
          <PanelButton onOpen={(opener) => panel.open('create', opener)}>新增点题活动</PanelButton>
        </div>
      )}
      {panel.panel === 'create' && (
        <NamedPanelForm label="新增点题活动" submission={submission} onSubmit={onCreate} onCancel={panel.close}>
          <Field id="topic-theme" label="点题主题" required error={errors.theme}>
            {(control) => <input class="input" {...control} value={form.theme} onInput={set('theme')} />}
          </Field>
          <Field id="topic-description" label="活动说明" optional error={errors.description}>
            {(control) => <textarea class="input" rows={3} {...control} value={form.description} onInput={set('description')} />}
          </Field>
          <Field id="topic-opens" label="开始日期" required error={errors.opensOn}>
            {(control) => <DateInput class="input" {...control} value={form.opensOn} onInput={set('opensOn')} />}
          </Field>
          <Field id="topic-closes" label="截止日期" required error={errors.closesOn}>
            {(control) => <DateInput class="input" {...control} value={form.closesOn} onInput={set('closesOn')} />}
          </Field>
        </NamedPanelForm>
      )}
      <LoadedList list={campaigns}>
        {(data) =>
          data.campaigns.length === 0 ? (
            <p class="empty">还没有群众点题活动。</p>
          ) : (
            <ul>
              {data.campaigns.map((campaign) => (
                <li key={campaign.id}>
                  <a href={href(`/topics/${campaign.id}`)}>{campaign.theme}</a>（<CalendarDate date={campaign.opensOn} />至<CalendarDate date={campaign.closesOn} />
                  {campaign.isOpen ? '，正在征集' : ''}）：{counts(campaign)}
                </li>
              ))}
            </ul>
          )
        }
      </LoadedList>
    </section>
  );
}

/** What the new-item screen tells the campaign's screen it goes back to. */
let messageForCampaign: { id: number; text: string } | null = null;

/** A nomination adopted as a new ledger item (source 群众点题): the item's form, then back to the campaign. */
export function AdoptAsNewItem({ campaignId, feedbackId }: { campaignId: number; feedbackId: number }) {
  return (
    <LedgerItemEditor
      mode={{ kind: 'fromFeedback', feedbackId, campaignId }}
      onSaved={(_itemId, text) => {
        messageForCampaign = { id: campaignId, text };
        navigate(`/topics/${campaignId}`);
      }}
      onCancel={() => navigate(`/topics/${campaignId}`)}
    />
  );
}

export function TopicCampaignDetail({ id, canEdit }: { id: number; canEdit: boolean }) {
  const loaded = useLoad(() => topicApi.get(id), `topic-campaign-${id}`);
  const [arrival] = useState(() => {
    const message = messageForCampaign?.id === id ? messageForCampaign.text : null;
    messageForCampaign = null;
    return message;
  });
  const panel = usePanel<number>();
  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { campaign, nominations } = loaded.data;
  return (
    <section>
      <p>
        <a href={href('/topics')}>← 返回群众点题</a>
      </p>
      <ScreenHeading title={campaign.theme}>{campaign.theme}</ScreenHeading>
      <p data-testid="campaign-counts">
        <CalendarDate date={campaign.opensOn} />至<CalendarDate date={campaign.closesOn} />
        {campaign.isOpen ? '（正在征集）' : ''}。{counts(campaign)}。
      </p>
      <LiveMessage message={panel.message ?? arrival} />
      <h2>点题（{nominations.length} 条）</h2>
      {nominations.length === 0 && <p class="empty">还没有人点题。</p>}
      <ol>
        {nominations.map((nomination) => (
          <li key={nomination.feedbackId}>
            <p>
              <a href={href(`/feedback/${nomination.feedbackId}`)}>{nomination.trackingCode}</a> · <strong>{nomination.decisionLabel}</strong>
              {nomination.item && <> · 列入 {nomination.item.code} {nomination.item.title}</>}
              {nomination.publicReason && <> · 理由：{nomination.publicReason}</>}
            </p>
            <PlainText text={nomination.content} />
            {canEdit && panel.panel !== nomination.feedbackId && (
              <PanelButton small label={`处理点题 ${nomination.trackingCode}`} onOpen={(opener) => panel.open(nomination.feedbackId, opener)}>
                处理
              </PanelButton>
            )}
            {panel.panel === nomination.feedbackId && (
              <NominationForm
                campaignId={id}
                nomination={nomination}
                onDone={(message) => {
                  panel.close();
                  panel.setMessage(message);
                  loaded.reload();
                }}
                onCancel={panel.close}
              />
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function NominationForm({ campaignId, nomination, onDone, onCancel }: { campaignId: number; nomination: Nomination; onDone: (message: string) => void; onCancel: () => void }) {
  const [decision, setDecision] = useState<'adopted' | 'not_adopted'>(nomination.decision === 'not_adopted' ? 'not_adopted' : 'adopted');
  const [publicReason, setPublicReason] = useState(nomination.publicReason);
  const [itemCode, setItemCode] = useState(nomination.item?.code ?? '');
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  const prefix = `nomination-${nomination.feedbackId}`;

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const body = decision === 'not_adopted' ? { decision, publicReason } : { decision, itemCode: itemCode.trim() === '' ? undefined : itemCode.trim() };
    const saved = await submission.run(() => topicApi.decide(campaignId, nomination.feedbackId, body));
    if (saved) onDone(saved.itemCode ? `点题 ${nomination.trackingCode} 已采纳，列入 ${saved.itemCode}。` : `点题 ${nomination.trackingCode} 未采纳，理由已告知点题人。`);
  }

  return (
    <NamedPanelForm label={`处理点题 ${nomination.trackingCode}`} idPrefix={prefix} submission={submission} onSubmit={onSubmit} onCancel={onCancel}>
      <Field id={`${prefix}-decision`} label="处理结果" required error={errors.decision}>
        {(control) => (
          <select class="input" {...control} value={decision} onChange={(event) => setDecision(event.currentTarget.value as typeof decision)}>
            <option value="adopted">采纳</option>
            <option value="not_adopted">未采纳</option>
          </select>
        )}
      </Field>
      {decision === 'adopted' ? (
        <>
          <Field id={`${prefix}-itemCode`} label="列入整改事项（编号）" required error={errors.itemCode} hint="列入已有事项时填其编号。">
            {(control) => <input class="input" {...control} value={itemCode} onInput={(event) => setItemCode(event.currentTarget.value)} />}
          </Field>
          <p>
            没有合适的事项？<a href={href(`/topics/${campaignId}/adopt/${nomination.feedbackId}`)}>采纳并新建整改事项</a>
          </p>
        </>
      ) : (
        <Field id={`${prefix}-publicReason`} label="未采纳的理由" required error={errors.publicReason} hint="点题人在查询页看到这段文字。">
          {(control) => <textarea class="input" rows={2} {...control} value={publicReason} onInput={(event) => setPublicReason(event.currentTarget.value)} />}
        </Field>
      )}
    </NamedPanelForm>
  );
}
