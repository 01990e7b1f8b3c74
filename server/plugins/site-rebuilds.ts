// Rebuilding the public site from the running server: "重建网站" in the admin app (the 办公室
// and the 系统管理员), a rebuild after a publication once things have been quiet for a while,
// and the nightly one. All three run the same scripts/rebuild.ts in a child process
// (server/rebuild-child.ts), one at a time (this process refuses a second; the script's lock
// file refuses one started elsewhere), each with a build record (site_builds) and an audit entry.
// A failed build leaves the served site as it was and mails the 系统管理员s through the outbox.
import fp from 'fastify-plugin';
import {
  type BuildTrigger,
  failUnfinishedSiteBuilds,
  finishSiteBuild,
  getSiteBuild,
  insertSiteBuild,
  lastFinishedSiteBuild,
  recentSiteBuilds,
  type SiteBuildRecord,
} from '../../db/queries/site-builds.ts';
import { recordSiteBuildStart } from '../actions/site-build-actions.ts';
import type { AppConfig } from '../config.ts';
import type { StaffUser } from '../domain/staff.ts';
import { type ActionResult, refused, succeeded } from '../domain/action-result.ts';
import { enqueueRebuildFailedMail } from '../mail/notifications.ts';
import { mailSettings } from '../mail/settings.ts';
import { rebuildOutput } from '../log-destination.ts';
import { RebuildChildError, type RebuildChildOptions, runRebuildChild } from '../rebuild-child.ts';

export interface SiteRebuildsStatus {
  running: SiteBuildRecord | null;
  /** When a rebuild after a publication will start, if one is waiting for quiet. */
  scheduledFor: string | null;
  lastFinished: SiteBuildRecord | null;
  recent: SiteBuildRecord[];
}

/** A rebuild started: its record, and a promise of the record once it has finished. */
export interface StartedBuild {
  build: SiteBuildRecord;
  done: Promise<SiteBuildRecord>;
}

export interface SiteRebuilds {
  /** Starts a rebuild now unless one is running (a conflict). `actor` is the person who asked (manual). */
  start(trigger: BuildTrigger, actor?: StaffUser | null, ipHash?: string | null): ActionResult<StartedBuild>;
  /** A publication happened: rebuild once nothing more has been published for the quiet period. */
  afterPublication(): void;
  status(): SiteRebuildsStatus;
}

declare module 'fastify' {
  interface FastifyInstance {
    siteRebuilds: SiteRebuilds;
  }
}

export interface SiteRebuildsOptions {
  config: AppConfig;
  /** Quiet period after a publication, in milliseconds; null: no rebuild after publications. */
  quietMs: number | null;
  /** Another Astro project (tests build a broken one to see a failure). */
  root?: string;
  /** The child's output (default: this process's stdout and stderr). */
  output?: RebuildChildOptions['output'];
  now?: () => Date;
}

const RECENT_BUILDS = 10;
const MAX_ERROR_CHARS = 4000;

export const siteRebuildsPlugin = fp<SiteRebuildsOptions>(
  async (app, options) => {
    const now = options.now ?? (() => new Date());
    const log = app.log.child({ component: 'rebuild' });
    const stopping = new AbortController();
    let current: { id: number; done: Promise<SiteBuildRecord> } | null = null;
    let timer: NodeJS.Timeout | undefined;
    let scheduledFor: string | null = null;
    let publishedWhileRunning = false;

    // A build a previous process left running never finished (the process stopped or crashed).
    failUnfinishedSiteBuilds(app.db, now().toISOString(), '服务在重建过程中停止，此次重建未完成；网站仍为此前的版本');

    function finish(id: number, outcome: Parameters<typeof finishSiteBuild>[2]): SiteBuildRecord {
      finishSiteBuild(app.db, id, outcome);
      return getSiteBuild(app.db, id)!;
    }

    function run(id: number): Promise<SiteBuildRecord> {
      const started = Date.now();
      const childOptions: RebuildChildOptions = { signal: stopping.signal };
      if (options.root) childOptions.root = options.root;
      // Without a test's own sink, the child's output goes where the server's log goes (LOG_FORMAT).
      const output = options.output ?? rebuildOutput(options.config);
      if (output) childOptions.output = output;
      return runRebuildChild(options.config, childOptions).then(
        (info) => {
          log.info({ build: info.id, pages: info.pages, durationMs: info.durationMs }, 'site rebuilt');
          return finish(id, { status: 'built', at: now().toISOString(), durationMs: info.durationMs, pages: info.pages, dataAsOf: info.dataAsOf, buildId: info.id });
        },
        (error: unknown) => {
          const reason = error instanceof RebuildChildError ? error.reason : 'failed';
          const detail = (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_CHARS);
          const at = now().toISOString();
          if (reason === 'busy') {
            log.warn({ detail }, 'rebuild refused: another one is running');
            return finish(id, { status: 'failed', at, durationMs: Date.now() - started, error: `另一次重建正在进行（可能由命令行或定时任务启动），本次未执行：${detail}` });
          }
          if (reason === 'stopped') {
            return finish(id, { status: 'failed', at, durationMs: Date.now() - started, error: '服务停止，重建中止；网站仍为此前的版本' });
          }
          log.error({ detail }, 'rebuild failed; the previous site is still served');
          const record = finish(id, { status: 'failed', at, durationMs: Date.now() - started, error: detail });
          try {
            if (enqueueRebuildFailedMail(app.db, new Error(detail), at, mailSettings(options.config)) > 0) app.mailWorker.wake();
          } catch (mailError) {
            log.error({ err: mailError }, 'could not queue the rebuild-failed mail');
          }
          return record;
        },
      );
    }

    function start(trigger: BuildTrigger, actor: StaffUser | null = null, ipHash: string | null = null): ActionResult<StartedBuild> {
      if (current) return refused('conflict', `网站正在重建（${getSiteBuild(app.db, current.id)!.startedAt} 开始），请等这次完成后再试`);
      const at = now().toISOString();
      const id = recordSiteBuildStart(app.db, trigger, actor ?? null, ipHash ?? null, at);
      const done = run(id).finally(() => {
        current = null;
        if (publishedWhileRunning && !stopping.signal.aborted) {
          publishedWhileRunning = false;
          afterPublication();
        }
      });
      current = { id, done };
      return succeeded({ build: getSiteBuild(app.db, id)!, done });
    }

    function afterPublication(): void {
      if (options.quietMs === null || stopping.signal.aborted) return;
      clearTimeout(timer);
      scheduledFor = new Date(now().getTime() + options.quietMs).toISOString();
      timer = setTimeout(() => {
        scheduledFor = null;
        // What was published during a running build is in it only if the snapshot came later: build again after.
        if (current) publishedWhileRunning = true;
        else start('publication');
      }, options.quietMs);
      timer.unref();
    }

    app.decorate('siteRebuilds', {
      start,
      afterPublication,
      status: () => ({
        running: current ? (getSiteBuild(app.db, current.id) ?? null) : null,
        scheduledFor,
        lastFinished: lastFinishedSiteBuild(app.db) ?? null,
        recent: recentSiteBuilds(app.db, RECENT_BUILDS),
      }),
    } satisfies SiteRebuilds);

    // Before the database closes: a running build is stopped (it cleans up) and its record kept.
    app.addHook('onClose', async () => {
      clearTimeout(timer);
      stopping.abort();
      await current?.done;
    });
  },
  { name: 'site-rebuilds', dependencies: ['database', 'mail'] },
);
