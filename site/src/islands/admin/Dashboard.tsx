// 工作台: what needs attention today, each figure a link to the inbox filtered to those opinions,
// then counts by state and by unit. Warns when a year's holiday calendar is missing, because
// every deadline in that year is then provisional.
import { getDashboard } from './api.ts';
import { useAdminSession, useLoad } from './hooks.ts';
import { joinList } from './labels.ts';
import { href, mayOpen, type QueryValues } from './routing.ts';
import type { DashboardCounts } from './types.ts';
import { LoadError, Loading, ScreenHeading } from './ui.tsx';

interface Tile {
  key: keyof DashboardCounts;
  label: string;
  filter: QueryValues;
  /** Shown in the accent colour when not zero. */
  urgent?: boolean;
}

const TILES: readonly Tile[] = [
  { key: 'pending', label: '新收待受理', filter: { state: 'pending' } },
  { key: 'overdue', label: '已逾期', filter: { overdue: true }, urgent: true },
  { key: 'dueSoon', label: '1个工作日内到期', filter: { dueSoon: true }, urgent: true },
  { key: 'inReview', label: '待审核', filter: { state: 'in_review' } },
  { key: 'followUpsDue', label: '回访到期', filter: { followUp: true } },
  { key: 'screening', label: '待甄别', filter: { screening: true } },
];

export function MissingCalendarBanner({ years, linkToCalendar }: { years: number[]; linkToCalendar: boolean }) {
  if (years.length === 0) return null;
  const yearText = joinList(years.map((year) => `${year}年`));
  return (
    <div class="notice admin-banner" role="note">
      <p>
        <strong>{yearText}节假日安排尚未录入，相关期限为暂定，</strong>
        请系统管理员在{linkToCalendar ? <a href="#/calendar">「节假日」</a> : '「节假日」'}中录入。
      </p>
    </div>
  );
}

export function Dashboard() {
  const { user } = useAdminSession();
  const dashboard = useLoad(getDashboard, 'dashboard');
  const data = dashboard.data;
  const scope = user.roles.includes('office') ? '全局' : (user.unitName ?? '本单位');

  return (
    <>
      <ScreenHeading title="工作台">工作台</ScreenHeading>
      <p class="page-intro">
        {user.displayName}，您好。以下是{scope}意见办理情况，点击数字可查看对应意见。
      </p>
      {dashboard.loading && !data && <Loading />}
      {dashboard.error && <LoadError error={dashboard.error} onRetry={dashboard.reload} />}
      {data && (
        <>
          <MissingCalendarBanner years={data.calendar.missingYears} linkToCalendar={mayOpen('calendar', user.roles)} />
          <section aria-labelledby="dashboard-attention">
            <h2 id="dashboard-attention" class="visually-hidden">
              待办事项
            </h2>
            <ul class="admin-tiles">
              {TILES.map((tile) => {
                const count = data.counts[tile.key];
                const alert = tile.urgent && count > 0;
                return (
                  <li key={tile.key}>
                    <a class={alert ? 'admin-tile admin-tile--alert' : 'admin-tile'} href={href('/inbox', tile.filter)}>
                      <span class="admin-tile__label">{tile.label}</span>
                      <span class="admin-tile__value">
                        {count}
                        <span class="admin-tile__unit">条</span>
                      </span>
                    </a>
                  </li>
                );
              })}
            </ul>
          </section>

          <div class="admin-columns">
            <section aria-labelledby="dashboard-states" class="admin-section">
              <h2 id="dashboard-states">各状态数量</h2>
              <table class="admin-table">
                <thead>
                  <tr>
                    <th scope="col">状态</th>
                    <th scope="col" class="admin-num">数量</th>
                  </tr>
                </thead>
                <tbody>
                  {data.byState.map((row) => (
                    <tr key={row.state}>
                      <th scope="row">
                        <a href={href('/inbox', { state: row.state })}>{row.label}</a>
                      </th>
                      <td class="admin-num">{row.count}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>

            <section aria-labelledby="dashboard-units" class="admin-section">
              <h2 id="dashboard-units">各单位办理情况</h2>
              {data.byUnit.length === 0 ? (
                <p class="empty">目前没有转办到各单位的意见。</p>
              ) : (
                <table class="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">单位</th>
                      <th scope="col" class="admin-num">
                        办理中
                      </th>
                      <th scope="col" class="admin-num">
                        已逾期
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.byUnit.map((row) => (
                      <tr key={row.unitId}>
                        <th scope="row">
                          <a href={href('/inbox', { unitId: row.unitId })}>{row.unitName}</a>
                        </th>
                        <td class="admin-num">{row.open}</td>
                        <td class={row.overdue > 0 ? 'admin-num admin-num--alert' : 'admin-num'}>
                          {row.overdue > 0 ? <a href={href('/inbox', { unitId: row.unitId, overdue: true })}>{row.overdue}</a> : 0}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
    </>
  );
}
