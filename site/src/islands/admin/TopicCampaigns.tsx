// 群众点题: the campaigns (#/topics) and one campaign (#/topics/3): its nominations, each marked
// 采纳 (into a ledger item by its code, or as a new item: #/topics/3/adopt/45) or 未采纳 with a
// reason the submitter reads on the tracking page. The 办公室 edits; the 系统管理员 reads.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { fieldErrors, useLoad, usePanel, useSubmission } from './hooks.ts';
import { LedgerItemEditor } from './LedgerItemEditor.tsx';
import { href, navigate } from './routing.ts';
import { type Campaign, type Nomination, topicApi } from './topic-api.ts';
import { CalendarDate, DateInput, Field, FormError, LiveMessage, LoadError, Loading, PanelButton, PlainText, ScreenHeading } from './ui.tsx';

const counts = (campaign: Campaign) =>
  `点题 ${campaign.counts.nominations} 条，采纳 ${campaign.counts.adopted} 项，已完成 ${campaign.counts.completed} 项${campaign.counts.pending > 0 ? `，待研究 ${campaign.counts.pending} 条` : ''}`;

export function TopicCampaigns({ canEdit }: { canEdit: boolean }) {
  const campaigns = useLoad(() => topicApi.list(), 'topic-campaigns');
  const panel = usePanel<'create'>();
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  const [form, setForm] = useState({ theme: '', description: '', opensOn: '', closesOn: '' });
  const set = (key: keyof typeof form) => (event: JSX.TargetedEvent<HTMLInputElement | HTMLTextAreaElement, Event>) => setForm({ ...form, [key]: event.currentTarget.value });

  async function onCreate(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (await submission.run(() => topicApi.create(form))) {
      panel.close();
      panel.setMessage(`已新增点题活动“${form.theme.trim()}”。`);
      campaigns.reload();
    }
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
        <form class="admin-panel" onSubmit={onCreate} noValidate aria-label="新增点题活动">
          <FormError error={submission.error} />
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
          <div class="form-actions">
            <button type="submit" class="button" disabled={submission.busy}>
              保存
            </button>
            <button type="button" class="button button--secondary" onClick={panel.close}>
              取消
            </button>
          </div>
        </form>
      )}
      {campaigns.loading && !campaigns.data && <Loading />}
      {campaigns.error && <LoadError error={campaigns.error} onRetry={campaigns.reload} />}
      {campaigns.data && campaigns.data.campaigns.length === 0 && <p class="empty">还没有群众点题活动。</p>}
      {campaigns.data && campaigns.data.campaigns.length > 0 && (
        <ul>
          {campaigns.data.campaigns.map((campaign) => (
            <li key={campaign.id}>
              <a href={href(`/topics/${campaign.id}`)}>{campaign.theme}</a>（<CalendarDate date={campaign.opensOn} />至<CalendarDate date={campaign.closesOn} />
              {campaign.isOpen ? '，正在征集' : ''}）：{counts(campaign)}
            </li>
          ))}
        </ul>
      )}
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
    <form class="admin-panel" onSubmit={onSubmit} noValidate aria-label={`处理点题 ${nomination.trackingCode}`}>
      <FormError error={submission.error} idPrefix={prefix} />
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
      <div class="form-actions">
        <button type="submit" class="button" disabled={submission.busy}>
          保存
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}
