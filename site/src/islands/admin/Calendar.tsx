// 节假日: where each year's holiday schedule comes from, and an editor for a year's schedule as the
// State Council's notice (国务院办公厅关于××年部分节假日安排的通知) lists it: the notice's 文号 and
// one row per day off (放假) or weekend working day (调休上班).
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { getCalendar, saveCalendarYear } from './api.ts';
import { MissingCalendarBanner } from './Dashboard.tsx';
import { useLoad, useSubmission } from './hooks.ts';
import { CALENDAR_COVERAGE_LABELS, CALENDAR_DAY_KIND_LABELS } from './labels.ts';
import { navigate } from './routing.ts';
import type { CalendarDay, CalendarYear } from './types.ts';
import { ListTable, LoadedList } from './list-screen.tsx';
import { DateInput, Field, focusFirstInvalid, FormError, LiveMessage, ScreenHeading } from './ui.tsx';

const YEAR_RANGE = { min: 2000, max: 2100 };
const NOTICE_MAX = 200;
const DAY_NAME_MAX = 20;

export function CalendarScreen() {
  const calendar = useLoad(getCalendar, 'calendar');
  const [year, setYear] = useState('');
  const [yearError, setYearError] = useState<string | null>(null);

  function openYear(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const value = Number(year);
    if (!Number.isInteger(value) || value < YEAR_RANGE.min || value > YEAR_RANGE.max) {
      setYearError(`请填写 ${YEAR_RANGE.min}～${YEAR_RANGE.max} 之间的年份。`);
      return focusFirstInvalid(event.currentTarget);
    }
    navigate(`/calendar/${value}`);
  }

  return (
    <>
      <ScreenHeading title="节假日">节假日</ScreenHeading>
      <p class="page-intro">
        意见的受理、答复期限按工作日计算，需要知道每年的法定节假日和调休安排。系统内置了已公布年份的安排；国务院办公厅每年底公布下一年的安排后，请在这里录入。未录入的年份，期限只能按周一至周五暂定推算。
      </p>
      <LoadedList list={calendar}>
        {(data) => (
          <>
            <MissingCalendarBanner years={data.missingYears} linkToCalendar={false} />
            <ListTable caption="各年度节假日安排" compact columns={['年度', '来源', '通知文号', { label: '放假', numeric: true }, { label: '调休上班', numeric: true }]}>
              {data.years.map((entry) => (
                <tr key={entry.year} class={entry.coverage === 'missing' ? 'admin-row--overdue' : undefined}>
                  <th scope="row">{entry.year}年</th>
                  <td>
                    {entry.coverage === 'missing' ? (
                      <span class="badge badge--overdue">{CALENDAR_COVERAGE_LABELS.missing}</span>
                    ) : (
                      CALENDAR_COVERAGE_LABELS[entry.coverage]
                    )}
                  </td>
                  <td>{entry.notice ?? <span class="admin-muted">—</span>}</td>
                  <td class="admin-num">{entry.days.filter((day) => !day.isWorkingDay).length} 天</td>
                  <td class="admin-num">{entry.days.filter((day) => day.isWorkingDay).length} 天</td>
                  <td>
                    <a class="button button--secondary button--small" href={`#/calendar/${entry.year}`}>
                      {entry.coverage === 'missing' ? '录入' : '查看/修改'}
                      <span class="visually-hidden">{entry.year}年安排</span>
                    </a>
                  </td>
                </tr>
              ))}
            </ListTable>
            <form class="admin-inline-form" noValidate onSubmit={openYear}>
              <Field id="calendar-year" label="录入其他年度" error={yearError ?? undefined}>
                {(control) => (
                  <div class="admin-inline">
                    <input
                      {...control}
                      class="input admin-input--short"
                      type="number"
                      inputMode="numeric"
                      min={YEAR_RANGE.min}
                      max={YEAR_RANGE.max}
                      value={year}
                      onInput={(event) => setYear(event.currentTarget.value)}
                    />
                    <button type="submit" class="button button--secondary">
                      打开
                    </button>
                  </div>
                )}
              </Field>
            </form>
          </>
        )}
      </LoadedList>
    </>
  );
}

interface DayRow {
  key: number;
  date: string;
  kind: 'holiday' | 'working';
  name: string;
}

let nextRowKey = 1;

function toRow(day: CalendarDay): DayRow {
  return { key: nextRowKey++, date: day.date, kind: day.isWorkingDay ? 'working' : 'holiday', name: day.name };
}

function emptyRow(): DayRow {
  return { key: nextRowKey++, date: '', kind: 'holiday', name: '' };
}

/** Errors for rows, from the server's `days.3.date` field names and our own checks. */
type RowErrors = Record<number, Partial<Record<'date' | 'kind' | 'name', string>>>;

function validateRows(year: number, rows: DayRow[]): RowErrors {
  const errors: RowErrors = {};
  const seen = new Map<string, number>();
  rows.forEach((row, index) => {
    const found: RowErrors[number] = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(row.date)) found.date = '请选择日期。';
    else if (!row.date.startsWith(`${year}-`)) found.date = `日期须在 ${year} 年内。`;
    else if (seen.has(row.date)) found.date = `与第 ${seen.get(row.date)! + 1} 行日期重复。`;
    else seen.set(row.date, index);
    if (!row.name.trim()) found.name = '请填写节日名称。';
    else if (row.name.trim().length > DAY_NAME_MAX) found.name = `不超过 ${DAY_NAME_MAX} 个字。`;
    if (Object.keys(found).length > 0) errors[index] = found;
  });
  return errors;
}

function serverRowErrors(fields: Array<{ field: string; message: string }>): RowErrors {
  const errors: RowErrors = {};
  for (const { field, message } of fields) {
    const match = /^days\.(\d+)\.(date|isWorkingDay|name)$/.exec(field);
    if (!match) continue;
    const index = Number(match[1]);
    const key = match[2] === 'isWorkingDay' ? 'kind' : (match[2] as 'date' | 'name');
    errors[index] = { ...errors[index], [key]: message };
  }
  return errors;
}

export function CalendarYearEditor({ year }: { year: number }) {
  const calendar = useLoad(getCalendar, `calendar-${year}`);
  const entry: CalendarYear | undefined = calendar.data?.years.find((candidate) => candidate.year === year);
  const inRange = year >= YEAR_RANGE.min && year <= YEAR_RANGE.max;

  return (
    <>
      <p class="admin-back">
        <a href="#/calendar">‹ 返回节假日</a>
      </p>
      <ScreenHeading title={`${year}年节假日`}>{year}年节假日安排</ScreenHeading>
      {!inRange && <p class="error-summary">年份须在 {YEAR_RANGE.min}～{YEAR_RANGE.max} 之间。</p>}
      {inRange && <LoadedList list={calendar}>{() => <YearForm key={`${year}-${entry?.notice ?? ''}`} year={year} entry={entry} onSaved={calendar.reload} />}</LoadedList>}
    </>
  );
}

function YearForm({ year, entry, onSaved }: { year: number; entry: CalendarYear | undefined; onSaved: () => void }) {
  const [notice, setNotice] = useState(entry?.notice ?? '');
  const [rows, setRows] = useState<DayRow[]>(() => (entry && entry.days.length > 0 ? entry.days.map(toRow) : [emptyRow()]));
  const [noticeError, setNoticeError] = useState<string | null>(null);
  const [rowErrors, setRowErrors] = useState<RowErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const submission = useSubmission();
  const focusRow = useRef<number | null>(null);
  const coverage = entry?.coverage ?? 'missing';
  const serverErrors = serverRowErrors(submission.error?.fields ?? []);
  const noticeServerError = submission.error?.fields.find((problem) => problem.field === 'notice')?.message;

  // After 添加一行, focus goes to the new row's date; after 删除, to the row that took its place.
  useEffect(() => {
    if (focusRow.current === null) return;
    const index = Math.min(focusRow.current, rows.length - 1);
    focusRow.current = null;
    document.getElementById(index >= 0 ? `calendar-row-${index}-date` : 'calendar-add-row')?.focus();
  });

  function update(index: number, changes: Partial<DayRow>) {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, ...changes } : row)));
  }

  function addRow() {
    focusRow.current = rows.length;
    setRows((current) => [...current, emptyRow()]);
  }

  function removeRow(index: number) {
    focusRow.current = index;
    setRows((current) => current.filter((_, i) => i !== index));
    setRowErrors({});
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    setMessage(null);
    const trimmed = notice.trim();
    const foundNotice = !trimmed ? '请填写通知文号，例如：国办发明电〔2026〕7号。' : trimmed.length > NOTICE_MAX ? `不超过 ${NOTICE_MAX} 个字。` : null;
    const found = validateRows(year, rows);
    setNoticeError(foundNotice);
    setRowErrors(found);
    if (foundNotice || Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    const days = [...rows]
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((row) => ({ date: row.date, isWorkingDay: row.kind === 'working', name: row.name.trim() }));
    const done = await submission.run(async () => {
      await saveCalendarYear(year, { notice: trimmed, days });
      return true;
    });
    if (done) {
      setMessage(`已保存 ${year} 年节假日安排：放假 ${days.filter((day) => !day.isWorkingDay).length} 天，调休上班 ${days.filter((day) => day.isWorkingDay).length} 天。相关期限将按新安排计算。`);
      onSaved();
    }
  }

  const holidays = rows.filter((row) => row.kind === 'holiday').length;
  const workdays = rows.filter((row) => row.kind === 'working').length;

  return (
    <>
      <p class="admin-status-line">
        当前来源：
        {coverage === 'missing' ? <span class="badge badge--overdue">{CALENDAR_COVERAGE_LABELS.missing}</span> : CALENDAR_COVERAGE_LABELS[coverage]}
      </p>
      {coverage === 'package' && (
        <p class="notice">该年度已有内置的节假日数据，一般无需录入。如与国务院办公厅公布的安排不一致，可在此录入，录入后以录入的安排为准。</p>
      )}
      <LiveMessage message={message} />
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} labels={{ notice: '通知文号' }} idPrefix="calendar" />
        <Field id="calendar-notice" label="通知文号" hint="依据的国务院办公厅通知，例如：国办发明电〔2026〕7号。" error={noticeError ?? noticeServerError} required>
          {(control) => <input {...control} class="input" maxLength={NOTICE_MAX} value={notice} onInput={(event) => setNotice(event.currentTarget.value)} />}
        </Field>
        <fieldset class="field admin-days">
          <legend>放假和调休上班日期</legend>
          <p class="field__hint">
            共 {rows.length} 行：放假 {holidays} 天，调休上班 {workdays} 天。只录入通知中列出的日期，普通周末不用录入。
          </p>
          <table class="admin-table admin-days__table">
            <thead>
              <tr>
                <th scope="col">日期</th>
                <th scope="col">安排</th>
                <th scope="col">节日名称</th>
                <th scope="col">
                  <span class="visually-hidden">操作</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, index) => {
                const errors = { ...serverErrors[index], ...rowErrors[index] };
                const cell = (name: 'date' | 'kind' | 'name') => {
                  const id = `calendar-row-${index}-${name}`;
                  return {
                    id,
                    'aria-invalid': errors[name] ? (true as const) : undefined,
                    'aria-describedby': errors[name] ? `${id}-error` : undefined,
                  };
                };
                const cellError = (name: 'date' | 'kind' | 'name') =>
                  errors[name] && (
                    <span class="field__error" id={`calendar-row-${index}-${name}-error`}>
                      {errors[name]}
                    </span>
                  );
                return (
                  <tr key={row.key}>
                    <td>
                      <label class="visually-hidden" for={`calendar-row-${index}-date`}>
                        第 {index + 1} 行日期
                      </label>
                      {cellError('date')}
                      <DateInput
                        {...cell('date')}
                        class="input"
                        min={`${year}-01-01`}
                        max={`${year}-12-31`}
                        value={row.date}
                        onInput={(event) => update(index, { date: event.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <label class="visually-hidden" for={`calendar-row-${index}-kind`}>
                        第 {index + 1} 行安排
                      </label>
                      {cellError('kind')}
                      <select
                        {...cell('kind')}
                        class="select"
                        value={row.kind}
                        onChange={(event) => update(index, { kind: event.currentTarget.value === 'working' ? 'working' : 'holiday' })}
                      >
                        <option value="holiday">{CALENDAR_DAY_KIND_LABELS.holiday}</option>
                        <option value="working">{CALENDAR_DAY_KIND_LABELS.working}</option>
                      </select>
                    </td>
                    <td>
                      <label class="visually-hidden" for={`calendar-row-${index}-name`}>
                        第 {index + 1} 行节日名称
                      </label>
                      {cellError('name')}
                      <input
                        {...cell('name')}
                        class="input"
                        maxLength={DAY_NAME_MAX}
                        placeholder="如：春节"
                        value={row.name}
                        onInput={(event) => update(index, { name: event.currentTarget.value })}
                      />
                    </td>
                    <td>
                      <button type="button" class="button button--secondary button--small" onClick={() => removeRow(index)} aria-label={`删除第 ${index + 1} 行`}>
                        删除
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button type="button" id="calendar-add-row" class="button button--secondary button--small" onClick={addRow}>
            添加一行
          </button>
        </fieldset>
        <div class="form-actions">
          <button type="submit" class="button" aria-disabled={submission.busy ? 'true' : undefined}>
            {submission.busy ? '正在保存…' : `保存 ${year} 年安排`}
          </button>
          <a class="admin-link-button" href="#/calendar">
            取消
          </a>
        </div>
      </form>
    </>
  );
}
