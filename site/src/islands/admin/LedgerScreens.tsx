// The ledger's screens in the admin app, behind one entry: <LedgerScreens route roles />.
// `route` is the part of the app's hash route below the ledger, e.g. '/', '/items/12',
// '/items/12/edit', '/new', '/import', '/categories', '/from-feedback/34'; links go to
// `${basePath}${path}` ('#/ledger' by default), so the app's router keeps working as it is.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { StaffRole } from '../../../../server/domain/staff.ts';
import { useLoad } from './hooks.ts';
import { ledgerApi } from './ledger-api.ts';
import { LedgerCategories } from './LedgerCategories.tsx';
import { LedgerImport } from './LedgerImport.tsx';
import { LedgerItemDetail } from './LedgerItemDetail.tsx';
import { LedgerItemEditor } from './LedgerItemEditor.tsx';
import { LedgerList } from './LedgerList.tsx';
import { mayOpen, navigate } from './routing.ts';
import { LoadError, Loading } from './ui.tsx';

export interface LedgerScreensProps {
  /** The path below the ledger screen: '/', '/items/12', '/new', '/import', … */
  route: string;
  /** The signed-in person's roles: only the 台账管理员 changes the ledger. Default: ['ledger']. */
  roles?: readonly StaffRole[];
  /** Where the ledger screen lives in the app's hash routes. */
  basePath?: string;
}

/** A message and the route it belongs to. */
type Notice = { route: string; text: string };

// The app remounts the ledger screens on every new path (AdminApp keys them by it), so the
// message a save leaves for the item page waits here, not in the state of the screen it leaves.
let noticeForNextScreen: Notice | null = null;

export function LedgerScreens({ route, roles = ['ledger'], basePath = '#/ledger' }: LedgerScreensProps) {
  const [notice, setNotice] = useState<Notice | null>(() => {
    const pending = noticeForNextScreen;
    noticeForNextScreen = null;
    return pending;
  });
  // A message shows only on the route it was made for.
  const message = notice?.route === route ? notice.text : null;
  const setMessage = (text: string) => setNotice({ route, text });
  const href = (path: string) => `${basePath}${path === '/' ? '' : path}`;
  const go = (path: string) => {
    window.location.hash = href(path).replace(/^#/, '');
  };
  const canEdit = roles.includes('ledger');
  const segments = route.split('/').filter(Boolean);

  const noticeElement = message && (
    <p class="admin-notice" role="status">
      {message}
    </p>
  );
  const saved = (id: number, text: string) => {
    noticeForNextScreen = { route: `/items/${id}`, text };
    setNotice(noticeForNextScreen);
    go(`/items/${id}`);
  };

  if (segments[0] === 'new' && canEdit) return <LedgerItemEditor mode={{ kind: 'create' }} onSaved={saved} onCancel={() => go('/')} />;
  if (segments[0] === 'import' && canEdit) return <LedgerImport href={href} />;
  if (segments[0] === 'categories') return <LedgerCategories href={href} canEdit={roles.includes('ledger') || roles.includes('sysadmin')} />;
  if (segments[0] === 'from-feedback' && /^\d+$/.test(segments[1] ?? '') && (canEdit || roles.includes('office'))) {
    const feedbackId = Number(segments[1]);
    // The 办公室 may not open ledger items: it goes back to the opinion, which now names its item.
    const onSaved = mayOpen('ledger', roles) ? saved : () => navigate(`/feedback/${feedbackId}`);
    return <LedgerItemEditor mode={{ kind: 'fromFeedback', feedbackId }} onSaved={onSaved} onCancel={() => window.history.back()} />;
  }
  if (segments[0] === 'items' && /^\d+$/.test(segments[1] ?? '')) {
    return <ItemScreen id={Number(segments[1])} edit={segments[2] === 'edit' && canEdit} canEdit={canEdit} href={href} notice={noticeElement} onSaved={saved} onMessage={setMessage} onCancel={() => go(`/items/${segments[1]}`)} />;
  }
  return (
    <>
      {noticeElement}
      <LedgerList href={href} canEdit={canEdit} />
    </>
  );
}

interface ItemScreenProps {
  id: number;
  edit: boolean;
  canEdit: boolean;
  href: (path: string) => string;
  notice: ComponentChildren;
  onSaved: (id: number, message: string) => void;
  onMessage: (message: string) => void;
  onCancel: () => void;
}

function ItemScreen({ id, edit, canEdit, href, notice, onSaved, onMessage, onCancel }: ItemScreenProps) {
  const [reloads, setReloads] = useState(0);
  const detail = useLoad(() => ledgerApi.getItem(id), `${id}-${reloads}-${edit}`);
  if (detail.loading && !detail.data) return <Loading label="正在加载……" />;
  if (detail.error) return <LoadError error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return null;
  if (edit) return <LedgerItemEditor mode={{ kind: 'edit', detail: detail.data }} onSaved={onSaved} onCancel={onCancel} />;
  return (
    <>
      {notice}
      <LedgerItemDetail
        detail={detail.data}
        canEdit={canEdit}
        href={href}
        onChanged={(text) => {
          onMessage(text);
          setReloads((n) => n + 1);
        }}
      />
    </>
  );
}
