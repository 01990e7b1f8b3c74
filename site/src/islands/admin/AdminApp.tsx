// The admin app: one island on /admin/ with screens chosen by the URL fragment. It asks the API who
// is signed in, shows the sign-in steps until the session is complete, then the header with the
// person's name and roles, the navigation their roles allow, and the current screen.
import type { StaffRole } from '../../../../server/domain/staff.ts';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { type ApiError, currentCsrfToken, getSession, logout, onUnauthorized } from './api.ts';
import { LedgerScreens } from './LedgerScreens.tsx';
import { MailQueue } from './MailQueue.tsx';
import { SiteBuilds } from './SiteBuilds.tsx';
import { PostDetail, Posts } from './Posts.tsx';
import { AuditLog } from './AuditLog.tsx';
import { CalendarScreen, CalendarYearEditor } from './Calendar.tsx';
import { Categories } from './Categories.tsx';
import { ChangePassword } from './ChangePassword.tsx';
import { Dashboard } from './Dashboard.tsx';
import { CaseSheet } from './CaseSheet.tsx';
import { FeedbackDetail } from './FeedbackDetail.tsx';
import { type AdminSession, asApiError, forgetReferenceData, SessionContext, useRoute } from './hooks.ts';
import { Inbox } from './Inbox.tsx';
import { joinList, SCREEN_LABELS, STAFF_ROLE_LABELS } from './labels.ts';
import { EvaluationDetail, Evaluations } from './Evaluations.tsx';
import { AdoptAsNewItem, TopicCampaignDetail, TopicCampaigns } from './TopicCampaigns.tsx';
import { allowedScreens, isScreenKey, mayOpen, positiveInt, type Route, type ScreenKey } from './routing.ts';
import { SignIn } from './SignIn.tsx';
import { Templates } from './Templates.tsx';
import type { Session, SessionUser } from './types.ts';
import { Units } from './Units.tsx';
import { Users } from './Users.tsx';
import { LoadError, Loading, ScreenHeading } from './ui.tsx';

export interface AdminAppProps {
  /** The bureau's name from the public snapshot, for the header. */
  bureauName: string;
  /** The column's title from the bureau profile, for the header. */
  columnTitle: string;
}

export default function AdminApp({ bureauName, columnTitle }: AdminAppProps) {
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [expired, setExpired] = useState(false);
  const route = useRoute();

  const refresh = useCallback(async () => {
    try {
      const next = await getSession();
      if (next.stage !== 'signed_in') forgetReferenceData();
      setSession(next);
      setFailure(null);
    } catch (error) {
      setFailure(asApiError(error));
    }
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      setExpired(true);
      void refresh();
    });
    void refresh();
    return () => onUnauthorized(null);
  }, [refresh]);

  const signedIn = session?.stage === 'signed_in' && session.user ? session.user : null;
  useEffect(() => {
    if (signedIn) setExpired(false);
  }, [signedIn]);

  const adminSession = useMemo<AdminSession | null>(
    () => (session && signedIn ? { session, user: signedIn, refresh, bureauName } : null),
    [session, signedIn, refresh, bureauName],
  );

  async function signOut() {
    try {
      await logout();
    } catch {
      // The session may already be gone; fetching it again shows the sign-in form either way.
    }
    setExpired(false);
    await refresh();
  }

  let content: ComponentChildren;
  if (failure && !session) {
    content = (
      <>
        <ScreenHeading title="无法打开">管理后台暂时无法打开</ScreenHeading>
        <LoadError error={failure} onRetry={() => void refresh()} />
      </>
    );
  } else if (!session) {
    content = <Loading label="正在打开管理后台…" />;
  } else if (!adminSession) {
    content = <SignIn session={session} onStageChange={refresh} expired={expired} />;
  } else {
    content = <Screen route={route} user={adminSession.user} refresh={refresh} />;
  }

  const current = adminSession ? activeScreen(route, adminSession.user) : null;

  return (
    <SessionContext.Provider value={adminSession}>
      <header class="site-header admin-header">
        <div class="container admin-container admin-header__bar">
          <a class="site-header__brand admin-header__brand" href="#/">
            <span class="site-header__bureau">{bureauName}</span>
            <span class="site-header__column">
              {columnTitle}<span class="admin-header__app">管理后台</span>
            </span>
          </a>
          {adminSession && <UserBox user={adminSession.user} onSignOut={signOut} />}
        </div>
        {adminSession && <Navigation user={adminSession.user} current={current} />}
      </header>
      <main id="main" tabIndex={-1}>
        <div class="container admin-container">{content}</div>
      </main>
    </SessionContext.Provider>
  );
}

/**
 * The roles, and the unit when it adds something: the 办公室's unit is called 办公室 too, and a
 * display name often already carries the unit ("李明（办公室）").
 */
function rolesAndUnit(roles: string, user: SessionUser): string {
  const unit = user.unitName;
  if (!unit || unit === roles || user.displayName.includes(unit)) return roles;
  return `${roles} · ${unit}`;
}

function UserBox({ user, onSignOut }: { user: SessionUser; onSignOut: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const roles = joinList(user.roles.map((role) => STAFF_ROLE_LABELS[role] ?? role));
  return (
    <div class="admin-user">
      <p class="admin-user__who">
        <span class="admin-user__name">{user.displayName}</span>
        <span class="admin-user__roles">{rolesAndUnit(roles, user)}</span>
      </p>
      <a class="admin-user__link" href="#/password">
        修改密码
      </a>
      <button
        type="button"
        class="button button--small admin-user__logout"
        aria-disabled={busy ? 'true' : undefined}
        onClick={async () => {
          if (busy) return;
          setBusy(true);
          await onSignOut();
          setBusy(false);
        }}
      >
        退出登录
      </button>
    </div>
  );
}

function Navigation({ user, current }: { user: SessionUser; current: ScreenKey | null }) {
  const screens = allowedScreens(user.roles);
  if (screens.length === 0) return null;
  return (
    <nav class="site-nav admin-nav" aria-label="管理功能">
      <div class="container admin-container">
        <ul>
          {screens.map((screen) => (
            <li key={screen}>
              <a href={`#/${screen}`} aria-current={screen === current ? 'page' : undefined}>
                {SCREEN_LABELS[screen]}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

/** The screen a route opens; '/' opens the first screen the person may use. */
function activeScreen(route: Route, user: SessionUser): ScreenKey | null {
  const [first] = route.segments;
  if (!first) return allowedScreens(user.roles)[0] ?? null;
  if (first === 'feedback') return 'inbox';
  return isScreenKey(first) ? first : null;
}

function Screen({ route, user, refresh }: { route: Route; user: SessionUser; refresh: () => Promise<void> }) {
  const [first, second] = route.segments;
  const screens = allowedScreens(user.roles);
  // Remounting on a new path moves focus to the new screen's heading; a new query does not.
  const key = route.path;

  if (first === 'password') return <ChangePassword key={key} onChanged={refresh} />;
  if (!first) {
    const home = screens[0];
    if (!home) return <NoScreens />;
    if (home === 'ledger') return <LedgerScreens key="/ledger" route="/" roles={user.roles} />;
    return <ScreenFor key={`/${home}`} screen={home} route={route} roles={user.roles} />;
  }
  if (first === 'feedback') {
    const id = positiveInt(second);
    if (!mayOpen('inbox', user.roles)) return <Forbidden key={key} />;
    if (id === null) return <NotFound key={key} />;
    if (route.segments[2] === 'print') return <CaseSheet key={key} id={id} />;
    if (route.segments.length > 2) return <NotFound key={key} />;
    return <FeedbackDetail key={key} id={id} />;
  }
  if (first === 'ledger') {
    // The 办公室 may open one ledger screen: turning an opinion into a new item.
    const fromFeedback = second === 'from-feedback' && user.roles.includes('office');
    if (!mayOpen('ledger', user.roles) && !fromFeedback) return <Forbidden key={key} />;
    return <LedgerScreens key={key} route={`/${route.segments.slice(1).join('/')}`} roles={user.roles} />;
  }
  if (!isScreenKey(first)) return <NotFound key={key} />;
  if (!mayOpen(first, user.roles)) return <Forbidden key={key} />;
  if (first === 'evaluations' && second !== undefined) {
    const id = positiveInt(second);
    if (id === null || route.segments.length > 2) return <NotFound key={key} />;
    return <EvaluationDetail key={key} id={id} canEdit={mayEditEvaluations(user.roles)} />;
  }
  if (first === 'topics' && second !== undefined) {
    const id = positiveInt(second);
    // #/topics/3/adopt/45: the 办公室 adopts nomination 45 as a new ledger item.
    const adopted = route.segments[2] === 'adopt' && route.segments.length === 4 ? positiveInt(route.segments[3]) : null;
    if (id !== null && adopted !== null) return user.roles.includes('office') ? <AdoptAsNewItem key={key} campaignId={id} feedbackId={adopted} /> : <Forbidden key={key} />;
    if (id === null || route.segments.length > 2) return <NotFound key={key} />;
    return <TopicCampaignDetail key={key} id={id} canEdit={user.roles.includes('office')} />;
  }
  if (first === 'posts' && second !== undefined) {
    const id = positiveInt(second);
    if (id === null) return <NotFound key={key} />;
    return <PostDetail key={key} id={id} />;
  }
  if (first === 'calendar' && second !== undefined) {
    const year = positiveInt(second);
    if (year === null) return <NotFound key={key} />;
    return <CalendarYearEditor key={key} year={year} />;
  }
  if (second !== undefined) return <NotFound key={key} />;
  return <ScreenFor key={key} screen={first} route={route} roles={user.roles} />;
}

function ScreenFor({ screen, route, roles }: { screen: ScreenKey; route: Route; roles: readonly StaffRole[] }) {
  const canEditEvaluations = mayEditEvaluations(roles);
  switch (screen) {
    case 'dashboard':
      return <Dashboard />;
    case 'inbox':
      return <Inbox query={route.query} />;
    case 'templates':
      return <Templates />;
    case 'users':
      return <Users />;
    case 'units':
      return <Units />;
    case 'categories':
      return <Categories />;
    case 'calendar':
      return <CalendarScreen />;
    case 'audit':
      return <AuditLog query={route.query} />;
    case 'evaluations':
      return <Evaluations canEdit={canEditEvaluations} />;
    case 'topics':
      return <TopicCampaigns canEdit={roles.includes('office')} />;
    case 'ledger':
      // Opened by Screen, which knows the person's roles.
      return null;
    case 'posts':
      return <Posts />;
    case 'mail':
      return (
        <>
          <ScreenHeading title="邮件队列">邮件队列</ScreenHeading>
          <MailQueue csrfToken={currentCsrfToken()} />
        </>
      );
    case 'site':
      return (
        <>
          <ScreenHeading title="网站发布">网站发布</ScreenHeading>
          <SiteBuilds />
        </>
      );
  }
}

function NotFound() {
  return (
    <>
      <ScreenHeading title="页面不存在">页面不存在</ScreenHeading>
      <p>
        地址有误或该页面已不存在。<a href="#/">返回首页</a>
      </p>
    </>
  );
}

function Forbidden() {
  return (
    <>
      <ScreenHeading title="没有权限">没有权限</ScreenHeading>
      <p>
        您的账号没有使用这项功能的权限。如需开通，请联系系统管理员。<a href="#/">返回首页</a>
      </p>
    </>
  );
}

function NoScreens() {
  return (
    <>
      <ScreenHeading title="暂无可用功能">暂无可用功能</ScreenHeading>
      <p>您的账号目前没有可以使用的管理功能。如需开通，请联系系统管理员。</p>
    </>
  );
}

/** The 办公室 and the 台账管理员 record evaluations; the 系统管理员 only reads them. */
function mayEditEvaluations(roles: readonly StaffRole[]): boolean {
  return roles.includes('office') || roles.includes('ledger');
}
