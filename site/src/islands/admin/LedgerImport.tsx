// 台账导入: choose an .xlsx or CSV file, check it (a dry run that writes nothing), read every problem
// by row and column, then import it whole, or import the valid rows and leave out the bad ones.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { importRowSummary } from '../../../../server/domain/import-rows.ts';
import { useSubmission } from './hooks.ts';
import { type ImportReport, LEDGER_DOWNLOADS, ledgerApi } from './ledger-api.ts';
import { LoadError } from './ui.tsx';

/** The same limit as the server's (server/ledger/read-file.ts); checked here to save an upload. */
const MAX_BYTES = 10 * 1024 * 1024;

export function LedgerImport({ href }: { href: (path: string) => string }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const submission = useSubmission();

  async function run(options: { dryRun: boolean; skipBadRows: boolean }) {
    if (!file) return;
    setReport(null);
    const result = await submission.run(() => ledgerApi.importFile(file, options));
    if (result) setReport(result.report);
  }

  function onFile(event: JSX.TargetedEvent<HTMLInputElement, Event>) {
    const chosen = event.currentTarget.files?.[0] ?? null;
    setReport(null);
    submission.setError(null);
    setTooLarge(chosen && chosen.size > MAX_BYTES ? `文件过大（${(chosen.size / 1024 / 1024).toFixed(1)} MB），最大 10 MB。` : null);
    setFile(chosen && chosen.size <= MAX_BYTES ? chosen : null);
  }

  const shown = report ?? submission.error?.report ?? null;
  return (
    <section aria-labelledby="ledger-import-heading">
      <p>
        <a href={href('/')}>← 返回整改台账</a>
      </p>
      <h1 id="ledger-import-heading" class="admin-heading">
        导入台账
      </h1>
      <p class="page-intro">
        支持 Excel 工作簿（.xlsx）和 CSV（UTF-8 或 GBK）。表头可以在第 1～3 行，列名可用各单位自己的写法（如“存在问题”“牵头单位”“完成时限”）。有“编号”的行更新该事项；没有编号的表按序号和问题描述对应已有事项，新事项自动编号。
        <a href={LEDGER_DOWNLOADS.template} download>
          下载导入模板
        </a>
      </p>
      <div class="field">
        <label class="field__label" for="ledger-file">
          台账文件
        </label>
        <input id="ledger-file" type="file" accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv" onChange={onFile} />
        {tooLarge && (
          <span class="field__error" role="alert">
            {tooLarge}
          </span>
        )}
      </div>
      <div class="form-actions">
        <button type="button" class="button" disabled={!file || submission.busy} onClick={() => run({ dryRun: true, skipBadRows: false })}>
          检查文件（不写入）
        </button>
        {shown?.dryRun && shown.ok && (
          <button type="button" class="button" disabled={submission.busy} onClick={() => run({ dryRun: false, skipBadRows: false })}>
            正式导入
          </button>
        )}
        {shown?.dryRun && !shown.ok && shown.counts.valid > 0 && shown.problems.every((problem) => problem.row !== null) && (
          <button type="button" class="button button--secondary" disabled={submission.busy} onClick={() => run({ dryRun: false, skipBadRows: true })}>
            跳过有问题的 {shown.counts.badRows} 行，导入其余 {shown.counts.valid} 行
          </button>
        )}
      </div>
      {submission.busy && <p role="status">正在处理……</p>}
      {!shown && submission.error && <LoadError error={submission.error} />}
      {shown && <ImportReportView report={shown} />}
    </section>
  );
}

export function ImportReportView({ report }: { report: ImportReport }) {
  return (
    <section class="admin-panel" aria-labelledby="import-report-heading" role="region">
      <h2 id="import-report-heading">
        {report.applied ? '导入完成' : report.dryRun ? (report.ok ? '检查通过' : '检查发现问题') : '未导入'}：{report.fileName}
      </h2>
      {report.format && (
        <p>
          {report.format === 'xlsx' ? `Excel 工作簿，工作表“${report.sheet}”` : `CSV（${report.encoding}）`}
          {report.headerRow !== null && `，表头在第 ${report.headerRow} 行`}。共 {report.counts.rows} 行事项：新增 {report.counts.create}、更新 {report.counts.update}、无变化{' '}
          {report.counts.unchanged}，有问题 {report.counts.badRows} 行。
        </p>
      )}
      {report.result && (
        <p role="status">
          已写入：新增 {report.result.created.length} 项，更新 {report.result.updated.length} 项，无变化 {report.result.unchanged.length} 项。
        </p>
      )}
      {report.notices.length > 0 && (
        <ul>
          {report.notices.map((notice) => (
            <li>{notice}</li>
          ))}
        </ul>
      )}
      {report.rows.length > 0 && (
        <details open={report.rows.length <= 30}>
          <summary>逐行结果（{report.rows.length} 行）</summary>
          <ul class="import-rows">
            {report.rows.map((row) => (
              <li>
                第{row.row}行：{importRowSummary(row)}
              </li>
            ))}
          </ul>
        </details>
      )}
      {report.problems.length > 0 && (
        <table class="admin-table admin-table--compact">
          <caption>问题（{report.problems.length} 个）</caption>
          <thead>
            <tr>
              <th scope="col">行</th>
              <th scope="col">列</th>
              <th scope="col">问题</th>
            </tr>
          </thead>
          <tbody>
            {report.problems.map((problem) => (
              <tr>
                <td>{problem.row ?? '—'}</td>
                <td>{problem.column ? `${problem.column}${problem.header ? `（${problem.header}）` : ''}` : '—'}</td>
                <td>{problem.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
