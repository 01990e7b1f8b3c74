// 办理单: one opinion on one A4 page for the case file, printed from the browser (打印 or Ctrl+P):
// the opinion, its facts and deadlines, every step, the reply, and the rating. No contact details:
// a paper copy travels further than the screen. Print CSS (admin.css, "办理单") drops the app's
// header and navigation and sets the page to A4.
import { type ComponentChildren, Fragment } from 'preact';
import { getFeedback } from './api.ts';
import { useLoad } from './hooks.ts';
import { feedbackStateLabel } from './labels.ts';
import type { Feedback, FeedbackEvent } from './types.ts';
import { CalendarDate, DateTime, LoadError, Loading, ScreenHeading } from './ui.tsx';
import { bureauDate } from '../../../../server/domain/bureau-time.ts';

export function CaseSheet({ id }: { id: number }) {
  const record = useLoad(() => getFeedback(id), `feedback-${id}`);
  const feedback = record.data?.feedback;
  return (
    <div class="admin-case-sheet">
      <p class="admin-back no-print">
        <a href={`#/feedback/${id}`}>‹ 返回意见详情</a>
      </p>
      <ScreenHeading title={feedback ? `办理单 ${feedback.trackingCode}` : '办理单'}>意见办理单</ScreenHeading>
      {record.loading && !feedback && <Loading />}
      {record.error && <LoadError error={record.error} onRetry={record.reload} />}
      {feedback && record.data && (
        <>
          <p class="no-print admin-case-sheet__print">
            <button type="button" class="button" onClick={() => window.print()}>
              打印办理单
            </button>
            <span class="admin-small admin-muted">用 A4 纸打印，一条意见一页；不含反映人联系方式。</span>
          </p>
          <CaseFacts feedback={feedback} />
          <section class="admin-case-sheet__part" aria-labelledby="case-content-heading">
            <h2 id="case-content-heading">意见内容</h2>
            {feedback.title && <p class="admin-case-sheet__title">{feedback.title}</p>}
            <div class="admin-text">{feedback.content}</div>
          </section>
          <section class="admin-case-sheet__part" aria-labelledby="case-steps-heading">
            <h2 id="case-steps-heading">办理过程</h2>
            <CaseSteps events={record.data.events} />
          </section>
          <section class="admin-case-sheet__part" aria-labelledby="case-reply-heading">
            <h2 id="case-reply-heading">答复</h2>
            {feedback.replyText ? (
              <>
                <div class="admin-text">{feedback.replyText}</div>
                {feedback.repliedAt && (
                  <p class="admin-small">
                    答复时间：<DateTime iso={feedback.repliedAt} />
                  </p>
                )}
              </>
            ) : feedback.rejectNote ? (
              <div class="admin-text">
                不予受理{feedback.rejectReasonLabel ? `（${feedback.rejectReasonLabel}）` : ''}：{feedback.rejectNote}
              </div>
            ) : (
              <p>尚未答复。</p>
            )}
          </section>
          <section class="admin-case-sheet__part" aria-labelledby="case-rating-heading">
            <h2 id="case-rating-heading">评价与回访</h2>
            <p>
              反映人评价：{feedback.ratingLabel ?? '未评价'}
              {feedback.ratingComment && `。评价意见：${feedback.ratingComment}`}
            </p>
            {feedback.followUp && (
              <p>
                回访：{feedback.followUp.label}
                {feedback.followUp.outcome && `。${feedback.followUp.outcome}`}
              </p>
            )}
          </section>
          <p class="admin-case-sheet__footer admin-small">
            经办人签字：__________　　　审核人签字：__________　　　打印日期：<CalendarDate date={todayInBeijing()} />
          </p>
        </>
      )}
    </div>
  );
}

function todayInBeijing(): string {
  return bureauDate(new Date());
}

function CaseFacts({ feedback }: { feedback: Feedback }) {
  const rows: Array<[string, ComponentChildren]> = [
    ['查询码', feedback.trackingCode],
    ['提交时间', <DateTime iso={feedback.submittedAt} />],
    ['类别', feedback.categoryLabel],
    ['反映人身份', `${feedback.roleLabel}${feedback.isAnonymous ? '（匿名）' : ''}`],
    ['反映的学校/单位', feedback.unitName ?? '—'],
    ['承办单位', feedback.assignedUnitName ?? '—'],
    ['当前状态', feedback.stateLabel],
    ['答复期限', <CalendarDate date={feedback.replyDueOn} />],
  ];
  return (
    <table class="admin-case-sheet__facts">
      <caption class="visually-hidden">基本信息</caption>
      <tbody>
        {[0, 2, 4, 6].map((start) => (
          <tr key={start}>
            {rows.slice(start, start + 2).map(([label, value]) => (
              <Fragment key={label}>
                <th scope="row">{label}</th>
                <td>{value}</td>
              </Fragment>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CaseSteps({ events }: { events: FeedbackEvent[] }) {
  if (events.length === 0) return <p>暂无记录。</p>;
  return (
    <table class="admin-case-sheet__steps">
      <thead>
        <tr>
          <th scope="col">时间</th>
          <th scope="col">环节</th>
          <th scope="col">办理人</th>
          <th scope="col">说明</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>
              <DateTime iso={event.at} />
            </td>
            <td>
              {event.actionLabel}
              {event.fromState && event.toState && event.fromState !== event.toState && (
                <>
                  <br />
                  <span class="admin-small">→ {feedbackStateLabel(event.toState)}</span>
                </>
              )}
            </td>
            <td>
              {event.actorName ?? (event.action === 'submit' || event.action === 'rate' || event.action === 'withdraw' ? '反映人' : '系统')}
              {event.unitName && `（${event.unitName}）`}
            </td>
            <td>{event.note && <div class="admin-text">{event.note}</div>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
