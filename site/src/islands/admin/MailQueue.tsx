// 邮件队列: the admin screen over GET /api/admin/mail and POST /api/admin/mail/:id/resend. Shows the
// outbox newest first with a status filter, and a 重新发送 button on mails that failed. Self-contained
// (plain fetch on the same origin, the session cookie, the CSRF token in a header) so the admin app
// can mount it as one of its screens: <MailQueue csrfToken={token} />.
import type { JSX } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { MAIL_STATUS_LABELS, MAIL_STATUSES, type MailStatus } from '../../../../server/domain/mail-vocabulary.ts';
import type { QueuedMailView } from '../../../../server/routes/admin-mail.ts';
import { bureauParts } from '../../../../server/domain/bureau-time.ts';

export const MAIL_QUEUE_API_PATH = '/api/admin/mail';

interface MailQueuePage {
  mails: QueuedMailView[];
  total: number;
  page: number;
  pageSize: number;
}

export interface MailQueueProps {
  /** The session's CSRF token, sent as x-csrf-token with every change. */
  csrfToken: string;
}

function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const { year, month, day, hour, minute } = bureauParts(iso);
  return `${year}/${month}/${day} ${hour}:${minute}`;
}

async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string' && body.message !== '') return body.message;
  } catch {
    // not JSON: fall through
  }
  if (response.status === 401) return '登录已过期，请重新登录';
  if (response.status === 403) return '您没有权限查看邮件队列';
  return `请求失败（${response.status}），请稍后重试`;
}

const STATUS_CLASS: Record<MailStatus, string> = {
  queued: 'mail-queue__status--queued',
  sending: 'mail-queue__status--sending',
  sent: 'mail-queue__status--sent',
  failed: 'mail-queue__status--failed',
};

export function MailQueue({ csrfToken }: MailQueueProps): JSX.Element {
  const [status, setStatus] = useState<MailStatus | ''>('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<MailQueuePage | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [resending, setResending] = useState<number | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      const query = new URLSearchParams({ page: String(page) });
      if (status) query.set('status', status);
      const response = await fetch(`${MAIL_QUEUE_API_PATH}?${query}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!response.ok) {
        setError(await errorMessage(response));
        return;
      }
      setData((await response.json()) as MailQueuePage);
    } catch {
      setError('无法连接服务器，请检查网络后重试');
    } finally {
      setLoading(false);
    }
  }, [status, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const resend = async (mail: QueuedMailView) => {
    setResending(mail.id);
    setNotice(null);
    setError(null);
    try {
      const response = await fetch(`${MAIL_QUEUE_API_PATH}/${mail.id}/resend`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { accept: 'application/json', 'x-csrf-token': csrfToken },
      });
      if (!response.ok) {
        setError(await errorMessage(response));
      } else {
        setNotice(`邮件 #${mail.id}（${mail.subject}）已重新加入发送队列`);
      }
      await load();
    } catch {
      setError('无法连接服务器，请检查网络后重试');
    } finally {
      setResending(null);
    }
  };

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <section class="mail-queue" aria-labelledby="mail-queue-title">
      <h2 id="mail-queue-title" class="visually-hidden">邮件队列</h2>
      <p class="mail-queue__hint">
        通知邮件先写入队列再发送；发送不成功会自动重试，多次失败后标记为“发送失败”。排除原因（如邮件服务器故障、收件地址错误）后，可点“重新发送”。
      </p>
      <div class="mail-queue__toolbar">
        <label>
          状态{' '}
          <select
            value={status}
            onChange={(event) => {
              setStatus(event.currentTarget.value as MailStatus | '');
              setPage(1);
            }}
          >
            <option value="">全部</option>
            {MAIL_STATUSES.map((value) => (
              <option key={value} value={value}>
                {MAIL_STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="button" onClick={() => void load()} disabled={loading}>
          刷新
        </button>
      </div>
      <div role="status" aria-live="polite" class="mail-queue__messages">
        {notice && <p class="mail-queue__notice">{notice}</p>}
        {error && <p class="mail-queue__error">{error}</p>}
        {loading && <p>正在加载……</p>}
      </div>
      {data && data.mails.length === 0 && !loading && <p>{status ? `没有“${MAIL_STATUS_LABELS[status]}”的邮件。` : '队列中还没有邮件。'}</p>}
      {data && data.mails.length > 0 && (
        <div class="mail-queue__scroll">
          <table class="mail-queue__table">
            <caption class="visually-hidden">邮件队列，第 {data.page} 页</caption>
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">类型</th>
                <th scope="col">收件人</th>
                <th scope="col">主题</th>
                <th scope="col">状态</th>
                <th scope="col">尝试次数</th>
                <th scope="col">写入时间</th>
                <th scope="col">发送时间 / 下次尝试</th>
                <th scope="col">最近错误</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {data.mails.map((mail) => (
                <tr key={mail.id}>
                  <td>#{mail.id}</td>
                  <td>{mail.kindLabel}</td>
                  <td>{mail.to}</td>
                  <td>{mail.subject}</td>
                  <td>
                    <span class={`mail-queue__status ${STATUS_CLASS[mail.status]}`}>{mail.statusLabel}</span>
                  </td>
                  <td>{mail.attempts}</td>
                  <td>{formatTime(mail.createdAt)}</td>
                  <td>{mail.sentAt ? formatTime(mail.sentAt) : mail.nextAttemptAt ? `下次尝试 ${formatTime(mail.nextAttemptAt)}` : '—'}</td>
                  <td>{mail.lastError ?? '—'}</td>
                  <td>
                    {mail.status === 'failed' && (
                      <button type="button" onClick={() => void resend(mail)} disabled={resending !== null} aria-label={`重新发送邮件 #${mail.id}`}>
                        {resending === mail.id ? '正在提交……' : '重新发送'}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > data.pageSize && (
        <nav class="mail-queue__pages" aria-label="邮件队列分页">
          <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1 || loading}>
            上一页
          </button>{' '}
          <span>
            第 {data.page} / {pages} 页，共 {data.total} 封
          </span>{' '}
          <button type="button" onClick={() => setPage(page + 1)} disabled={page >= pages || loading}>
            下一页
          </button>
        </nav>
      )}
    </section>
  );
}
