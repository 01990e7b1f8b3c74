// The demo bureau's 整改信息: a dozen posts drawn from the rectification report's measures, written
// by the 办公室 or the 台账管理员 and published, one corrected and one withdrawn, each through the
// named actions (server/actions/post-actions.ts) at the moment of its date.
import type { Db } from '../../db/open.ts';
import { listLinkOptions } from '../../db/queries/posts.ts';
import { addPostAttachment, correctPost, createPost, publishPost, type PostResult, withdrawPost } from '../../server/actions/post-actions.ts';
import type { StaffRole, StaffUser } from '../../server/domain/staff.ts';
import { bureauInstant } from '../../server/domain/bureau-time.ts';

export interface DemoPost {
  date: string;
  author: Extract<StaffRole, 'office' | 'ledger'>;
  title: string;
  body: string;
  itemCodes: readonly string[];
  /** Outcomes by their exact title. */
  outcomeTitles?: readonly string[];
  /** A PDF attachment (a small generated file standing in for the document issued). */
  attachment?: string;
  /** A correction on `on`: the post was first published with `earlierBody`, then corrected to `body`. */
  correction?: { on: string; note: string; earlierBody: string };
  withdrawal?: { on: string; reason: string };
}

export const DEMO_POSTS: readonly DemoPost[] = [
  {
    date: '2026-03-20',
    author: 'office',
    title: '县教育局召开作风整改动员部署会',
    body: [
      '3月20日，县教育局召开教育系统作风整改动员部署会，通报前期**座谈交流、线上征集、走访调研**中收集到的意见建议，部署开展作风整改工作。',
      '',
      '会议明确：',
      '',
      '1. 建立整改台账，逐项明确责任单位、责任领导和整改时限；',
      '2. 开设“作风整改进行时”专栏，整改进展和群众意见办理情况及时向社会公开；',
      '3. 对整改不力、敷衍塞责的，严肃追责问责。',
    ].join('\n'),
    itemCodes: [],
  },
  {
    date: '2026-04-25',
    author: 'office',
    title: '《示例县教育局会议管理办法（试行）》印发，推行会议“三严三控”',
    body: [
      '为解决面向学校的会议多、规模大、时间长的问题，县教育局印发《示例县教育局会议管理办法（试行）》，自5月1日起实行**会议合并审批制**。',
      '',
      '## 什么是“三严三控”',
      '',
      '- 严控会议数量：主题相近的会议合并召开，一律不得临时“插会”；',
      '- 严控会议规模：不要求与会议无关的人员陪会；',
      '- 严控会议时长：全局性工作会议原则上不超过2小时，专题会议不超过1小时。',
      '',
      '办法全文见附件，也可在[整改台账](/ledger/ZG-2026-01/)中查看该事项的进展。',
    ].join('\n'),
    itemCodes: ['ZG-2026-01'],
    outcomeTitles: ['示例县教育局会议管理办法（试行）'],
    attachment: '示例县教育局会议管理办法（试行）.pdf',
  },
  {
    date: '2026-05-08',
    author: 'office',
    title: '关于示例县第二初级中学教师违规组织学生有偿补课问题的通报',
    body: [
      '经调查核实，示例县第二初级中学1名教师利用周末组织本班学生到校外场所进行有偿补课，违反了中小学教师违规有偿补课的有关规定。',
      '',
      '县教育局责成学校对该教师作出处理，**退还全部补课费用**，取消其当年评优评先资格，并对学校负责人进行约谈。',
      '',
      '> 全县教师要引以为戒，严守师德底线。发现违规补课、违规收费问题，欢迎通过本栏目“我要留言”反映。',
    ].join('\n'),
    itemCodes: ['ZG-2026-08'],
    outcomeTitles: ['关于示例县第二初级中学教师违规有偿补课问题的通报'],
    correction: {
      on: '2026-05-09',
      note: '原文“取消其三年内评优评先资格”有误，应为“取消其当年评优评先资格”，已更正。',
      earlierBody: [
        '经调查核实，示例县第二初级中学1名教师利用周末组织本班学生到校外场所进行有偿补课，违反了中小学教师违规有偿补课的有关规定。',
        '',
        '县教育局责成学校对该教师作出处理，**退还全部补课费用**，取消其三年内评优评先资格，并对学校负责人进行约谈。',
        '',
        '> 全县教师要引以为戒，严守师德底线。发现违规补课、违规收费问题，欢迎通过本栏目“我要留言”反映。',
      ].join('\n'),
    },
  },
  {
    date: '2026-05-20',
    author: 'ledger',
    title: '公务接待落实“三单两公开”，线上接待管理平台启用',
    body: [
      '县教育局印发《示例县教育局公务接待“三单两公开”实施细则》，公务接待一律凭**公函、接待清单、费用结算单**（“三单”）办理，接待标准和接待情况定期公开（“两公开”）。',
      '',
      '即日起，机关和学校的公务接待全部通过线上接待管理平台申报、审批和结算，不再接受事后补单。',
    ].join('\n'),
    itemCodes: ['ZG-2026-02'],
    outcomeTitles: ['示例县教育局公务接待“三单两公开”实施细则'],
  },
  {
    date: '2026-05-30',
    author: 'ledger',
    title: '进校园事项实行白名单管理，未列入的一律不得进入校园',
    body: [
      '县教育局会同县委宣传部、县文明办等部门，全面清理面向学校的检查、评比、竞赛和宣传活动，形成《示例县进校园事项白名单管理制度》。',
      '',
      '未列入白名单的事项一律不得进入校园；确需新增的，须报局党组审批。同一学期对同一学校的检查原则上合并为一次。',
    ].join('\n'),
    itemCodes: ['ZG-2026-03'],
    outcomeTitles: ['示例县进校园事项白名单管理制度'],
  },
  {
    date: '2026-06-15',
    author: 'ledger',
    title: '全县中小学课程开设情况自查抽查结果通报',
    body: [
      '县教育局组织对全县中小学课程开设情况开展自查和抽查，重点检查国家课程开齐开足、课后服务和作业管理情况。',
      '',
      '抽查发现3所学校存在挤占体育、艺术课时的问题，已责令限期整改，并纳入学期末督导复查。',
    ].join('\n'),
    itemCodes: ['ZG-2026-07'],
    outcomeTitles: ['关于全县中小学课程开设情况自查抽查结果的通报'],
  },
  {
    date: '2026-06-26',
    author: 'office',
    title: '教育系统开展警示教育月活动，编印《作风建设警示录》',
    body: [
      '6月，全县教育系统开展警示教育月活动。县教育局选取近年来教育系统违规收费、违规补课、违规使用经费等典型案例，编印《教育系统作风建设警示录》，发放到每所学校。',
      '',
      '各校组织教职工集中学习，开展**以案促改**专题讨论，对照案例查找本校在收费管理、食堂管理、师德师风等方面的风险点。',
    ].join('\n'),
    itemCodes: ['ZG-2026-06'],
  },
  {
    date: '2026-07-28',
    author: 'ledger',
    title: '出台中小学公用经费使用负面清单，追回违规使用资金',
    body: [
      '针对城关镇中心小学违规使用教育经费问题，县教育局已责令追回违规资金，并出台《示例县中小学公用经费使用负面清单》。',
      '',
      '负面清单列明不得列支的事项，包括：',
      '',
      '- 不得列支与教育教学无关的接待、礼品费用；',
      '- 不得以任何名义向学生收取或摊派费用；',
      '- 不得挪用食堂伙食费弥补公用经费。',
    ].join('\n'),
    itemCodes: ['ZG-2026-09'],
    outcomeTitles: ['示例县中小学公用经费使用负面清单'],
  },
  {
    date: '2026-08-26',
    author: 'office',
    title: '《示例县教育资源分配管理办法（2026年修订）》公布',
    body: [
      '修订后的办法明确教育资源分配的程序和标准，**分配方案和结果全部公开**，接受学校和社会监督。',
      '',
      '修订过程中，县教育局通过座谈会和线上征集听取了校长、教师和家长的意见，共收到意见建议37条，采纳21条。',
    ].join('\n'),
    itemCodes: ['ZG-2026-04'],
    outcomeTitles: ['示例县教育资源分配管理办法（2026年修订）'],
  },
  {
    date: '2026-09-01',
    author: 'ledger',
    title: '校园及周边安全隐患排查整治实行闭环销号',
    body: [
      '新学期开学前，县教育局联合公安、市场监管等部门开展校园及周边安全隐患排查，重点检查校舍、食堂食品安全和上下学交通安全。',
      '',
      '排查发现的隐患逐一建立台账，整改完成后由责任部门复核**销号**，做到发现、整改、复核闭环管理。',
    ].join('\n'),
    itemCodes: ['ZG-2026-13'],
    outcomeTitles: ['示例县学校安全隐患排查整治闭环管理制度'],
  },
  {
    date: '2026-10-20',
    author: 'office',
    title: '教育政务服务“最多跑一次”事项清单公布',
    body: [
      '入学、转学、教师资格认定等28项教育政务服务事项实现“一次办好”，其中19项可以全程网上办理。',
      '',
      '事项清单和办理指南已在县政务服务网公布，群众也可以拨打教育局服务电话咨询。',
    ].join('\n'),
    itemCodes: ['ZG-2026-10'],
    outcomeTitles: ['示例县教育政务服务“最多跑一次”事项清单'],
  },
  {
    date: '2026-11-10',
    author: 'office',
    title: '“群众点题、部门答题、群众评题”活动进展',
    body: [
      '今年以来，县教育局通过本栏目收到群众意见建议，经梳理后将反映集中的问题列入整改台账，由责任科室和学校“答题”，办理结果请群众“评题”。',
      '',
      '目前群众点题事项已全部进入办理程序，办理情况可在[整改台账](/ledger/)和[留言选登](/replies/)中查看。',
    ].join('\n'),
    itemCodes: ['ZG-2026-11'],
  },
  {
    date: '2026-11-12',
    author: 'office',
    title: '关于学校收费公示的提醒（已撤回）',
    body: '各学校应在校门口显著位置公示收费项目、标准和依据。',
    itemCodes: [],
    withdrawal: { on: '2026-11-13', reason: '内容与县发改委即将发布的通知重复，待通知发布后统一转载' },
  },
];

/** A small, valid one-page PDF standing in for a document the bureau issued. */
export function demoPdf(title: string): Buffer {
  const text = `Demo attachment: ${title.replace(/[^\x20-\x7e]/g, '').trim() || 'document issued'}`.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** 10:00 in Shanghai on a date, plus `minutes`. */
function moment(date: string, minutes: number): Date {
  return new Date(bureauInstant(date, '10:00').getTime() + minutes * 60_000);
}

/** Runs the demo posts whose dates have come; returns how many were published and are still up. */
export function seedDemoPosts(db: Db, staffByRole: (role: StaffRole) => StaffUser, now: Date): number {
  const options = listLinkOptions(db);
  const itemId = (code: string) => {
    const item = options.find((option) => option.code === code);
    if (!item) throw new Error(`demo post refers to unknown item ${code}`);
    return item.id;
  };
  const outcomeId = (title: string) => {
    const outcome = options.flatMap((option) => option.outcomes).find((candidate) => candidate.title === title);
    if (!outcome) throw new Error(`demo post refers to unknown outcome ${title}`);
    return outcome.id;
  };
  let published = 0;
  for (const post of DEMO_POSTS) {
    if (moment(post.date, 60) > now) continue;
    const actor = staffByRole(post.author);
    const check = <T>(result: PostResult<T>, what: string): T => {
      if (!result.ok) throw new Error(`demo post “${post.title}”: ${what} failed: ${result.message}`);
      return result.value;
    };
    const firstBody = post.correction?.earlierBody ?? post.body;
    const created = check(
      createPost(
        db,
        actor,
        { title: post.title, body: firstBody, postDate: post.date, itemIds: post.itemCodes.map(itemId), outcomeIds: (post.outcomeTitles ?? []).map(outcomeId) },
        { now: moment(post.date, 0) },
      ),
      'create',
    );
    let version = created.version;
    if (post.attachment) {
      version = check(addPostAttachment(db, actor, created.id, { fileName: post.attachment, content: demoPdf(post.attachment) }, { now: moment(post.date, 20) }), 'attachment').version;
    }
    version = check(publishPost(db, actor, created.id, { version }, { now: moment(post.date, 60) }), 'publish').version;
    published += 1;
    if (post.correction && moment(post.correction.on, 0) <= now) {
      version = check(correctPost(db, actor, created.id, { version, body: post.body, note: post.correction.note }, { now: moment(post.correction.on, 0) }), 'correct').version;
    }
    if (post.withdrawal && moment(post.withdrawal.on, 0) <= now) {
      check(withdrawPost(db, actor, created.id, { version, reason: post.withdrawal.reason }, { now: moment(post.withdrawal.on, 0) }), 'withdraw');
      published -= 1;
    }
  }
  return published;
}
