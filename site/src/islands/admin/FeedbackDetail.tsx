// One opinion: what was written (as text, line breaks kept), the facts and deadlines, the reply,
// publication and rating, the steps this person may take now, and the timeline of every event.
import { useRef, useState } from 'preact/hooks';
import { getFeedback, revealContact } from './api.ts';
import { FeedbackActions } from './FeedbackActions.tsx';
import { FROM_FEEDBACK_ROLES, LINKABLE_FEEDBACK_STATES } from '../../../../server/domain/ledger-rules.ts';
import { useAdminSession, useLoad, useSubmission } from './hooks.ts';
import { endSentence, feedbackStateLabel } from './labels.ts';
import { lastInboxHref, mayOpen } from './routing.ts';
import type { ContactDetails, Feedback, FeedbackEvent, FeedbackRecord } from './types.ts';
import { CalendarDate, DateTime, DueDate, FormError, LoadError, Loading, PlainText, ScreenHeading, StateBadge } from './ui.tsx';

interface Notice {
  text: string;
  tone: 'ok' | 'warning';
}

export function FeedbackDetail({ id }: { id: number }) {
  const record = useLoad(() => getFeedback(id), `feedback-${id}`);
  const [notice, setNotice] = useState<Notice | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  const feedback = record.data?.feedback;

  function showNotice(next: Notice) {
    setNotice(next);
    // The form that was used is gone: the message is where focus continues.
    requestAnimationFrame(() => noticeRef.current?.focus());
  }

  function onDone(next: FeedbackRecord, label: string) {
    record.setData(next);
    showNotice({ text: `已完成“${label}”。当前状态：${next.feedback.stateLabel}。`, tone: 'ok' });
  }

  function onConflict(message: string) {
    showNotice({ text: `${endSentence(message)}页面已更新为最新内容，请核对后再操作。`, tone: 'warning' });
    record.reload();
  }

  return (
    <>
      <p class="admin-back">
        <a href={lastInboxHref()}>‹ 返回意见列表</a>
        <a class="admin-back__aside" href={`#/feedback/${id}/print`}>
          打印办理单
        </a>
      </p>
      <ScreenHeading title={feedback ? `意见 ${feedback.trackingCode}` : '意见详情'}>
        {feedback ? `意见 ${feedback.trackingCode}` : '意见详情'}
      </ScreenHeading>
      <div role="status" aria-live="polite" class="admin-live">
        {notice && (
          <p class={`admin-message admin-message--${notice.tone}`} tabIndex={-1} ref={noticeRef}>
            {notice.text}
          </p>
        )}
      </div>
      {record.loading && !feedback && <Loading />}
      {record.error && <LoadError error={record.error} onRetry={record.reload} />}
      {feedback && record.data && (
        <>
          <p class="admin-status-line badges">
            <StateBadge state={feedback.state} label={feedback.stateLabel} />
            {feedback.overdue && <span class="badge badge--overdue">逾期</span>}
            {feedback.provisional && <span class="badge admin-badge--provisional">期限暂定</span>}
            {feedback.needsScreening && <span class="badge admin-badge--flag">待甄别</span>}
            {feedback.publication !== 'undecided' && <span class="badge admin-badge--plain">{feedback.publicationLabel}</span>}
          </p>
          <div class="admin-detail">
            <section class="admin-detail__content admin-card" aria-labelledby="detail-content-heading">
              <h2 id="detail-content-heading">意见内容</h2>
              {feedback.title && <p class="admin-detail__title">{feedback.title}</p>}
              <PlainText text={feedback.content} />
            </section>

            <aside class="admin-detail__side" aria-label="基本信息和联系方式">
              <Facts feedback={feedback} />
              <Contact feedback={feedback} />
            </aside>

            <div class="admin-detail__rest">
              <ReplySection feedback={feedback} />
              <section class="admin-section" aria-labelledby="detail-actions-heading">
                <h2 id="detail-actions-heading">办理</h2>
                <FeedbackActions feedback={feedback} onDone={onDone} onConflict={onConflict} />
              </section>
              <PublicationSection feedback={feedback} />
              <section class="admin-section" aria-labelledby="detail-timeline-heading">
                <h2 id="detail-timeline-heading">办理记录</h2>
                <Timeline events={record.data.events} />
              </section>
            </div>
          </div>
        </>
      )}
    </>
  );
}

function Facts({ feedback }: { feedback: Feedback }) {
  const { roles } = useAdminSession().user;
  // The item opens for those who may see the ledger; an accepted opinion without one can become
  // one (群众点题) for the 办公室 and the 台账管理员.
  const itemText = feedback.itemCode ? `${feedback.itemCode} ${feedback.itemTitle ?? ''}`.trim() : null;
  const mayLink = FROM_FEEDBACK_ROLES.some((role) => roles.includes(role)) && LINKABLE_FEEDBACK_STATES.includes(feedback.state);
  return (
    <section class="admin-card" aria-labelledby="detail-facts-heading">
      <h2 id="detail-facts-heading">基本信息</h2>
      <dl class="admin-facts">
        <dt>类别</dt>
        <dd>{feedback.categoryLabel}</dd>
        <dt>反映人身份</dt>
        <dd>{feedback.roleLabel}</dd>
        <dt>涉及学校/单位</dt>
        <dd>{feedback.unitName ?? '未指定'}</dd>
        <dt>相关整改事项</dt>
        <dd>
          {itemText && feedback.itemId !== null && mayOpen('ledger', roles) ? <a href={`#/ledger/items/${feedback.itemId}`}>{itemText}</a> : (itemText ?? '不涉及')}
          {!itemText && mayLink && (
            <>
              {' '}
              <a href={`#/ledger/from-feedback/${feedback.id}`}>列入整改台账</a>
            </>
          )}
        </dd>
        <dt>办理单位</dt>
        <dd>{feedback.assignedUnitName ?? '尚未转办'}</dd>
        <dt>提交时间</dt>
        <dd>
          <DateTime iso={feedback.submittedAt} />
        </dd>
        <dt>受理期限</dt>
        <dd>
          <DueDate dueOn={feedback.acceptDueOn} overdue={feedback.state === 'pending' && feedback.overdue} provisional={feedback.provisional} />
        </dd>
        <dt>答复期限</dt>
        <dd>
          <DueDate
            dueOn={feedback.replyDueOn}
            overdue={feedback.state !== 'pending' && feedback.overdue}
            provisional={feedback.provisional}
          />
        </dd>
        <dt>延期</dt>
        <dd>{feedback.extension ? `${feedback.extension.days} 个工作日（${feedback.extension.reason}）` : '未延期'}</dd>
        <dt>督办</dt>
        <dd>{feedback.urgeCount > 0 ? `${feedback.urgeCount} 次` : '无'}</dd>
        <dt>公开</dt>
        <dd>
          {feedback.publicationLabel}
          <span class="admin-small admin-muted">{feedback.consentToPublish ? '反映人同意公开' : '反映人未同意公开'}</span>
        </dd>
        <dt>评价</dt>
        <dd>{feedback.ratingLabel ?? '尚未评价'}</dd>
        {feedback.followUp && (
          <>
            <dt>回访</dt>
            <dd>
              {feedback.followUp.label}
              {feedback.followUp.dueOn && feedback.followUp.status === 'open' && (
                <span class="admin-small admin-muted">
                  回访期限 <CalendarDate date={feedback.followUp.dueOn} />
                </span>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Contact({ feedback }: { feedback: Feedback }) {
  const [contact, setContact] = useState<ContactDetails | null>(null);
  const submission = useSubmission();
  const resultRef = useRef<HTMLDivElement>(null);

  async function reveal() {
    const answer = await submission.run(() => revealContact(feedback.id));
    if (answer) {
      setContact(answer);
      requestAnimationFrame(() => resultRef.current?.focus());
    }
  }

  return (
    <section class="admin-card" aria-labelledby="detail-contact-heading">
      <h2 id="detail-contact-heading">联系方式</h2>
      {feedback.isAnonymous ? (
        <p class="admin-muted">匿名提交，没有联系方式。</p>
      ) : !feedback.hasContact ? (
        <p class="admin-muted">反映人未留联系方式。</p>
      ) : contact ? (
        <div tabIndex={-1} ref={resultRef} class="admin-contact">
          <dl class="admin-facts">
            <dt>称呼</dt>
            <dd>{contact.contactName ?? '—'}</dd>
            <dt>电话</dt>
            <dd>{contact.contactPhone ?? '—'}</dd>
            <dt>电子邮箱</dt>
            <dd>{contact.contactEmail ?? '—'}</dd>
          </dl>
          <p class="field__hint">本次查看已记录在审计日志中。联系方式仅用于就本条意见联系反映人，请勿外传。</p>
        </div>
      ) : (
        <>
          <p class="field__hint" id="detail-contact-hint">
            为保护个人信息，联系方式默认不显示。每次查看都会记录在审计日志中。
          </p>
          <FormError error={submission.error} />
          <button type="button" class="button button--secondary button--small" aria-describedby="detail-contact-hint" onClick={reveal} aria-disabled={submission.busy ? 'true' : undefined}>
            查看联系方式
          </button>
        </>
      )}
    </section>
  );
}

function ReplySection({ feedback }: { feedback: Feedback }) {
  const rejected = feedback.rejectReasonLabel || feedback.rejectNote;
  const draft = feedback.replyDraft && feedback.state !== 'replied';
  if (!rejected && !draft && !feedback.reviewComment && !feedback.replyText) return null;
  return (
    <section class="admin-section" aria-labelledby="detail-reply-heading">
      <h2 id="detail-reply-heading">答复</h2>
      {rejected && (
        <div class="admin-block">
          <h3>不予受理{feedback.rejectReasonLabel && `：${feedback.rejectReasonLabel}`}</h3>
          <PlainText text={feedback.rejectNote} />
        </div>
      )}
      {feedback.reviewComment && feedback.state !== 'replied' && (
        <div class="admin-block admin-block--warning">
          <h3>办公室退回修改意见</h3>
          <PlainText text={feedback.reviewComment} />
        </div>
      )}
      {draft && (
        <div class="admin-block">
          <h3>答复草稿{feedback.state === 'in_review' ? '（待办公室审核）' : ''}</h3>
          <PlainText text={feedback.replyDraft} />
        </div>
      )}
      {feedback.replyText && (
        <div class="admin-block admin-block--final">
          <h3>
            正式答复
            {feedback.repliedAt && (
              <span class="admin-small admin-muted">
                {' '}
                <DateTime iso={feedback.repliedAt} /> 送达
              </span>
            )}
          </h3>
          <PlainText text={feedback.replyText} />
        </div>
      )}
    </section>
  );
}

function PublicationSection({ feedback }: { feedback: Feedback }) {
  const published = feedback.publication === 'published';
  if (!published && !feedback.rating && !feedback.followUp) return null;
  return (
    <section class="admin-section" aria-labelledby="detail-public-heading">
      <h2 id="detail-public-heading">公开与评价</h2>
      {published && (
        <>
          <div class="admin-block">
            <h3>网站公开的标题</h3>
            <p>{feedback.publicTitle}</p>
          </div>
          <div class="admin-block">
            <h3>网站公开的意见</h3>
            <PlainText text={feedback.publicContent} />
          </div>
          <div class="admin-block">
            <h3>网站公开的答复</h3>
            <PlainText text={feedback.publicReply} />
          </div>
        </>
      )}
      {feedback.rating && (
        <div class="admin-block">
          <h3>反映人评价：{feedback.ratingLabel}</h3>
          {feedback.ratingComment ? <PlainText text={feedback.ratingComment} /> : <p class="admin-muted">未填写评价意见。</p>}
        </div>
      )}
      {feedback.followUp?.outcome && (
        <div class="admin-block">
          <h3>回访情况：{feedback.followUp.label}</h3>
          <PlainText text={feedback.followUp.outcome} />
        </div>
      )}
    </section>
  );
}

function Timeline({ events }: { events: FeedbackEvent[] }) {
  if (events.length === 0) return <p class="admin-muted">暂无记录。</p>;
  return (
    <ol class="timeline admin-timeline">
      {events.map((event) => {
        const moved = event.fromState && event.toState && event.fromState !== event.toState;
        return (
          <li key={event.id}>
            <DateTime iso={event.at} />
            <p class="admin-timeline__what">
              <strong>{event.actionLabel}</strong>
              <span class="admin-muted">
                {' '}
                {event.actorName ?? (event.action === 'submit' || event.action === 'rate' || event.action === 'withdraw' ? '反映人' : '系统')}
                {event.unitName && `（${event.unitName}）`}
              </span>
              {event.isPublic && <span class="badge admin-badge--plain">反映人可见</span>}
            </p>
            {moved && (
              <p class="admin-small admin-muted">
                {feedbackStateLabel(event.fromState ?? '')} → {feedbackStateLabel(event.toState)}
              </p>
            )}
            {event.note && (
              <>
                <PlainText text={event.note} class="admin-timeline__note" />
                <p class="admin-small admin-muted">{event.isPublic && event.notePublic ? '这段说明反映人可见' : '这段说明仅内部可见'}</p>
              </>
            )}
          </li>
        );
      })}
    </ol>
  );
}
