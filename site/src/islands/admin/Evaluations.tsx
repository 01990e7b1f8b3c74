// 第三方评估: the rounds (#/evaluations) and one round (#/evaluations/12): its suggestions, each
// decided 采纳 / 部分采纳 (tracked to a ledger item by its code) or 不予采纳 with a reason, and its
// publication. The 办公室 and the 台账管理员 edit; the 系统管理员 reads.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { type EvaluationRound, evaluationApi, type Suggestion } from './evaluation-api.ts';
import { fieldErrors, useLoad, usePanel, useSubmission } from './hooks.ts';
import { LoadedList, NamedPanelForm, useFormFields, useListPanel } from './list-screen.tsx';
import { href } from './routing.ts';
import { CalendarDate, DateInput, Field, FormError, LiveMessage, LoadError, Loading, PanelButton, PlainText, ScreenHeading } from './ui.tsx';

const counts = (round: EvaluationRound) =>
  `提出建议 ${round.counts.suggested} 条，采纳 ${round.counts.adopted} 条，已落实 ${round.counts.implemented} 条${round.counts.pending > 0 ? `，待研究 ${round.counts.pending} 条` : ''}`;

export function Evaluations({ canEdit }: { canEdit: boolean }) {
  const { list: rounds, ...panel } = useListPanel<{ rounds: EvaluationRound[] }, 'create'>(() => evaluationApi.list(), 'evaluations');
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  const [form, set] = useFormFields({ title: '', evaluators: '', method: '', startedOn: '', endedOn: '', summary: '' });

  async function onCreate(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const created = await submission.run(() => evaluationApi.create({ ...form, endedOn: form.endedOn === '' ? null : form.endedOn }));
    if (created) panel.saved(`已新增评估“${form.title.trim()}”。`);
  }

  return (
    <section>
      <ScreenHeading title="第三方评估">第三方评估</ScreenHeading>
      <p class="page-intro">评估小组（人大代表、政协委员、专家等）提出的建议逐条登记、逐条处理：采纳的落实到整改台账中的事项，不予采纳的说明理由。公开后在网站“第三方评估”页展示。</p>
      <LiveMessage message={panel.message} />
      {canEdit && !panel.panel && (
        <div class="admin-toolbar">
          <PanelButton onOpen={(opener) => panel.open('create', opener)}>新增评估</PanelButton>
        </div>
      )}
      {panel.panel === 'create' && (
        <NamedPanelForm label="新增评估" submission={submission} onSubmit={onCreate} onCancel={panel.close}>
          <Field id="evaluation-title" label="评估名称" required error={errors.title}>
            {(control) => <input class="input" {...control} value={form.title} onInput={set('title')} />}
          </Field>
          <Field id="evaluation-evaluators" label="评估人员" required error={errors.evaluators} hint="如：人大代表、政协委员和教育专家组成的评估小组（9人）">
            {(control) => <input class="input" {...control} value={form.evaluators} onInput={set('evaluators')} />}
          </Field>
          <Field id="evaluation-method" label="评估方式" optional error={errors.method} hint="如：四不两直、问卷调查、个别访谈">
            {(control) => <input class="input" {...control} value={form.method} onInput={set('method')} />}
          </Field>
          <Field id="evaluation-started" label="开始日期" required error={errors.startedOn}>
            {(control) => <DateInput class="input" {...control} value={form.startedOn} onInput={set('startedOn')} />}
          </Field>
          <Field id="evaluation-ended" label="结束日期" optional error={errors.endedOn}>
            {(control) => <DateInput class="input" {...control} value={form.endedOn} onInput={set('endedOn')} />}
          </Field>
          <Field id="evaluation-summary" label="评估概况" optional error={errors.summary}>
            {(control) => <textarea class="input" rows={3} {...control} value={form.summary} onInput={set('summary')} />}
          </Field>
        </NamedPanelForm>
      )}
      <LoadedList list={rounds}>
        {(data) =>
          data.rounds.length === 0 ? (
            <p class="empty">还没有第三方评估。</p>
          ) : (
            <ul class="admin-list">
              {data.rounds.map((round) => (
                <li key={round.id}>
                  <a href={href(`/evaluations/${round.id}`)}>{round.title}</a>（<CalendarDate date={round.startedOn} />，{round.isPublished ? '已公开' : '未公开'}）：{counts(round)}
                </li>
              ))}
            </ul>
          )
        }
      </LoadedList>
    </section>
  );
}

export function EvaluationDetail({ id, canEdit }: { id: number; canEdit: boolean }) {
  const loaded = useLoad(() => evaluationApi.get(id), `evaluation-${id}`);
  const panel = usePanel<number>();
  const [content, setContent] = useState('');
  const adding = useSubmission();
  const publishing = useSubmission();

  async function onAdd(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (await adding.run(() => evaluationApi.addSuggestion(id, content))) {
      setContent('');
      panel.setMessage('已录入建议。');
      loaded.reload();
    }
  }
  async function togglePublished(round: EvaluationRound) {
    if (await publishing.run(() => evaluationApi.publish(id, !round.isPublished))) {
      panel.setMessage(round.isPublished ? '已撤回公开。' : '已公开，网站下次更新后可见。');
      loaded.reload();
    }
  }

  if (loaded.error) return <LoadError error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { round, suggestions } = loaded.data;
  return (
    <section>
      <p>
        <a href={href('/evaluations')}>← 返回第三方评估</a>
      </p>
      <ScreenHeading title={round.title}>{round.title}</ScreenHeading>
      <p>
        {round.evaluators}
        {round.method && `；${round.method}`}；<CalendarDate date={round.startedOn} />
        {round.endedOn && (
          <>
            至<CalendarDate date={round.endedOn} />
          </>
        )}
      </p>
      <p data-testid="evaluation-counts">
        {counts(round)}。{round.isPublished ? '已公开。' : '未公开。'}
      </p>
      <LiveMessage message={panel.message} />
      {publishing.error && <LoadError error={publishing.error} />}
      {canEdit && (
        <div class="admin-toolbar">
          <button type="button" class="button button--secondary" disabled={publishing.busy} onClick={() => togglePublished(round)}>
            {round.isPublished ? '撤回公开' : '公开到网站'}
          </button>
        </div>
      )}
      <h2>建议（{suggestions.length} 条）</h2>
      <ol class="admin-list">
        {suggestions.map((suggestion) => (
          <li key={suggestion.id}>
            <PlainText text={suggestion.content} />
            <p>
              <strong>{suggestion.decisionLabel}</strong>
              {suggestion.item && (
                <>
                  {' '}· 落实事项 <a href={href(`/ledger/items/${suggestion.item.id}`)}>{suggestion.item.code}</a> {suggestion.item.title}（{suggestion.item.statusLabel}
                  {suggestion.item.isPublished ? '' : '，未公开'}）
                </>
              )}
              {suggestion.reason && <> · 理由：{suggestion.reason}</>}
            </p>
            {canEdit && panel.panel !== suggestion.id && (
              <PanelButton small label={`处理第 ${suggestion.position} 条建议`} onOpen={(opener) => panel.open(suggestion.id, opener)}>
                处理
              </PanelButton>
            )}
            {panel.panel === suggestion.id && (
              <DecisionForm
                roundId={id}
                suggestion={suggestion}
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
      {canEdit && (
        <form class="admin-panel" onSubmit={onAdd} noValidate aria-label="录入建议">
          <FormError error={adding.error} />
          <Field id="suggestion-content" label="建议内容" required error={fieldErrors(adding.error).content}>
            {(control) => <textarea class="input" rows={3} {...control} value={content} onInput={(event) => setContent(event.currentTarget.value)} />}
          </Field>
          <button type="submit" class="button" disabled={adding.busy}>
            录入建议
          </button>
        </form>
      )}
    </section>
  );
}

function DecisionForm({ roundId, suggestion, onDone, onCancel }: { roundId: number; suggestion: Suggestion; onDone: (message: string) => void; onCancel: () => void }) {
  const [decision, setDecision] = useState<'adopted' | 'partly_adopted' | 'not_adopted'>(suggestion.decision === 'pending' ? 'adopted' : suggestion.decision);
  const [reason, setReason] = useState(suggestion.reason);
  const [itemCode, setItemCode] = useState(suggestion.item?.code ?? '');
  const submission = useSubmission();
  const errors = fieldErrors(submission.error);
  const prefix = `decision-${suggestion.id}`;

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const body = decision === 'not_adopted' ? { decision, reason } : { decision, reason, itemCode: itemCode.trim() === '' ? undefined : itemCode.trim() };
    const saved = await submission.run(() => evaluationApi.decide(roundId, suggestion.id, body));
    if (saved) onDone(saved.itemCode ? `第 ${suggestion.position} 条建议已落实到 ${saved.itemCode}。` : `第 ${suggestion.position} 条建议已处理。`);
  }

  return (
    <NamedPanelForm label={`处理第 ${suggestion.position} 条建议`} idPrefix={prefix} submission={submission} onSubmit={onSubmit} onCancel={onCancel}>
      <Field id={`${prefix}-decision`} label="处理结果" required error={errors.decision}>
        {(control) => (
          <select class="input" {...control} value={decision} onChange={(event) => setDecision(event.currentTarget.value as typeof decision)}>
            <option value="adopted">采纳</option>
            <option value="partly_adopted">部分采纳</option>
            <option value="not_adopted">不予采纳</option>
          </select>
        )}
      </Field>
      {decision !== 'not_adopted' && (
        <Field id={`${prefix}-itemCode`} label="落实到整改事项（编号）" required error={errors.itemCode} hint="如 ZG-2026-12。需要新建事项时，请先在整改台账中新建（来源选“第三方评估”）。">
          {(control) => <input class="input" {...control} value={itemCode} onInput={(event) => setItemCode(event.currentTarget.value)} />}
        </Field>
      )}
      {decision !== 'adopted' && (
        <Field id={`${prefix}-reason`} label={decision === 'not_adopted' ? '不予采纳的理由' : '未采纳部分及理由'} required error={errors.reason} hint="在网站上公开。">
          {(control) => <textarea class="input" rows={2} {...control} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
        </Field>
      )}
    </NamedPanelForm>
  );
}
