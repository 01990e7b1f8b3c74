// 整改信息 (办公室 and 台账管理员): the list (#/posts) and one post (#/posts/12): write a draft, preview
// it as the site will show it, publish, correct a published post with a public 更正 note (the
// earlier text is kept), withdraw it with a reason, attach PDF files while it is not published.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { PostLinkOption as LinkOption, PostListView } from '../../../../server/routes/admin-posts.ts';
import type { PostView } from '../../../../server/actions/post-view.ts';
import { ADMIN_API, request, toQuery, upload } from './api.ts';
import { fieldErrors, useLoad, usePanel, useSubmission } from './hooks.ts';
import { CalendarDate, DateInput, DateTime, Field, focusFirstInvalid, FocusHeading, FormActions, FormError, LiveMessage, LoadError, Loading, PanelButton, PlainText, ScreenHeading } from './ui.tsx';
import { bureauDate } from '../../../../server/domain/bureau-time.ts';

type PostRow = PostListView;
type Saved = { id: number; version: number };
interface PostFields {
  title: string;
  body: string;
  postDate: string;
  itemIds: number[];
  outcomeIds: number[];
}

const postsApi = {
  list: (state: string) => request<{ posts: PostRow[] }>('GET', `/posts${toQuery({ state })}`),
  get: (id: number) => request<PostView>('GET', `/posts/${id}`),
  linkOptions: () => request<{ items: LinkOption[] }>('GET', '/posts/link-options'),
  preview: (body: string) => request<{ html: string }>('POST', '/posts/preview', { body }),
  create: (fields: PostFields) => request<Saved>('POST', '/posts', fields),
  update: (id: number, body: Partial<PostFields> & { version: number }) => request<Saved>('PATCH', `/posts/${id}`, body),
  correct: (id: number, body: Partial<PostFields> & { version: number; note: string }) => request<Saved>('POST', `/posts/${id}/correct`, body),
  publish: (id: number, version: number) => request<Saved>('POST', `/posts/${id}/publish`, { version }),
  withdraw: (id: number, version: number, reason: string) => request<Saved>('POST', `/posts/${id}/withdraw`, { version, reason }),
  attach: (id: number, file: File) => upload<Saved>(`/posts/${id}/attachments`, file),
  removeAttachment: (id: number, attachmentId: number) => request<Saved>('POST', `/posts/${id}/attachments/${attachmentId}/remove`),
};

const LABELS = { title: '标题', postDate: '发布日期', body: '正文', itemIds: '关联整改事项', outcomeIds: '关联制度成果', note: '更正说明', reason: '撤回理由', file: '附件' };
const STATE_FILTERS = [
  ['', '全部'],
  ['draft', '草稿'],
  ['published', '已发布'],
  ['withdrawn', '已撤回'],
] as const;

function today(): string {
  return bureauDate(new Date());
}

export function Posts() {
  const [state, setState] = useState('');
  const posts = useLoad(() => postsApi.list(state), `posts-${state}`);
  const { panel, open, close, message } = usePanel<'create'>();
  const list = posts.data?.posts ?? [];
  return (
    <>
      <ScreenHeading title="整改信息">整改信息</ScreenHeading>
      <p class="page-intro">在“整改信息”栏目发布整改动态、措施和成果。正文支持 Markdown（标题、列表、加粗、链接）；发布后如需修改，请使用“更正”，原内容会保留并公开更正说明。</p>
      <LiveMessage message={message} />
      <div class="admin-toolbar">
        <PanelButton expanded={panel === 'create'} onOpen={(opener) => open('create', opener)}>
          新建整改信息
        </PanelButton>
        <Field id="posts-state" label="按状态查看" class="admin-toolbar__filter">
          {(control) => (
            <select {...control} class="select" value={state} onChange={(event) => setState(event.currentTarget.value)}>
              {STATE_FILTERS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      {panel === 'create' && (
        <PostForm
          mode={{ kind: 'create' }}
          onCancel={close}
          onSaved={(saved) => {
            window.location.hash = `#/posts/${saved.id}`;
          }}
        />
      )}
      <section class="admin-section" aria-labelledby="posts-heading">
        <h2 id="posts-heading" tabIndex={-1}>
          信息列表
        </h2>
        {posts.loading && !posts.data && <Loading />}
        {posts.error && <LoadError error={posts.error} onRetry={posts.reload} />}
        {posts.data && list.length === 0 && <p class="empty">还没有整改信息。</p>}
        {list.length > 0 && (
          <ul class="admin-template-list">
            {list.map((post) => (
              <li key={post.id} class="admin-card">
                <div class="admin-template-list__head">
                  <h3>
                    <a href={`#/posts/${post.id}`}>{post.title}</a>
                  </h3>
                  <span class="badge admin-badge--plain">{post.stateLabel}</span>
                </div>
                <p>
                  发布日期 <CalendarDate date={post.postDate} />
                  {post.corrections > 0 && `，更正 ${post.corrections} 次`}
                  {post.attachments > 0 && `，附件 ${post.attachments} 个`}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

type FormMode = { kind: 'create' } | { kind: 'edit'; view: PostView } | { kind: 'correct'; view: PostView };

function PostForm({ mode, onCancel, onSaved }: { mode: FormMode; onCancel: () => void; onSaved: (saved: Saved) => void }) {
  const view = mode.kind === 'create' ? null : mode.view;
  const [title, setTitle] = useState(view?.post.title ?? '');
  const [postDate, setPostDate] = useState(view?.post.postDate ?? today());
  const [body, setBody] = useState(view?.post.body ?? '');
  const [itemIds, setItemIds] = useState<number[]>(view?.links.items.map((item) => item.id) ?? []);
  const [outcomeIds, setOutcomeIds] = useState<number[]>(view?.links.outcomes.map((outcome) => outcome.id) ?? []);
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<string | null>(null);
  const options = useLoad(() => postsApi.linkOptions(), 'post-link-options');
  const submission = useSubmission();
  const previewing = useSubmission();
  const errors = { ...fieldErrors(submission.error), ...problems };
  const prefix = view ? `post-${view.post.id}-${mode.kind}` : 'post-new';
  const heading = mode.kind === 'create' ? '新建整改信息' : mode.kind === 'edit' ? '修改草稿' : '更正已发布的信息';

  const toggle = (list: number[], id: number, on: boolean) => (on ? [...list, id] : list.filter((value) => value !== id));

  async function onPreview() {
    const result = await previewing.run(() => postsApi.preview(body));
    if (result) setPreview(result.html);
  }

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (!title.trim()) found.title = '请填写标题';
    if (!body.trim()) found.body = '请填写正文';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(postDate)) found.postDate = '请选择发布日期';
    if (mode.kind === 'correct' && !note.trim()) found.note = '请填写更正说明';
    setProblems(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    const fields = { title: title.trim(), body, postDate, itemIds, outcomeIds };
    const saved = await submission.run(() =>
      mode.kind === 'create'
        ? postsApi.create(fields)
        : mode.kind === 'edit'
          ? postsApi.update(mode.view.post.id, { ...fields, version: mode.view.post.version })
          : postsApi.correct(mode.view.post.id, { ...fields, version: mode.view.post.version, note: note.trim() }),
    );
    if (saved) onSaved(saved);
  }

  return (
    <section class="admin-panel" aria-labelledby={`${prefix}-heading`}>
      <FocusHeading id={`${prefix}-heading`}>{heading}</FocusHeading>
      <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} labels={LABELS} idPrefix={prefix} />
        <div class="admin-form-grid">
          <Field id={`${prefix}-title`} label={LABELS.title} error={errors.title} required>
            {(control) => <input {...control} class="input" maxLength={200} value={title} onInput={(event) => setTitle(event.currentTarget.value)} />}
          </Field>
          <Field id={`${prefix}-postDate`} label={LABELS.postDate} error={errors.postDate} required>
            {(control) => <DateInput {...control} class="input" value={postDate} onInput={(event) => setPostDate(event.currentTarget.value)} />}
          </Field>
        </div>
        <Field id={`${prefix}-body`} label={LABELS.body} hint="Markdown：## 小标题，- 列表，**加粗**，[文字](https://…)。不支持图片和 HTML。" error={errors.body} required>
          {(control) => <textarea {...control} class="textarea" rows={12} value={body} onInput={(event) => setBody(event.currentTarget.value)} />}
        </Field>
        <div class="admin-actions">
          <button type="button" class="button button--secondary button--small" onClick={onPreview} aria-disabled={previewing.busy ? 'true' : undefined}>
            预览正文
          </button>
        </div>
        <FormError error={previewing.error} />
        {preview !== null && (
          // Made by the server with the site's own renderer and sanitiser (server/domain/post-markdown.ts).
          <div class="admin-card prose admin-post-preview" aria-label="正文预览" role="region" dangerouslySetInnerHTML={{ __html: preview }} />
        )}
        <fieldset class="admin-fieldset">
          <legend>{LABELS.itemIds}（可选）</legend>
          {errors.itemIds && <p class="field__error">{errors.itemIds}</p>}
          {errors.outcomeIds && <p class="field__error">{errors.outcomeIds}</p>}
          {options.loading && !options.data && <Loading />}
          {options.error && <LoadError error={options.error} onRetry={options.reload} />}
          {options.data?.items.map((item) => (
            <div key={item.id} class="admin-post-link">
              <label>
                <input type="checkbox" checked={itemIds.includes(item.id)} onChange={(event) => setItemIds(toggle(itemIds, item.id, event.currentTarget.checked))} />
                {item.code} {item.title}
                {!item.isPublished && '（未公开，网站上不显示）'}
              </label>
              {item.outcomes.map((outcome) => (
                <label key={outcome.id} class="admin-post-link__outcome">
                  <input
                    type="checkbox"
                    checked={outcomeIds.includes(outcome.id)}
                    onChange={(event) => setOutcomeIds(toggle(outcomeIds, outcome.id, event.currentTarget.checked))}
                  />
                  制度成果：{outcome.title}
                </label>
              ))}
            </div>
          ))}
        </fieldset>
        {mode.kind === 'correct' && (
          <Field id={`${prefix}-note`} label={LABELS.note} hint="公开显示在信息上方，例如：原文“……”有误，已更正。" error={errors.note} required>
            {(control) => <textarea {...control} class="textarea" rows={3} maxLength={500} value={note} onInput={(event) => setNote(event.currentTarget.value)} />}
          </Field>
        )}
        <FormActions label={submission.busy ? '正在保存…' : mode.kind === 'correct' ? '发布更正' : '保存草稿'} busy={submission.busy} onCancel={onCancel} />
      </form>
    </section>
  );
}

type DetailPanel = 'edit' | 'correct' | 'withdraw';

export function PostDetail({ id }: { id: number }) {
  const [reloads, setReloads] = useState(0);
  const detail = useLoad(() => postsApi.get(id), `post-${id}-${reloads}`);
  const { panel, open, close, message, setMessage } = usePanel<DetailPanel>();
  const action = useSubmission();
  const changed = (text: string) => {
    setMessage(text);
    close();
    setReloads((n) => n + 1);
  };
  if (detail.loading && !detail.data) return <Loading />;
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return null;
  const view = detail.data;
  const { post } = view;
  const published = post.state === 'published';

  async function onPublish() {
    if (await action.run(() => postsApi.publish(post.id, post.version))) changed('已发布。网站将在下次更新后显示这条信息。');
  }
  async function onAttach(event: JSX.TargetedEvent<HTMLInputElement, Event>) {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    const done = await action.run(() => postsApi.attach(post.id, file));
    input.value = '';
    if (done) changed(`已上传附件“${file.name}”。`);
  }
  async function onRemove(attachmentId: number, name: string) {
    if (!window.confirm(`确定要删除附件“${name}”吗？`)) return;
    if (await action.run(() => postsApi.removeAttachment(post.id, attachmentId))) changed(`已删除附件“${name}”。`);
  }

  return (
    <>
      <ScreenHeading title={post.title}>{post.title}</ScreenHeading>
      <p>
        <a href="#/posts">返回整改信息列表</a>
      </p>
      <LiveMessage message={message} />
      <FormError error={action.error} labels={LABELS} />
      <dl class="admin-facts">
        <dt>状态</dt>
        <dd>{post.stateLabel}</dd>
        <dt>发布日期</dt>
        <dd>
          <CalendarDate date={post.postDate} />
        </dd>
        <dt>关联</dt>
        <dd>
          {view.links.items.length + view.links.outcomes.length === 0
            ? '无'
            : [...view.links.items.map((item) => `${item.code} ${item.title}`), ...view.links.outcomes.map((outcome) => `制度成果：${outcome.title}`)].join('；')}
        </dd>
      </dl>
      <div class="admin-actions">
        {!published && (
          <>
            <PanelButton small expanded={panel === 'edit'} onOpen={(opener) => open('edit', opener)}>
              修改
            </PanelButton>
            <button type="button" class="button button--small" aria-disabled={action.busy ? 'true' : undefined} onClick={onPublish}>
              发布
            </button>
          </>
        )}
        {published && (
          <>
            <PanelButton small expanded={panel === 'correct'} onOpen={(opener) => open('correct', opener)}>
              更正
            </PanelButton>
            <PanelButton small expanded={panel === 'withdraw'} onOpen={(opener) => open('withdraw', opener)}>
              撤回
            </PanelButton>
          </>
        )}
      </div>
      {(panel === 'edit' || panel === 'correct') && (
        <PostForm mode={{ kind: panel, view }} onCancel={close} onSaved={() => changed(panel === 'edit' ? '已保存草稿。' : '已发布更正，原内容已保留。')} />
      )}
      {panel === 'withdraw' && <WithdrawForm view={view} onCancel={close} onDone={() => changed('已撤回，网站将在下次更新后不再显示这条信息。')} />}

      <section class="admin-section" aria-labelledby="post-body-heading">
        <h2 id="post-body-heading">正文（Markdown）</h2>
        <PlainText text={post.body} class="admin-card" />
      </section>

      <section class="admin-section" aria-labelledby="post-attachments-heading">
        <h2 id="post-attachments-heading">附件</h2>
        {view.attachments.length === 0 && <p class="empty">没有附件。</p>}
        <ul>
          {view.attachments.map((file) => (
            <li key={file.id}>
              <a href={`${ADMIN_API}/posts/${post.id}/attachments/${file.id}`}>{file.fileName}</a>（{Math.max(1, Math.round(file.size / 1024))} KB）
              {!published && (
                <button type="button" class="admin-link-button" aria-label={`删除附件 ${file.fileName}`} onClick={() => onRemove(file.id, file.fileName)}>
                  删除
                </button>
              )}
            </li>
          ))}
        </ul>
        {published ? (
          <p>已发布的信息不能更改附件；如需更换，请先撤回。</p>
        ) : (
          <Field id="post-attachment" label="上传 PDF 附件" hint="只接受 PDF 文件，不超过 10 MB。">
            {(control) => <input {...control} type="file" accept="application/pdf,.pdf" class="input" onChange={onAttach} />}
          </Field>
        )}
      </section>

      <section class="admin-section" aria-labelledby="post-versions-heading">
        <h2 id="post-versions-heading">修改记录</h2>
        <ol class="admin-history">
          {[...view.versions].reverse().map((version) => (
            <li key={version.version}>
              <DateTime iso={version.at} /> {version.actorName ?? '系统'} {version.actionLabel}
              {version.note && `：${version.note}`}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

function WithdrawForm({ view, onCancel, onDone }: { view: PostView; onCancel: () => void; onDone: () => void }) {
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const submission = useSubmission();
  const error = problem ?? fieldErrors(submission.error).reason;
  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    if (!reason.trim()) {
      setProblem('请填写撤回理由');
      return focusFirstInvalid(event.currentTarget);
    }
    setProblem(undefined);
    if (await submission.run(() => postsApi.withdraw(view.post.id, view.post.version, reason.trim()))) onDone();
  }
  return (
    <section class="admin-panel" aria-labelledby="post-withdraw-heading">
      <FocusHeading id="post-withdraw-heading">撤回整改信息</FocusHeading>
      <form class="admin-form" noValidate onSubmit={onSubmit}>
        <FormError error={submission.error} labels={LABELS} idPrefix="post-withdraw" />
        <Field id="post-withdraw-reason" label={LABELS.reason} hint="仅内部可见，记入审计日志。" error={error} required>
          {(control) => <textarea {...control} class="textarea" rows={3} maxLength={500} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />}
        </Field>
        <FormActions label="撤回" busy={submission.busy} onCancel={onCancel} />
      </form>
    </section>
  );
}
