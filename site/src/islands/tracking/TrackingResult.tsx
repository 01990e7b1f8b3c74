// One opinion as its submitter sees it: state, dates, the public steps, the reply, the rating and
// what may still be done (rate, withdraw). The same content as the server's page for browsers
// without JavaScript (server/pages/channel-pages.ts).
import { useState } from 'preact/hooks';
import { RATING_LABELS, RATINGS, type Rating } from '../../../../server/domain/vocabulary.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import type { TrackingView } from './api.ts';

function Lines({ text }: { text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <>
      {lines.map((line, index) => (
        <>
          {index > 0 && <br />}
          {line}
        </>
      ))}
    </>
  );
}

function Time({ iso }: { iso: string }) {
  return <time dateTime={iso}>{formatDateTime(iso)}</time>;
}

interface Props {
  view: TrackingView;
  busy: boolean;
  onRate: (rating: Rating, comment: string) => void;
  onWithdraw: () => void;
}

export function TrackingResult({ view, busy, onRate, onWithdraw }: Props) {
  const [rating, setRating] = useState<Rating | ''>('');
  const [comment, setComment] = useState('');
  const [ratingError, setRatingError] = useState('');
  const [confirmWithdraw, setConfirmWithdraw] = useState(false);
  return (
    <div class="tracking-result">
      <dl class="item-facts tracking-facts">
        <dt>查询码</dt>
        <dd>{view.trackingCode}</dd>
        <dt>当前状态</dt>
        <dd>
          <strong class="tracking-state" data-state={view.state}>
            {view.stateLabel}
          </strong>
        </dd>
        <dt>提交时间</dt>
        <dd>
          <Time iso={view.submittedAt} />
        </dd>
        {view.categoryLabel && <dt>意见类别</dt>}
        {view.categoryLabel && <dd>{view.categoryLabel}</dd>}
        {view.unitName && <dt>涉及单位</dt>}
        {view.unitName && <dd>{view.unitName}</dd>}
        {view.due && <dt>{view.due.label}</dt>}
        {view.due && (
          <dd>
            {formatDate(view.due.date)}
            {view.due.provisional && '（暂按周一至周五计算）'}
          </dd>
        )}
      </dl>

      {view.topic && (
        <section class="notice" aria-labelledby="topic-heading">
          <h2 id="topic-heading">群众点题：{view.topic.theme}</h2>
          <p data-testid="topic-decision">
            {view.topic.decision === 'pending'
              ? '您的点题正在研究中。'
              : view.topic.decision === 'adopted'
                ? '您的点题已采纳，列入整改台账。'
                : '您的点题未采纳。'}
            {view.topic.itemCode && (
              <>
                {' '}
                <a href={`/ledger/${encodeURIComponent(view.topic.itemCode)}/`}>查看整改事项 {view.topic.itemCode}</a>
              </>
            )}
          </p>
          {view.topic.publicReason && (
            <p>
              理由：<Lines text={view.topic.publicReason} />
            </p>
          )}
          <p>
            <a href={`/topics/${view.topic.campaignId}/`}>查看本次点题活动</a>
          </p>
        </section>
      )}

      {view.rejection && (
        <section class="notice" aria-labelledby="rejection-heading">
          <h2 id="rejection-heading">不予受理的理由</h2>
          <p>{view.rejection.reasonLabel}</p>
          {view.rejection.note && (
            <p>
              <Lines text={view.rejection.note} />
            </p>
          )}
        </section>
      )}

      {view.reply && (
        <section class="reply-box" aria-labelledby="reply-heading">
          <h2 id="reply-heading">答复</h2>
          <p class="reply-box__meta">
            {view.reply.unitName && <>{view.reply.unitName}，</>}
            <Time iso={view.reply.repliedAt} />
          </p>
          <div class="prose">
            <p>
              <Lines text={view.reply.text} />
            </p>
          </div>
        </section>
      )}

      {view.rating && (
        <p>
          您的评价：<strong>{view.rating.label}</strong>
          {view.rating.comment && <>（{view.rating.comment}）</>}
        </p>
      )}

      {view.canRate && (
        <form
          class="form rating-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (!rating) {
              setRatingError('请选择满意、基本满意或不满意。');
              return;
            }
            setRatingError('');
            onRate(rating, comment.trim());
          }}
        >
          <fieldset class={ratingError ? 'field field--invalid' : 'field'}>
            <legend>您对这次答复是否满意？</legend>
            {view.rateBy && (
              <span class="field__hint" id="rating-hint">
                请在 {formatDate(view.rateBy)} 前评价，每次答复只能评价一次。
              </span>
            )}
            {ratingError && (
              <span class="field__error" id="rating-error">
                <span class="visually-hidden">错误：</span>
                {ratingError}
              </span>
            )}
            <div class="choice-group choice-group--three">
              {RATINGS.map((value, index) => (
                <label class="choice" key={value}>
                  <input
                    type="radio"
                    name="rating"
                    id={`rating-${index}`}
                    value={value}
                    checked={rating === value}
                    aria-invalid={ratingError ? true : undefined}
                    aria-describedby={ratingError ? 'rating-error' : undefined}
                    onChange={() => setRating(value)}
                  />
                  {RATING_LABELS[value]}
                </label>
              ))}
            </div>
          </fieldset>
          <div class="field">
            <label class="field__label" for="rating-comment">
              评价意见<span class="field__optional">（选填）</span>
            </label>
            <textarea class="textarea textarea--short" id="rating-comment" name="comment" rows={3} maxLength={500} value={comment} onInput={(event) => setComment(event.currentTarget.value)} />
          </div>
          <div class="form-actions">
            <button type="submit" class="button" disabled={busy}>
              提交评价
            </button>
          </div>
        </form>
      )}

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">办理过程</h2>
        <ol class="timeline">
          {view.steps.map((step) => (
            <li key={`${step.action}-${step.at}`}>
              <Time iso={step.at} />
              <span class="timeline__label">{step.label}</span>
              {step.unitName && <>：{step.unitName}</>}
              {step.note && (
                <div class="timeline__note">
                  <Lines text={step.note} />
                </div>
              )}
            </li>
          ))}
        </ol>
      </section>

      <details class="tracking-opinion">
        <summary>我提交的意见</summary>
        {view.title && (
          <p>
            <strong>{view.title}</strong>
          </p>
        )}
        <p>
          <Lines text={view.content} />
        </p>
      </details>

      {view.contactDeleted && <p>您留下的联系方式已按规定删除。</p>}

      {view.canWithdraw && (
        <form
          class="form withdraw-form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            if (confirmWithdraw) onWithdraw();
          }}
        >
          <h2>撤回意见</h2>
          <p>撤回后这条意见不再办理{view.hasContact ? '，您留下的联系方式会立即删除' : ''}。撤回不能恢复。</p>
          <div class="field check">
            <input type="checkbox" id="withdraw-confirm" name="confirm" checked={confirmWithdraw} onChange={(event) => setConfirmWithdraw(event.currentTarget.checked)} />
            <label class="check__label" for="withdraw-confirm">
              我确认撤回这条意见
            </label>
          </div>
          <div class="form-actions">
            <button type="submit" class="button button--secondary" disabled={busy || !confirmWithdraw}>
              撤回意见
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
