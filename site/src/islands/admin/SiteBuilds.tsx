// 网站发布: the public site's builds and the 立即重建网站 button (POST /api/admin/site-builds), for
// the 办公室 and the 系统管理员. While a build runs the screen asks again every few seconds, so the
// person sees it finish (or why it failed) without reloading.
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { SiteBuildView } from '../../../../server/routes/admin-site-builds.ts';
import { ApiError, request } from './api.ts';
import { ListTable } from './list-screen.tsx';
import { DateInput, DateTime, LiveMessage, LoadError, Loading } from './ui.tsx';

interface SiteBuildsStatus {
  running: SiteBuildView | null;
  scheduledFor: string | null;
  lastFinished: SiteBuildView | null;
  recent: SiteBuildView[];
}

const POLL_MS = 2000;

function duration(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(1)} 秒`;
}

export function SiteBuilds() {
  const [status, setStatus] = useState<SiteBuildsStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  const load = useCallback(async () => {
    try {
      setStatus(await request<SiteBuildsStatus>('GET', '/site-builds'));
      setError(null);
    } catch (caught) {
      setError(caught instanceof ApiError ? caught : new ApiError(0, '无法连接服务器，请检查网络后重试'));
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Ask again while a build runs or waits; stop once it is done.
  const busy = status !== null && (status.running !== null || status.scheduledFor !== null);
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [busy, load]);

  const [watched, setWatched] = useState<number | null>(null);
  useEffect(() => {
    if (watched === null || !status || status.running?.id === watched) return;
    const done = status.recent.find((build) => build.id === watched);
    if (!done) return;
    setWatched(null);
    setMessage(done.status === 'built' ? `网站已重建，共 ${done.pages ?? 0} 个页面，公众现在看到的是最新数据。` : '重建失败，网站仍为此前的版本；原因见下方记录。');
  }, [status, watched]);

  const start = async () => {
    setStarting(true);
    setMessage(null);
    try {
      const { build } = await request<{ build: SiteBuildView }>('POST', '/site-builds');
      setWatched(build.id);
      setMessage('已开始重建网站，通常需要一两分钟，完成后此处会显示结果。');
      await load();
    } catch (caught) {
      setMessage(caught instanceof ApiError ? caught.message : '无法连接服务器，请检查网络后重试');
    } finally {
      setStarting(false);
    }
  };

  if (error && !status) return <LoadError error={error} onRetry={() => void load()} />;
  if (!status) return <Loading />;
  const last = status.lastFinished;
  return (
    <section class="site-builds" aria-labelledby="site-builds-now">
      <p class="site-builds__hint">
        公开网站是静态页面，每晚自动重建；公开一条答复或更新台账后，系统会在几分钟内自动重建。需要马上让公众看到时，可立即重建。重建失败时网站保持原样，并通知系统管理员。
      </p>
      <h2 id="site-builds-now">当前状态</h2>
      <dl class="site-builds__status">
        <dt>正在重建</dt>
        <dd>{status.running ? <>是（<DateTime iso={status.running.startedAt} /> 开始）</> : '否'}</dd>
        <dt>等待自动重建</dt>
        <dd>{status.scheduledFor ? <>将于 <DateTime iso={status.scheduledFor} /> 开始</> : '无'}</dd>
        <dt>上次重建</dt>
        <dd>{last ? <>{last.statusLabel}（<DateTime iso={last.finishedAt} />）</> : '尚无记录'}</dd>
        <dt>公开数据截至</dt>
        <dd>
          <DateTime iso={status.recent.find((build) => build.status === 'built')?.dataAsOf ?? null} />
        </dd>
      </dl>
      <button type="button" class="button" disabled={starting || status.running !== null} onClick={() => void start()}>
        {status.running ? '正在重建…' : '立即重建网站'}
      </button>
      <LiveMessage message={message} tone={last?.status === 'failed' && watched === null && message?.startsWith('重建失败') ? 'warning' : 'ok'} />
      <h2 id="scorecards-export">导出群众评议档案</h2>
      <p>按意见提交日期导出各科室和学校的办理情况（与公开的群众评议档案口径相同），供年度绩效考核使用。不填日期时导出今年以来的数据。</p>
      <form class="site-builds__export" method="get" action="/api/admin/statistics/scorecards.xlsx" aria-labelledby="scorecards-export">
        <label>
          开始日期 <DateInput name="from" />
        </label>
        <label>
          结束日期 <DateInput name="to" />
        </label>
        <button type="submit" class="button button--secondary">导出 Excel</button>
        <button type="submit" class="button button--secondary" formAction="/api/admin/statistics/scorecards.csv">
          导出 CSV
        </button>
      </form>
      <h2>最近的重建记录</h2>
      {status.recent.length === 0 ? (
        <p>尚无重建记录。</p>
      ) : (
        <div class="site-builds__scroll">
          <ListTable class="site-builds__table" actions={false} columns={['开始时间', '方式', '结果', '用时', '页面数', '数据截至', '说明']}>
            {status.recent.map((build) => (
              <tr key={build.id}>
                <td>
                  <DateTime iso={build.startedAt} />
                </td>
                <td>
                  {build.triggerLabel}
                  {build.requestedBy ? `（${build.requestedBy}）` : ''}
                </td>
                <td>
                  <span class={`badge admin-state admin-state--build-${build.status}`}>{build.statusLabel}</span>
                </td>
                <td>{duration(build.durationMs)}</td>
                <td>{build.pages ?? '—'}</td>
                <td>
                  <DateTime iso={build.dataAsOf} />
                </td>
                <td class="site-builds__error">{build.error ? <pre>{build.error}</pre> : ''}</td>
              </tr>
            ))}
          </ListTable>
        </div>
      )}
    </section>
  );
}
