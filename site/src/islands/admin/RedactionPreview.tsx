// Publishing an opinion: the server suggests public texts with personal details masked; the
// 办公室 reads them, edits what the machine missed, and publishes exactly what the boxes hold.
import type { JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ApiError } from './api.ts';
import { getRedaction } from './api.ts';
import { fieldErrors, useLoad } from './hooks.ts';
import { textLength } from './ReplyEditor.tsx';
import type { Feedback, RedactionMatch } from './types.ts';
import { Field, focusFirstInvalid, FormError, LoadError, Loading } from './ui.tsx';

interface RedactionPreviewProps {
  feedback: Feedback;
  busy: boolean;
  error: ApiError | null;
  send: (body: Record<string, unknown>) => Promise<void>;
  onCancel: () => void;
  /** Offered when 不公开 is also possible. */
  onWithhold?: (() => void) | undefined;
}

const LABELS = { publicTitle: '公开的标题', publicContent: '公开的意见内容', publicReply: '公开的答复内容' };
/** As the API accepts it (PUBLIC_TITLE_MAX_LENGTH in server/domain/admin-input.ts). */
const TITLE_MAX_LENGTH = 50;

export function RedactionPreview({ feedback, busy, error, send, onCancel, onWithhold }: RedactionPreviewProps) {
  const suggestion = useLoad(() => getRedaction(feedback.id), `redaction-${feedback.id}-${feedback.version}`);
  const [publicTitle, setPublicTitle] = useState('');
  const [publicContent, setPublicContent] = useState('');
  const [publicReply, setPublicReply] = useState('');
  const [missing, setMissing] = useState<Record<string, string>>({});
  const errors = { ...fieldErrors(error), ...missing };

  useEffect(() => {
    if (!suggestion.data) return;
    setPublicTitle(suggestion.data.title.text);
    setPublicContent(suggestion.data.content.text);
    setPublicReply(suggestion.data.reply.text);
  }, [suggestion.data]);

  async function onSubmit(event: JSX.TargetedEvent<HTMLFormElement, Event>) {
    event.preventDefault();
    const found: Record<string, string> = {};
    if (textLength(publicTitle) === 0) found.publicTitle = '请填写公开的标题。';
    else if (textLength(publicTitle) > TITLE_MAX_LENGTH) found.publicTitle = `公开的标题不能超过 ${TITLE_MAX_LENGTH} 个字。`;
    if (textLength(publicContent) === 0) found.publicContent = '请填写公开的意见内容。';
    if (textLength(publicReply) === 0) found.publicReply = '请填写公开的答复内容。';
    setMissing(found);
    if (Object.keys(found).length > 0) return focusFirstInvalid(event.currentTarget);
    await send({ publicTitle: publicTitle.trim(), publicContent: publicContent.trim(), publicReply: publicReply.trim() });
  }

  if (suggestion.loading && !suggestion.data) return <Loading label="正在生成隐去个人信息后的公开文本…" />;
  if (suggestion.error) return <LoadError error={suggestion.error} onRetry={suggestion.reload} />;
  if (!suggestion.data) return null;

  return (
    <form class="admin-form admin-form--wide" noValidate onSubmit={onSubmit}>
      <p class="field__hint">
        系统已自动隐去能识别出的个人信息（见各文本框下方的清单）。公开前请逐字通读，删去或改写仍能识别到具体个人的内容，如学生姓名、班级、住址等。网站上只显示下面三个文本框中的内容，标题用作留言选登列表和页面的标题。
      </p>
      <FormError error={error} labels={LABELS} idPrefix="publish" />
      <Field id="publish-publicTitle" label={LABELS.publicTitle} error={errors.publicTitle} required>
        {(control) => (
          <input
            {...control}
            aria-describedby={[control['aria-describedby'], 'publish-title-matches'].join(' ')}
            class="input"
            type="text"
            maxLength={TITLE_MAX_LENGTH}
            value={publicTitle}
            onInput={(event) => setPublicTitle(event.currentTarget.value)}
          />
        )}
      </Field>
      <MaskedList id="publish-title-matches" matches={suggestion.data.title.matches} />
      <Field id="publish-publicContent" label={LABELS.publicContent} error={errors.publicContent} required>
        {(control) => (
          <textarea
            {...control}
            aria-describedby={[control['aria-describedby'], 'publish-content-matches'].join(' ')}
            class="textarea"
            rows={8}
            value={publicContent}
            onInput={(event) => setPublicContent(event.currentTarget.value)}
          />
        )}
      </Field>
      <MaskedList id="publish-content-matches" matches={suggestion.data.content.matches} />
      <Field id="publish-publicReply" label={LABELS.publicReply} error={errors.publicReply} required>
        {(control) => (
          <textarea
            {...control}
            aria-describedby={[control['aria-describedby'], 'publish-reply-matches'].join(' ')}
            class="textarea"
            rows={8}
            value={publicReply}
            onInput={(event) => setPublicReply(event.currentTarget.value)}
          />
        )}
      </Field>
      <MaskedList id="publish-reply-matches" matches={suggestion.data.reply.matches} />
      <div class="form-actions">
        <button type="submit" class="button" aria-disabled={busy ? 'true' : undefined}>
          {busy ? '正在公开…' : '公开'}
        </button>
        {onWithhold && (
          <button type="button" class="button button--secondary" onClick={onWithhold}>
            不公开
          </button>
        )}
        <button type="button" class="admin-link-button" onClick={onCancel}>
          取消
        </button>
      </div>
    </form>
  );
}

function MaskedList({ id, matches }: { id: string; matches: RedactionMatch[] }) {
  return (
    <div class="admin-masked" id={id}>
      {matches.length === 0 ? (
        <p class="field__hint">未发现需要隐去的内容，仍请通读确认。</p>
      ) : (
        <>
          <p class="field__hint">已隐去 {matches.length} 处：</p>
          <ul>
            {matches.map((match, index) => (
              <li key={`${index}-${match.original}`}>
                {match.label}：「<span class="admin-masked__original">{match.original}</span>」改为「{match.replacement}」
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
