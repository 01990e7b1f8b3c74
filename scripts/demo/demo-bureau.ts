// The fictional bureau "示例县教育局" that a fresh install shows: its units, its rectification ledger
// (modelled on a county education bureau's 作风整改 report; every name and figure is invented) and the
// text pools from which seed-demo.ts builds synthetic public opinions.
// People are written "张某某" and phone numbers are generated, so nothing here identifies anyone.
import type { FeedbackCategory, ItemSource, ItemStatus, OutcomeKind, SubmitterRole, UnitKind } from '../../server/domain/vocabulary.ts';

export const DEMO_BUREAU_NAME = '示例县教育局';

/** When the demo units and ledger were entered (the 作风整改 campaign started in March 2026). */
export const DEMO_LEDGER_CREATED_AT = '2026-03-16T01:00:00.000Z';

/** School levels decide which opinions fit a school (no homework complaints for a kindergarten). */
export type SchoolLevel = 'high' | 'middle' | 'primary' | 'nine_year' | 'vocational' | 'kindergarten' | 'special';

export interface DemoUnit {
  code: string;
  name: string;
  kind: UnitKind;
  /** Schools only. */
  level?: SchoolLevel;
  /** Schools only: grade or class names used in synthetic opinions. */
  grades?: readonly string[];
  /** Schools only: how often opinions name this school, relative to the others (bigger schools, more). */
  feedbackWeight?: number;
}

export interface DemoItemUpdate {
  /** YYYY-MM-DD */
  date: string;
  content: string;
  progress: number | null;
}

export interface DemoOutcome {
  title: string;
  kind: OutcomeKind;
  /** YYYY-MM-DD: the day it was issued, which is also when the 台账管理员 records it. */
  issuedOn: string;
  url?: string;
}

/** Fields an edit may change; `unitCode` stands for the responsible unit. */
export interface DemoEditableFields {
  title: string;
  measures: string;
  deadline: string | null;
  leaderName: string;
  leaderPost: string;
  unitCode: string;
}

export interface DemoItem {
  code: string;
  title: string;
  problem: string;
  /** A code of item_categories (migration 004). */
  category: string;
  source: ItemSource;
  unitCode: string;
  leaderPost: string;
  leaderName: string;
  measures: string;
  /** YYYY-MM-DD, or null for 长期坚持 items that have no end date. */
  deadline: string | null;
  /** Where the item stands now; the seed checks that its updates arrive there. */
  status: ItemStatus;
  progress: number;
  /** 完成情况, written once the last update is in. */
  progressSummary: string;
  /** Updates from this date on leave the item 长期坚持 rather than 整改中. */
  ongoingFrom?: string;
  outcomes: readonly DemoOutcome[];
  /** An outcome recorded by mistake and removed again on `removedOn`, for the reason given. */
  mistakenOutcome?: DemoOutcome & { removedOn: string; reason: string };
  /** Edits of the item itself: on `on`, the fields in `from` changed from these values to the item's. */
  edits?: readonly { on: string; from: Partial<DemoEditableFields> }[];
  /** YYYY-MM-DD: when the item entered the ledger. */
  createdOn: string;
  updates: readonly DemoItemUpdate[];
}

const PRIMARY_GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级'] as const;

export const DEMO_UNITS: readonly DemoUnit[] = [
  { code: 'D01', name: '办公室', kind: 'department' },
  { code: 'D02', name: '人事科', kind: 'department' },
  { code: 'D03', name: '基础教育科', kind: 'department' },
  { code: 'D04', name: '计划财务科', kind: 'department' },
  { code: 'D05', name: '督导室', kind: 'department' },
  { code: 'D06', name: '安全稳定科', kind: 'department' },
  { code: 'D07', name: '政策法规科', kind: 'department' },
  { code: 'D08', name: '机关党委', kind: 'department' },
  { code: 'S01', name: '示例县第一中学', kind: 'school', level: 'high', grades: ['高一', '高二', '高三'], feedbackWeight: 3 },
  { code: 'S02', name: '示例县第二初级中学', kind: 'school', level: 'middle', grades: ['七年级', '八年级', '九年级'], feedbackWeight: 3 },
  { code: 'S03', name: '示例县实验小学', kind: 'school', level: 'primary', grades: PRIMARY_GRADES, feedbackWeight: 4 },
  { code: 'S04', name: '城关镇中心小学', kind: 'school', level: 'primary', grades: PRIMARY_GRADES, feedbackWeight: 3 },
  {
    code: 'S05',
    name: '示例县职业中等专业学校',
    kind: 'school',
    level: 'vocational',
    grades: ['计算机应用专业一年级', '汽车运用与维修专业二年级', '幼儿保育专业三年级'],
    feedbackWeight: 1.5,
  },
  { code: 'S06', name: '示例县幼儿园', kind: 'school', level: 'kindergarten', grades: ['小班', '中班', '大班'], feedbackWeight: 1.5 },
  { code: 'S07', name: '示例县第三小学', kind: 'school', level: 'primary', grades: PRIMARY_GRADES, feedbackWeight: 3 },
  {
    code: 'S08',
    name: '河西镇中心学校',
    kind: 'school',
    level: 'nine_year',
    grades: ['三年级', '五年级', '六年级', '七年级', '八年级', '九年级'],
    feedbackWeight: 2,
  },
  { code: 'S09', name: '青山乡中心小学', kind: 'school', level: 'primary', grades: PRIMARY_GRADES, feedbackWeight: 1.5 },
  { code: 'S10', name: '示例县特殊教育学校', kind: 'school', level: 'special', grades: ['培智三年级', '培智六年级', '康复班'], feedbackWeight: 0.5 },
];

/** ZG-2026-03 before the 党组会 of 2026-05-30 added the fourth measure. */
const MEASURES_03_BEFORE = [
  '1. 全面清理面向学校的督查检查考核事项，能取消的取消、能合并的合并、能用信息化手段解决的不再现场检查。',
  '2. 实行进校园事项白名单制度，未列入白名单的检查、评比、竞赛、宣传等活动一律不得进入校园，确需新增的报局党组审批。',
  '3. 推行综合督导，同一学期对同一学校的检查原则上合并为一次；不得要求学校重复报送材料，不以留痕多少评价工作成效。',
].join('\n');

export const DEMO_ITEMS: readonly DemoItem[] = [
  {
    code: 'ZG-2026-01',
    title: '严格会议管理，推行会议合并审批制和“三严三控”',
    problem:
      '机关科室各自组织会议，面向学校的会议多、规模大、时间长，层层开会、陪会现象仍然存在，部分会议主题交叉重复。基层校长在座谈中反映“一周有两三天在开会”，影响学校日常管理和教学工作。',
    category: 'meetings',
    source: 'symposium',
    unitCode: 'D01',
    leaderPost: '党组成员、副局长',
    leaderName: '张某某',
    measures: [
      '1. 实行会议合并审批制：各科室拟召开的面向学校的会议，须提前一周报办公室汇总，经分管局领导审核、主要领导审批，主题相近的合并召开，一律不得临时“插会”。',
      '2. 推行“三严三控”：严控会议数量、严控会议规模、严控会议时长；全局性工作会议原则上不超过2小时，专题会议不超过1小时，能以视频形式召开的不再集中开会，不要求与会议无关的人员陪会。',
      '3. 建立会议月度统计通报制度，各科室发会数量和时长纳入科室作风建设考评。',
    ].join('\n'),
    deadline: '2026-06-30',
    status: 'completed',
    progress: 100,
    progressSummary:
      '印发《示例县教育局会议管理办法（试行）》（示教办〔2026〕12号）；2026年5—10月面向学校召开的会议同比减少42%，平均时长由2.1小时缩短至1.2小时，视频会议占比提高到55%。',
    outcomes: [
      { title: '示例县教育局会议管理办法（试行）', kind: 'method', issuedOn: '2026-04-25', url: 'https://www.example.edu.cn/zfzg/2026/hyglbf.html' },
      { title: '关于2026年二季度面向学校会议情况的通报', kind: 'notice', issuedOn: '2026-06-28' },
    ],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-08', content: '召开局务会专题研究会议管理改革，明确会议合并审批流程和“三严三控”具体标准。', progress: 30 },
      { date: '2026-04-25', content: '印发《示例县教育局会议管理办法（试行）》，自5月1日起实行会议合并审批制。', progress: 60 },
      { date: '2026-06-28', content: '完成二季度会议统计通报：面向学校召开会议26个，同比减少38%，2个科室因超时开会被通报提醒。', progress: 100 },
      { date: '2026-10-09', content: '完成三季度会议统计通报，会议数量和时长持续下降，制度转入常态化执行。', progress: 100 },
    ],
  },
  {
    code: 'ZG-2026-02',
    title: '规范公务接待，落实“三单两公开”并启用线上接待管理平台',
    problem:
      '公务接待管理不够规范，个别接待存在无派出单位公函、陪餐人数超过规定、费用结算凭据不全等问题，接待情况未按要求公开，群众对“吃喝接待”仍有疑虑。',
    category: 'reception',
    source: 'online',
    unitCode: 'D01',
    leaderPost: '党组成员、副局长',
    leaderName: '张某某',
    measures: [
      '1. 全面推行公务接待“三单两公开”：每批次接待必须具备派出单位公函、接待清单、费用结算单“三单”，“三单”不全的一律不予报销；接待情况按季度在局机关和直属学校内部公示，年度接待费用总额及明细向社会公开。',
      '2. 建设线上接待管理平台，接待申请、审批、清单填报、费用结算全流程线上办理、全程留痕，超标准、超人数自动预警。',
      '3. 计划财务科每季度对机关和直属学校接待费用开展抽查，抽查结果在系统内通报。',
    ].join('\n'),
    deadline: '2026-07-31',
    status: 'completed',
    progress: 100,
    progressSummary:
      '制定《示例县教育局公务接待“三单两公开”实施细则》；线上接待管理平台于2026年8月1日正式运行，截至10月底线上办理接待43批次，“三单”齐全率100%；上半年接待费同比下降31.6%，明细已在门户网站公开。',
    outcomes: [{ title: '示例县教育局公务接待“三单两公开”实施细则', kind: 'rule', issuedOn: '2026-05-20' }],
    mistakenOutcome: {
      title: '示例县教育局公务接待管理办法（征求意见稿）',
      kind: 'method',
      issuedOn: '2026-05-18',
      removedOn: '2026-05-20',
      reason: '征求意见稿不是正式印发的制度，误录入，撤下；正式印发的实施细则另行添加。',
    },
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-15', content: '清理2025年以来公务接待台账，发现“三单”不全的接待7批次，已责令补齐手续，并对相关经办人进行提醒谈话。', progress: 20 },
      { date: '2026-05-20', content: '印发《示例县教育局公务接待“三单两公开”实施细则》，明确接待范围、标准和公开方式。', progress: 50 },
      { date: '2026-07-20', content: '线上接待管理平台完成测试，组织机关科室和直属学校办公室、财务人员开展操作培训。', progress: 85 },
      { date: '2026-08-01', content: '线上接待管理平台正式上线运行，线下接待审批同步停用。', progress: 100 },
      { date: '2026-10-15', content: '在门户网站公开三季度公务接待情况，抽查直属学校接待费用4所，未发现违规问题。', progress: 100 },
    ],
  },
  {
    code: 'ZG-2026-03',
    title: '精简督查检查考核，实行进校园事项白名单管理',
    problem:
      '面向学校的督查检查、考核评比、调研填表事项多、频次高，有的科室重复要材料、要台账、要留痕，一些与教育教学无关的活动随意进校园，教师反映“迎检比教学还忙”，基层负担较重。',
    category: 'inspections',
    source: 'visit',
    unitCode: 'D05',
    leaderPost: '副局长',
    leaderName: '李某某',
    measures: [
      '1. 全面清理面向学校的督查检查考核事项，能取消的取消、能合并的合并、能用信息化手段解决的不再现场检查。',
      '2. 实行进校园事项白名单制度，未列入白名单的检查、评比、竞赛、宣传等活动一律不得进入校园，确需新增的报局党组审批。',
      '3. 推行综合督导，同一学期对同一学校的检查原则上合并为一次；不得要求学校重复报送材料，不以留痕多少评价工作成效。',
      '4. 开设减负监督信箱，受理学校和教师对违规进校园事项的反映。',
    ].join('\n'),
    deadline: null,
    status: 'ongoing',
    progress: 90,
    progressSummary:
      '印发《示例县进校园事项白名单管理制度》，白名单保留事项21项；清理督查检查考核事项58项，取消31项、合并14项；学校迎检材料报送量下降约六成。',
    ongoingFrom: '2026-09-01',
    outcomes: [{ title: '示例县进校园事项白名单管理制度', kind: 'rule', issuedOn: '2026-05-30', url: 'https://www.example.edu.cn/zfzg/2026/bmd.html' }],
    edits: [{ on: '2026-05-30', from: { measures: MEASURES_03_BEFORE } }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-12', content: '对各科室及县直部门面向学校的检查、评比、填表事项全面摸底，梳理出进校园事项94项。', progress: 20 },
      { date: '2026-05-30', content: '经局党组会审议，印发《示例县进校园事项白名单管理制度》，保留白名单事项21项。', progress: 60 },
      { date: '2026-09-01', content: '秋季开学起全面执行白名单制度，各类检查统一纳入学期综合督导。', progress: 85 },
      { date: '2026-11-10', content: '开展减负落实情况回访，走访学校12所，发现2起未经审批的进校园活动，已叫停并通报相关单位。', progress: 90 },
    ],
  },
  {
    code: 'ZG-2026-04',
    title: '修订《教育资源分配管理办法》，推进资源配置公开公平',
    problem:
      '教育装备、专项经费、教师编制等资源分配标准不够公开，分配过程集体研究不充分，存在“会要的多得”现象，农村学校和薄弱学校获得感不强。',
    category: 'funds',
    source: 'symposium',
    unitCode: 'D04',
    leaderPost: '副局长',
    leaderName: '陈某某',
    measures: [
      '1. 修订《示例县教育资源分配管理办法》，明确按在校生数、班额、薄弱程度等因素测算的分配公式。',
      '2. 资源分配方案一律经局党组会集体研究，分配结果在门户网站公示不少于5个工作日。',
      '3. 新增装备和专项经费优先保障农村学校、薄弱学校。',
    ].join('\n'),
    deadline: '2026-08-31',
    status: 'completed',
    progress: 100,
    progressSummary:
      '修订印发《示例县教育资源分配管理办法》（2026年修订）；2026年秋季教育装备经费的62%投向农村学校，分配结果公示期内未收到异议。',
    outcomes: [{ title: '示例县教育资源分配管理办法（2026年修订）', kind: 'method', issuedOn: '2026-08-26' }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-05-06', content: '完成原办法执行情况评估，赴8所农村学校调研资源需求。', progress: 30 },
      { date: '2026-07-10', content: '修订稿向全县学校校长和教师代表征求意见，收到意见建议37条，采纳21条。', progress: 70 },
      { date: '2026-08-26', content: '局党组会审议通过并印发《示例县教育资源分配管理办法》（2026年修订）。', progress: 100 },
    ],
  },
  {
    code: 'ZG-2026-05',
    title: '出台《提升教育服务质量若干措施》，改进机关服务作风',
    problem:
      '机关部分工作人员服务意识不强，“门难进、脸难看、事难办”现象仍有残留，首问负责、一次性告知等制度落实不到位，群众来电来信办理反馈不及时。',
    category: 'service',
    source: 'democratic_review',
    unitCode: 'D07',
    leaderPost: '副局长',
    leaderName: '陈某某',
    measures: [
      '1. 出台《提升教育服务质量若干措施》，落实首问负责、一次性告知、限时办结、服务“好差评”等12条措施。',
      '2. 群众来电来信一般事项5个工作日内答复，复杂事项15个工作日内答复，并告知办理进度。',
      '3. 将服务评价结果纳入机关干部年度考核。',
    ].join('\n'),
    deadline: '2026-06-30',
    status: 'completed',
    progress: 100,
    progressSummary:
      '印发《示例县教育局提升教育服务质量若干措施》（共12条）；开通服务“好差评”，三季度好评率98.7%；群众来信平均答复时间由7.5个工作日缩短至3.2个工作日。',
    outcomes: [{ title: '示例县教育局提升教育服务质量若干措施', kind: 'measure', issuedOn: '2026-05-29' }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-18', content: '通过问卷和座谈收集群众、学校对机关服务的意见建议63条。', progress: 30 },
      { date: '2026-05-29', content: '印发《示例县教育局提升教育服务质量若干措施》。', progress: 80 },
      { date: '2026-06-26', content: '政务服务窗口开通“好差评”，来信来电办理实行限时办结和进度告知。', progress: 100 },
    ],
  },
  {
    code: 'ZG-2026-06',
    title: '编印《教育系统作风建设警示录》，深化以案促改警示教育',
    problem:
      '警示教育形式较为单一，多以传达文件为主，用身边事教育身边人不够，部分干部教师对违规补课、违规收费、违规使用经费等问题的危害认识不足。',
    category: 'ethics',
    source: 'self_check',
    unitCode: 'D08',
    leaderPost: '党组成员、机关党委书记',
    leaderName: '刘某某',
    measures: [
      '1. 收集整理近年来全县及省市教育系统查处的作风问题典型案例，编印《教育系统作风建设警示录》。',
      '2. 组织各学校开展“以案促改”专题学习，校级领导逐一谈心得、查问题、定措施。',
      '3. 将警示录纳入新任校级干部和新入职教师培训必修内容。',
    ].join('\n'),
    deadline: '2026-12-31',
    status: 'in_progress',
    progress: 75,
    progressSummary: '已完成案例汇编，收录典型案例26个（违规补课9个、违规收费5个、违规使用经费4个、工作作风类8个），定稿已送印。',
    outcomes: [],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-05-10', content: '成立警示录编写组，向纪检监察组和各学校征集典型案例。', progress: 20 },
      { date: '2026-08-20', content: '完成案例收集和初稿编写，收录典型案例26个。', progress: 50 },
      { date: '2026-10-30', content: '征求派驻纪检监察组和部分学校意见，对案例点评进行修改完善。', progress: 70 },
      { date: '2026-11-20', content: '《教育系统作风建设警示录》定稿送印，计划12月组织全系统专题学习。', progress: 75 },
    ],
  },
  {
    code: 'ZG-2026-07',
    title: '整改部分学校教学计划执行不严格问题，开齐开足国家课程',
    problem:
      '督导检查发现，部分学校教学计划执行不严格，课表与实际授课“两张皮”，音乐、美术、体育、科学、劳动等课程被其他学科挤占，个别毕业年级提前结束新课，未能开齐开足国家规定课程。',
    category: 'teaching',
    source: 'inspection',
    unitCode: 'D03',
    leaderPost: '副局长',
    leaderName: '李某某',
    measures: [
      '1. 各学校对照国家课程方案和省课程设置要求自查课程开设情况，课表上墙并在校园网公示。',
      '2. 基础教育科会同督导室开展“推门听课”和课表执行情况随机抽查，每学期不少于两轮。',
      '3. 对挤占课程的学校约谈校长，并纳入年度办学水平考核。',
      '4. 通过公开招聘和县域内统筹调配，补充音体美、科学专任教师。',
    ].join('\n'),
    deadline: '2026-10-31',
    status: 'in_progress',
    progress: 70,
    progressSummary:
      '已完成全县42所中小学课程开设情况自查，课表公示率100%，对3所学校校长进行约谈；音体美、科学专任教师补充招聘尚未完成。',
    outcomes: [{ title: '关于全县中小学课程开设情况自查抽查结果的通报', kind: 'notice', issuedOn: '2026-06-15' }],
    edits: [{ on: '2026-06-15', from: { deadline: '2026-09-30' } }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-20', content: '印发通知，部署全县中小学课程开设情况自查。', progress: 20 },
      { date: '2026-06-15', content: '自查和抽查完成，发现课程开设不足、课表执行不到位的学校7所，已逐校下达整改通知。', progress: 40 },
      { date: '2026-09-25', content: '秋季学期开展随机推门听课，对仍存在挤占课程问题的3所学校校长进行约谈。', progress: 60 },
      {
        date: '2026-11-12',
        content: '音体美、科学专任教师补充招聘计划已报县人社部门，因审批延后未能按期完成，拟申请将整改期限延长至2027年春季开学前。',
        progress: 70,
      },
    ],
  },
  {
    code: 'ZG-2026-08',
    title: '查处示例县第二初级中学教师违规组织学生有偿补课问题',
    problem:
      '群众通过网上渠道反映，示例县第二初级中学一名教师利用周末在校外租用场所组织本班学生有偿补课，每生每月收费600元，涉及学生23人。',
    category: 'ethics',
    source: 'online',
    unitCode: 'D02',
    leaderPost: '副局长',
    leaderName: '李某某',
    measures: [
      '1. 成立调查组，赴学校和补课场所调查核实。',
      '2. 依规依纪处理当事教师，责令退还全部补课费用，并追究学校管理责任。',
      '3. 在全县教育系统通报，开展在职教师有偿补课专项治理，全体在职教师签订不从事有偿补课承诺书，公布举报电话和邮箱。',
    ].join('\n'),
    deadline: '2026-05-31',
    status: 'completed',
    progress: 100,
    progressSummary:
      '经查属实，当事教师李某某受到政务记过处分，取消当年评优评先和职称评审资格，已退还补课费用共计41400元；学校校长被诫勉谈话；全县3100余名在职教师签订不从事有偿补课承诺书。',
    outcomes: [{ title: '关于示例县第二初级中学教师违规有偿补课问题的通报', kind: 'notice', issuedOn: '2026-05-08' }],
    createdOn: '2026-04-02',
    updates: [
      { date: '2026-04-02', content: '接到网上反映后当日成立调查组。', progress: 10 },
      { date: '2026-04-16', content: '调查核实反映问题属实，当事教师已停止补课，补课费用41400元全部退还学生家长。', progress: 60 },
      { date: '2026-05-08', content: '对当事教师作出政务记过处分，对学校校长进行诫勉谈话，并在全县教育系统通报。', progress: 90 },
      { date: '2026-05-28', content: '完成在职教师有偿补课专项治理，全县在职教师签订承诺书。', progress: 100 },
    ],
  },
  {
    code: 'ZG-2026-09',
    title: '查处城关镇中心小学违规使用教育经费问题并追回资金',
    problem:
      '财务专项检查发现，城关镇中心小学2025年度以“教研活动”名义列支餐费，以虚列培训项目的方式发放教职工补贴，违规使用生均公用经费共计8.64万元。',
    category: 'funds',
    source: 'self_check',
    unitCode: 'D04',
    leaderPost: '副局长',
    leaderName: '陈某某',
    measures: [
      '1. 追回全部违规资金，依规依纪处理相关责任人。',
      '2. 开展全县学校经费使用专项检查，做到学校全覆盖。',
      '3. 推行学校财务集中核算，公用经费支出按学期在校内公示，印发公用经费使用负面清单。',
    ].join('\n'),
    deadline: '2026-07-31',
    status: 'completed',
    progress: 100,
    progressSummary:
      '追回违规资金8.64万元并上缴财政专户；给予校长党内警告处分，报账员调整岗位；专项检查覆盖全县42所学校，发现并整改问题17个；印发《示例县中小学公用经费使用负面清单》。',
    outcomes: [{ title: '示例县中小学公用经费使用负面清单', kind: 'rule', issuedOn: '2026-07-28' }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-03-30', content: '专项检查中发现问题线索，移交派驻纪检监察组并同步开展核查。', progress: 20 },
      { date: '2026-05-15', content: '违规资金8.64万元全部追回，上缴财政专户。', progress: 50 },
      { date: '2026-06-20', content: '对校长给予党内警告处分，对报账员调整岗位；全县学校经费使用专项检查完成。', progress: 85 },
      { date: '2026-07-28', content: '印发《示例县中小学公用经费使用负面清单》，推行学校公用经费支出校内公示。', progress: 100 },
    ],
  },
  {
    code: 'ZG-2026-10',
    title: '深化“最多跑一次”改革，入学、转学、教师资格认定等事项“一次办好”',
    problem:
      '新生入学、转学、教师资格认定、学籍变更等事项办理材料多、环节多，群众反映需要在学校和教育局之间“来回跑”，部分事项办理时限较长。',
    category: 'service',
    source: 'online',
    unitCode: 'D07',
    leaderPost: '副局长',
    leaderName: '陈某某',
    measures: [
      '1. 梳理公布教育政务服务“最多跑一次”事项清单，能通过部门数据共享核验的证明材料一律不再要求群众提供。',
      '2. 义务教育入学实行“网上报名、一次审核”；转学手续由转入学校“一窗代办”；教师资格认定实行容缺受理。',
      '3. 事项办理时限在法定时限基础上压缩一半以上。',
    ].join('\n'),
    deadline: '2026-12-31',
    status: 'in_progress',
    progress: 85,
    progressSummary:
      '公布“最多跑一次”事项清单23项，其中“一次不用跑”事项11项；取消户口簿复印件等证明材料9项；2026年秋季义务教育入学网上报名率达96%。',
    outcomes: [{ title: '示例县教育政务服务“最多跑一次”事项清单', kind: 'measure', issuedOn: '2026-10-20' }],
    edits: [{ on: '2026-06-10', from: { title: '深化“最多跑一次”改革，减少群众办事跑腿' } }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-28', content: '梳理教育政务服务事项32项，形成“最多跑一次”事项清单初稿。', progress: 25 },
      { date: '2026-06-10', content: '与公安、自然资源和不动产登记部门完成户籍、房产信息共享核验对接。', progress: 50 },
      { date: '2026-08-05', content: '秋季入学启用“网上报名、一次审核”，网上报名率96%。', progress: 70 },
      { date: '2026-10-20', content: '公布“最多跑一次”事项清单23项，教师资格认定实行容缺受理；转学“一窗代办”在城区学校试行。', progress: 85 },
    ],
  },
  {
    code: 'ZG-2026-11',
    title: '开展“群众点题、部门答题、群众评题”群众点题评改活动',
    problem: '整改工作存在“自己出题、自己答题、自己阅卷”的倾向，群众参与不够，整改成效与群众感受存在差距。',
    category: 'other',
    source: 'public_topic',
    unitCode: 'D01',
    leaderPost: '党组书记、局长',
    leaderName: '王某某',
    measures: [
      '1. 通过门户网站、微信公众号、家长会等渠道征集群众最关心的问题，由群众“点题”确定重点整改事项。',
      '2. 相关科室和学校限期“答题”，整改过程和结果在“作风整改进行时”专栏公开。',
      '3. 整改结果由群众“评题”，满意率低于80%的事项重新整改。',
    ].join('\n'),
    deadline: null,
    status: 'ongoing',
    progress: 80,
    progressSummary:
      '征集群众点题意见1326条，确定“校门口接送拥堵”“课后服务质量”“食堂饭菜质量”等8个点题事项；已完成6项并组织群众评价，平均满意率91.3%。',
    ongoingFrom: '2026-09-15',
    outcomes: [],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-04-10', content: '启动群众点题征集，一个月内收到意见建议1326条。', progress: 20 },
      { date: '2026-05-22', content: '梳理归并群众意见，经局党组会研究确定8个点题事项并向社会公布。', progress: 40 },
      { date: '2026-09-15', content: '6个点题事项完成整改，通过问卷组织家长和教师评价，平均满意率91.3%。', progress: 75 },
      { date: '2026-11-18', content: '“课后服务质量”事项满意率为76%，未达到80%，已退回基础教育科重新整改。', progress: 80 },
    ],
  },
  {
    code: 'ZG-2026-12',
    title: '落实第三方评估反馈建议，补齐作风建设短板',
    problem:
      '第三方评估机构在作风建设成效评估中指出：整改信息公开不够及时；群众意见反馈渠道知晓率不高，受访家长知晓率仅为56%；部分整改措施“重制度出台、轻执行落实”。',
    category: 'other',
    source: 'third_party',
    unitCode: 'D05',
    leaderPost: '副局长',
    leaderName: '李某某',
    measures: [
      '1. 开设“作风整改进行时”专栏，整改台账和群众意见办理情况按月公开。',
      '2. 通过家长会、学校公众号和《致家长的一封信》推广意见反馈渠道，力争家长知晓率达到85%以上。',
      '3. 建立制度执行“回头看”机制，对整改中出台的制度每半年评估一次执行效果。',
    ].join('\n'),
    deadline: '2027-03-31',
    status: 'in_progress',
    progress: 30,
    progressSummary: '“作风整改进行时”专栏已上线，整改台账和群众意见办理情况实现网上公开；已向全县学生家长发放《致家长的一封信》。',
    outcomes: [],
    edits: [{ on: '2026-10-28', from: { leaderPost: '党组成员、机关党委书记', leaderName: '刘某某' } }],
    createdOn: '2026-10-12',
    updates: [
      { date: '2026-10-12', content: '收到第三方评估报告，梳理出需整改的问题3个、改进建议9条。', progress: 0 },
      { date: '2026-10-28', content: '局党组会研究制定整改方案，逐条明确责任科室和完成时限。', progress: 10 },
      { date: '2026-11-18', content: '“作风整改进行时”专栏上线运行，通过各学校向家长发放《致家长的一封信》。', progress: 30 },
    ],
  },
  {
    code: 'ZG-2026-13',
    title: '加强校园及周边安全隐患排查整治，推动问题闭环销号',
    problem:
      '部分学校周边交通秩序混乱，上下学时段接送车辆乱停乱放；个别学校安全隐患排查整改台账不闭环，发现问题后整改不及时。',
    category: 'other',
    source: 'visit',
    unitCode: 'D06',
    leaderPost: '党组成员、副局长',
    leaderName: '张某某',
    measures: [
      '1. 会同公安交警、城管部门在城区学校设置“护学岗”和临时接送停车区。',
      '2. 建立安全隐患“发现—交办—整改—销号”闭环台账，每月开展一次全面排查。',
      '3. 对整改不及时的学校进行约谈，并纳入学校安全工作考核。',
    ].join('\n'),
    deadline: '2026-12-31',
    status: 'in_progress',
    progress: 65,
    progressSummary: '已在5所城区学校设置护学岗和临时接送停车区；累计排查安全隐患146处，已整改销号131处。',
    outcomes: [{ title: '示例县学校安全隐患排查整治闭环管理制度', kind: 'rule', issuedOn: '2026-09-01' }],
    edits: [{ on: '2026-05-12', from: { unitCode: 'D03' } }],
    createdOn: '2026-03-16',
    updates: [
      { date: '2026-05-12', content: '联合县公安局交警大队对城区学校周边交通状况开展调研，确定设置护学岗的学校5所。', progress: 20 },
      { date: '2026-09-01', content: '秋季开学起5所城区学校护学岗和临时接送停车区投入使用。', progress: 50 },
      { date: '2026-11-05', content: '累计排查安全隐患146处，已整改销号131处，其余15处正在整改中。', progress: 65 },
    ],
  },
  {
    code: 'ZG-2026-14',
    title: '规范教师职称评审和评优评先程序，提高透明度',
    problem:
      '民主测评中，教师对职称评审、评优评先的满意度较低，反映评审量化标准不够细化、过程不够公开、结果公示时间短，对农村教师和一线教师倾斜不够。',
    category: 'other',
    source: 'democratic_review',
    unitCode: 'D02',
    leaderPost: '副局长',
    leaderName: '李某某',
    measures: [
      '1. 修订职称评审和评优评先量化评分细则，广泛征求教师意见后公布。',
      '2. 评审全过程接受纪检监督，评审结果公示不少于7个工作日。',
      '3. 评优评先名额分配向农村学校和一线教师倾斜。',
    ].join('\n'),
    deadline: '2027-04-30',
    status: 'not_started',
    progress: 0,
    progressSummary: '',
    outcomes: [],
    createdOn: '2026-11-05',
    updates: [
      { date: '2026-11-05', content: '根据民主测评结果列入整改台账，待省市2027年度职称评审文件下发后启动细则修订。', progress: null },
      { date: '2026-11-20', content: '已拟定教师问卷调查方案，计划2027年1月面向全县教师征求意见。', progress: null },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Synthetic public opinions.
//
// Placeholders in `title`, `content` and `reply`:
//   {school} {grade} {subject} {minorCourse} {amount} {n} {unit}: shared values, fine to publish;
//   {name} {child} {teacher} {phone}: personal data, replaced by "***" in the public texts.
// Replies never use the personal placeholders.

export const PRIVATE_PLACEHOLDERS = ['name', 'child', 'teacher', 'phone'] as const;

export interface FeedbackTemplate {
  category: FeedbackCategory;
  roles: readonly SubmitterRole[];
  /** 'school': one of the schools at `levels`; a unit code: that department; null: no unit named. */
  target: 'school' | string | null;
  /** For target 'school'; default: primary, middle, high and nine-year schools. */
  levels?: readonly SchoolLevel[];
  /** Department that handles it; default: the target unit itself (or 办公室 when there is none). */
  assignTo?: string;
  /** Ledger item the opinion is about, when it plausibly is. */
  itemCode?: string;
  /** The submitter's own title; never uses the personal placeholders. */
  title: string;
  content: string;
  reply: string;
}

export const DEFAULT_SCHOOL_LEVELS: readonly SchoolLevel[] = ['primary', 'middle', 'high', 'nine_year'];

export const FEEDBACK_TEMPLATES: readonly FeedbackTemplate[] = [
  // 机关作风
  {
    category: 'work_style',
    roles: ['teacher'],
    target: 'D01',
    itemCode: 'ZG-2026-01',
    title: '建议减少面向学校的会议',
    content:
      '我是{school}的一名教师。这学期学校领导几乎每周都要去局里开会，有时一天两个会，回来还要层层传达，学校管理和听课都顾不上。建议能合并的会议合并开，能开视频会的不要集中开。',
    reply:
      '您好！您反映的会议过多问题已收悉。我局已自2026年5月起实行会议合并审批制和“三严三控”（严控会议数量、规模、时长），面向学校的会议须经分管领导审核、主要领导审批，主题相近的一律合并召开，能以视频形式召开的不再集中开会。{unit}每月统计通报各科室发会情况，欢迎继续监督。',
  },
  {
    category: 'work_style',
    roles: ['parent', 'other'],
    target: 'D01',
    itemCode: 'ZG-2026-05',
    title: '局机关窗口服务态度需要改进',
    content:
      '到教育局咨询孩子学籍问题，窗口工作人员一直在看手机，问了两遍才抬头，说话也不耐烦，让我去找学校，学校又让我来找局里。希望改进服务态度。',
    reply:
      '您好！感谢您的监督。经{unit}核查，您反映的情况属实，已对当事工作人员进行批评教育并在机关内部通报。我局已出台《提升教育服务质量若干措施》，严格落实首问负责制和一次性告知制，学籍相关事项可直接到局政务服务窗口办理。给您带来的不便，我们深表歉意。',
  },
  {
    category: 'work_style',
    roles: ['teacher', 'other'],
    target: 'D01',
    itemCode: 'ZG-2026-02',
    title: '希望公开公务接待情况',
    content: '听说上级来学校检查还是要安排吃饭，费用从学校经费里出。能不能把公务接待的情况公开一下？',
    reply:
      '您好！我局已全面推行公务接待“三单两公开”，每批次接待必须具备公函、接待清单和费用结算单，“三单”不全一律不予报销，并通过线上接待管理平台全程留痕。直属学校接待情况每季度在校内公示，年度接待费用在门户网站公开。如掌握违规接待的具体线索，欢迎继续反映，我们将认真核查。',
  },
  {
    category: 'work_style',
    roles: ['teacher'],
    target: 'D02',
    itemCode: 'ZG-2026-14',
    title: '评优评先名额分配和细则希望公开',
    content: '今年评优评先名额大部分给了城区学校，乡镇学校老师很难评上，评分细则也没有公开。希望评审过程更透明一些。',
    reply:
      '您好！感谢您的意见。我局已将此项列入整改台账，将修订职称评审和评优评先量化评分细则并广泛征求教师意见，评审结果公示不少于7个工作日，名额分配向农村学校和一线教师倾斜。细则征求意见时欢迎您积极参与。',
  },
  {
    category: 'work_style',
    roles: ['parent', 'other'],
    target: 'D01',
    itemCode: 'ZG-2026-05',
    title: '局长信箱来信希望都有回复',
    content: '之前给局长信箱写过信，一个多月没有回音。希望来信都能有个回复，哪怕告诉一下办理进度也好。',
    reply:
      '您好！经查，您此前的来信因转办环节衔接不畅未能及时答复，我们深表歉意。目前来信已实行“受理—转办—答复—回访”全程跟踪，一般事项5个工作日内答复，您也可以在“作风整改进行时”专栏凭查询码查看办理进度。',
  },
  {
    category: 'work_style',
    roles: ['teacher'],
    target: 'D05',
    itemCode: 'ZG-2026-03',
    title: '白名单以外的评比活动仍进校园',
    content: '上周又有一个不在白名单里的评比活动进了学校，要求每个班交作品、拍照片、写总结。白名单是不是只管局里的科室，别的部门不管？',
    reply:
      '您好！经{unit}核实，该活动未经审批进入校园，已通知主办单位停止在校内开展，并向相关部门通报。进校园事项白名单适用于所有面向学校的检查评比活动，未列入白名单的一律不得进入校园。欢迎继续监督。',
  },
  // 教育教学
  {
    category: 'teaching',
    roles: ['parent'],
    target: 'school',
    assignTo: 'D03',
    itemCode: 'ZG-2026-07',
    title: '{minorCourse}课经常被占用',
    content: '孩子在{school}{grade}，课表上每周有两节{minorCourse}课，但实际上经常被{subject}老师占用，一个月也上不了几次。希望学校按课表上课。',
    reply:
      '您好！经{unit}会同学校核实，{school}{grade}存在{minorCourse}课被占用的情况。学校已责令相关教师严格按课表授课，教务处每周抽查课表执行情况，并在校内公示课表。我局将把课程开设情况纳入督导检查，欢迎继续监督。',
  },
  {
    category: 'teaching',
    roles: ['student'],
    target: 'school',
    levels: ['middle', 'high', 'nine_year'],
    itemCode: 'ZG-2026-07',
    title: '希望恢复体育课',
    content: '我们{grade}的体育课这学期基本都改成自习了，说是要抓成绩😔 我们也想上体育课，能不能恢复？',
    reply: '同学你好！经{unit}核实，你反映的情况属实。学校已恢复{grade}各班体育课，并安排专人每周检查课表执行情况。请你和同学们积极参加体育锻炼，如再出现类似情况可继续反映。',
  },
  {
    category: 'teaching',
    roles: ['parent'],
    target: 'school',
    title: '{subject}老师更换太频繁',
    content: '{grade}一学期换了三次{subject}老师，孩子很难适应，成绩也有波动。学校能不能稳定一下任课教师？',
    reply:
      '您好！经{unit}了解，本学期因教师产假和岗位调整，{grade}{subject}任课教师出现变动。学校已明确现任教师任教至学年结束，并安排教研组长跟踪听课、加强辅导。感谢您的理解。',
  },
  {
    category: 'teaching',
    roles: ['teacher'],
    target: 'school',
    levels: ['middle', 'high', 'nine_year'],
    assignTo: 'D03',
    itemCode: 'ZG-2026-07',
    title: '毕业班提前结束新课是否合规',
    content: '学校要求毕业班提前结束新课，下学期全部用来复习，这样是否违反教学计划要求？',
    reply:
      '您好！根据课程方案，毕业年级不得随意压缩课时、提前结束新课。经{unit}核实，已要求{school}调整教学进度安排，严格执行学期教学计划，基础教育科将在期中开展专项检查。',
  },
  {
    category: 'teaching',
    roles: ['parent'],
    target: 'school',
    levels: ['primary'],
    title: '希望多开展阅读和科学实践活动',
    content: '希望{school}多开展一些阅读和科学实践活动，比如科技节、读书节，不要只看分数。',
    reply: '您好！感谢您的建议。{school}本学期已安排读书节和科技节活动，并将每周三下午的课后服务时段用于科学实践和社团活动。欢迎家长参与和监督。',
  },
  {
    category: 'teaching',
    roles: ['parent', 'student'],
    target: 'school',
    title: 'English角活动希望扩大到所有班级',
    content: '学校的English角活动很好👍，但是只有{grade}的部分班级能参加，能不能扩大到所有班级？',
    reply: '您好！感谢您的肯定和建议。{school}将从下学期起把英语角活动扩大到{grade}全部班级，采取分班轮流的方式开展，具体安排将通过班级通知发布。',
  },
  {
    category: 'teaching',
    roles: ['teacher'],
    target: 'school',
    levels: ['primary', 'nine_year'],
    assignTo: 'D03',
    itemCode: 'ZG-2026-07',
    title: '学校缺少专职科学教师',
    content: '我们学校只有一名专职科学老师，{n}个班的科学课大多由语文、数学老师兼上，实验课基本开不了。希望补充科学教师。',
    reply:
      '您好！您反映的科学教师不足问题已收悉。我局已将补充音体美、科学专任教师列入整改事项，招聘计划已报县人社部门。在招聘到位前，{unit}将通过县域内统筹调配和“走教”方式保障科学实验课开设。',
  },
  {
    category: 'teaching',
    roles: ['parent'],
    target: 'school',
    title: '反映教师上课迟到、不讲新课',
    content: '{school}{grade}的{teacher}老师上课经常迟到，还让学生上自习，自己在办公室做别的事，孩子说这周{subject}课有两节没讲新内容。',
    reply: '您好！经{unit}调查核实，该教师存在上课迟到的情况。学校已对其进行批评教育并责令改正，教务处将加强课堂巡查。感谢您的监督。',
  },
  {
    category: 'teaching',
    roles: ['student'],
    target: 'school',
    levels: ['vocational'],
    title: '实习单位与专业不对口',
    content: '学校安排的实习单位和我们专业不对口，每天在流水线上干活，能不能换实习单位？',
    reply:
      '同学你好！经{unit}核实，该实习岗位与专业匹配度不高。学校已与实习单位协商调整岗位，并为有意愿的同学另行安排对口实习单位。如实习中遇到问题，可随时联系实习指导教师。',
  },
  // 减负与补课
  {
    category: 'burden',
    roles: ['parent'],
    target: 'school',
    levels: ['middle', 'high', 'nine_year'],
    assignTo: 'D02',
    itemCode: 'ZG-2026-08',
    title: '反映教师周末有偿补课',
    content: '{school}{grade}{subject}老师{teacher}周末在小区里租房子给本班学生补课，每人每月收费{amount}元，还暗示不去的同学成绩会受影响。希望查处。',
    reply:
      '您好！经{unit}会同学校调查核实，该教师存在违规组织学生有偿补课的行为。目前已责令其停止补课并全额退还所收费用，将依规依纪处理，并在全县教育系统通报。感谢您的监督。',
  },
  {
    category: 'burden',
    roles: ['parent'],
    target: 'school',
    assignTo: 'D03',
    itemCode: 'ZG-2026-08',
    title: '假期以“自愿”名义组织补课收费',
    content: '假期里学校以“自愿”为名组织{grade}学生到校补课，每人收{amount}元“资料费”，不报名的还要家长写说明。这合规吗？',
    reply:
      '您好！经{unit}核实，{school}假期组织学生集体补课并收取费用的做法违反有关规定。已责令学校立即停止，退还已收取的全部费用，并对学校负责人进行约谈。',
  },
  {
    category: 'burden',
    roles: ['parent'],
    target: 'school',
    title: '{subject}作业量过大',
    content: '{school}{grade}{subject}作业每天都要写到晚上十点多，孩子睡眠严重不足，希望控制作业总量。',
    reply: '您好！经{unit}了解，{grade}近期确有作业量偏大的情况。学校已要求年级组统筹各学科作业，实行作业总量公示，书面作业原则上在校内课后服务时段基本完成。',
  },
  {
    category: 'burden',
    roles: ['parent'],
    target: 'school',
    levels: ['primary', 'kindergarten'],
    title: '家长群打卡和批改作业负担重',
    content: '{school}的家长群每天都要打卡、批改作业、上传视频，家长下班回家压力很大，这是不是把老师的工作转给了家长？',
    reply: '您好！经{unit}核实，学校已重新明确家长群管理要求，不得要求家长批改作业、打卡上传视频，班级群仅用于发布通知。感谢您的反映。',
  },
  {
    category: 'burden',
    roles: ['student'],
    target: 'school',
    levels: ['middle', 'high'],
    assignTo: 'D03',
    title: '希望取消周六到校“培优”',
    content: '我们周六还要到校上课，说是“培优”，能不能取消？周末也想休息一下😭',
    reply: '同学你好！经{unit}核实，{school}周六组织学生到校上课的做法不符合规定，已责令学校停止，并纳入督导检查重点内容。',
  },
  {
    category: 'burden',
    roles: ['teacher'],
    target: 'D05',
    itemCode: 'ZG-2026-03',
    title: '检查评比和填表太多，希望减负',
    content: '一学期的检查、评比、填表太多了，{n}个部门要的材料大同小异，还都要纸质版盖章，老师们晚上加班做台账。希望真正给基层减负。',
    reply:
      '您好！我局已实行进校园事项白名单制度，清理检查考核事项58项，同一学期对同一学校的检查原则上合并为一次，不得要求学校重复报送材料。您反映的重复报送问题，{unit}已要求相关部门共享数据、不再重复收取。',
  },
  {
    category: 'burden',
    roles: ['teacher'],
    target: 'D05',
    itemCode: 'ZG-2026-03',
    title: '与教学无关的APP和转发任务太多',
    content: '学校要求老师下载各种APP、关注公众号、转发点赞、完成在线答题，还要截图上报，这些和教学无关的任务太多了。',
    reply: '您好！{unit}已会同相关部门清理面向教师的APP下载、转发点赞、在线答题等任务，除白名单事项外一律不得向学校和教师摊派。对仍违规摊派的，欢迎继续反映。',
  },
  // 收费与经费
  {
    category: 'fees',
    roles: ['parent'],
    target: 'school',
    title: '校服价格偏高，希望说明收费依据',
    content: '{school}开学要求统一购买校服，每套{amount}元，价格偏高，也没有征求家长意见。能否说明收费依据？',
    reply:
      '您好！按规定，校服由家长自愿购买，学校不得强制统一购买。经{unit}核实，学校已重新发布通知明确自愿原则，下一批校服采购将由家长委员会全程参与选样和比价，并公示价格构成。',
  },
  {
    category: 'fees',
    roles: ['parent'],
    target: 'school',
    title: '班费用途不明确',
    content: '{school}{grade}班主任让每个家长交{amount}元班费，用途不明确，也没有公布账目。',
    reply: '您好！经{unit}核实，学校已责令该班退还已收取的班费，并重申不得以任何名义向家长收取班费。班级活动所需费用由学校统筹安排。',
  },
  {
    category: 'fees',
    roles: ['teacher'],
    target: 'school',
    assignTo: 'D04',
    itemCode: 'ZG-2026-09',
    title: '希望公开学校公用经费使用情况',
    content: '学校的公用经费使用情况从来不公开，听说有的钱用在了吃喝上，希望上级部门查一查。',
    reply:
      '您好！{unit}已将{school}列入经费使用专项检查范围，检查结果将依规处理。我局已印发中小学公用经费使用负面清单，要求各学校按学期在校内公示公用经费支出情况。',
  },
  {
    category: 'fees',
    roles: ['parent'],
    target: 'school',
    levels: ['primary', 'middle', 'nine_year'],
    itemCode: 'ZG-2026-11',
    title: '课后服务内容与宣传不符',
    content: '{school}课后服务费每学期收{amount}元，但服务内容基本就是写作业，和宣传的托管加兴趣活动不太相符。',
    reply:
      '您好！经{unit}核实，学校课后服务存在内容单一的问题。学校已调整课后服务安排，每周不少于两次开展体育、艺术、科技类兴趣活动，并在学期末组织家长评价。',
  },
  {
    category: 'fees',
    roles: ['parent'],
    target: 'school',
    title: '食堂饭菜质量和伙食费账目',
    content: '孩子在{school}食堂吃饭，伙食费每月{amount}元，但饭菜分量少、质量一般，希望公开食堂账目。我的电话{phone}，希望有人联系我。',
    reply:
      '您好！经{unit}核实，学校食堂实行非营利运营，已将近三个月的伙食费收支明细在校内公示，并落实校领导陪餐和家长代表参与食堂监督制度。工作人员已与您电话沟通。',
  },
  {
    category: 'fees',
    roles: ['parent'],
    target: 'D04',
    title: '学生资助名额评定方式',
    content: '学生资助名额是怎么评的？我们家是脱贫户，今年却没有评上，希望说明一下。',
    reply:
      '您好！学生资助按照家庭经济困难认定结果确定，脱贫家庭学生属于优先资助对象。经{unit}核查，您孩子因学籍信息更新延迟未纳入本轮名单，现已补录并将按规定发放资助金。',
  },
  // 招生入学
  {
    category: 'enrollment',
    roles: ['parent'],
    target: 'D03',
    itemCode: 'ZG-2026-10',
    title: '随迁子女入学需要哪些材料',
    content: '我叫{name}，孩子{child}明年上小学。我们是随迁子女家庭，居住证刚满半年，不知道能不能在城区入学，需要准备哪些材料？联系电话{phone}。',
    reply:
      '您好！按照我县义务教育招生政策，随迁子女凭有效居住证和相关证明可申请在居住地就近入学。具体材料清单将于每年5月在门户网站公布，入学报名实行网上申请、一次审核，无需提供户口簿复印件等可共享核验的材料。',
  },
  {
    category: 'enrollment',
    roles: ['parent'],
    target: 'D03',
    title: '学区划片调整为何未提前公示',
    content: '今年{school}划片范围调整了，我们小区被划到了离家更远的学校。划片的依据是什么？为什么没有提前公示？',
    reply:
      '您好！今年学区划分根据各校学位容量和适龄儿童分布进行了调整，划片方案已于4月在门户网站公示。您所在小区调整后对应学校的通学距离在规定范围内，{unit}已协调公交公司增开上下学时段线路。',
  },
  {
    category: 'enrollment',
    roles: ['parent'],
    target: 'D07',
    itemCode: 'ZG-2026-10',
    title: '转学材料希望一次性告知',
    content: '孩子从外省转学回来，跑了学校和教育局好几趟，每次都说材料不全，能不能一次性告诉需要什么材料？',
    reply:
      '您好！对给您带来的不便我们深表歉意。转学手续已实行转入学校“一窗代办”，学籍转接由学校在系统内办理，家长只需向转入学校提交一次材料。{unit}已联系转入学校为您办理，并将转学材料清单在门户网站公布。',
  },
  {
    category: 'enrollment',
    roles: ['parent'],
    target: 'D07',
    itemCode: 'ZG-2026-10',
    title: '网上报名系统上传照片失败',
    content: '网上报名系统总是卡，上传户口本照片一直失败😓 截止时间快到了，很着急。',
    reply: '您好！报名系统在高峰时段出现过访问缓慢的情况，现已扩容。户籍信息已与公安部门共享核验，可不再上传户口簿照片。报名截止时间已顺延3天，请您尽快完成报名。',
  },
  {
    category: 'enrollment',
    roles: ['other', 'parent'],
    target: 'school',
    title: '咨询插班生招收',
    content: '请问{school}招收插班生吗？我家孩子上{grade}，因为工作调动想转过来。',
    reply: '您好！{school}{grade}目前尚有少量学位，符合条件的可向学校提出插班申请，学校将在学期开学前统一安排。具体政策可咨询学校教务处。',
  },
  // 校园安全
  {
    category: 'safety',
    roles: ['parent'],
    target: 'school',
    assignTo: 'D06',
    itemCode: 'ZG-2026-13',
    title: '放学时校门口车辆乱停',
    content: '{school}门口放学时车辆乱停乱放，孩子过马路很危险，希望协调交警设置护学岗。',
    reply: '您好！{unit}已会同县公安局交警大队实地查看，将在{school}门口设置护学岗和临时接送停车区，上下学高峰时段安排警力和教师共同值守。',
  },
  {
    category: 'safety',
    roles: ['parent', 'other'],
    target: 'school',
    assignTo: 'D06',
    title: '学校旁电竞馆有学生进出',
    content: '{school}旁边新开了一家电竞馆，经常有学生进出，希望相关部门管一管。',
    reply: '您好！{unit}已将情况通报县文化和旅游部门，相关部门已对该场所进行检查，责令其不得接纳未成年人。学校也将加强学生教育和家校沟通。',
  },
  {
    category: 'safety',
    roles: ['parent'],
    target: 'school',
    title: '孩子在校被同学欺负',
    content: '我家孩子{child}在{school}{grade}，最近被几个同学欺负，要钱还推搡，班主任知道后只是批评了几句。希望学校严肃处理。',
    reply:
      '您好！学校高度重视，已按学生欺凌防治工作程序成立调查小组，对涉事学生进行教育并通知其家长，同时安排心理教师对您的孩子进行辅导。{unit}将持续跟进处理情况。',
  },
  {
    category: 'safety',
    roles: ['parent'],
    target: 'school',
    levels: ['primary', 'nine_year', 'kindergarten'],
    assignTo: 'D06',
    itemCode: 'ZG-2026-13',
    title: '校车超载问题请核查',
    content: '{school}的校车有时候超载，一辆车挤了很多孩子，请核查。',
    reply: '您好！{unit}已会同交警部门对该校校车进行检查，确有超员情况。已责令运营单位增派车辆，严格按核定人数载客，并对驾驶人和随车照管员进行安全教育。',
  },
  {
    category: 'safety',
    roles: ['teacher'],
    target: 'school',
    title: '教学楼楼梯扶手松动未修',
    content: '学校{grade}教学楼楼梯扶手松动，报修两周了还没修。',
    reply: '您好！{school}已完成楼梯扶手维修加固，并对全校楼梯、栏杆进行了排查。学校已将维修事项纳入安全隐患台账，实行限期整改销号。',
  },
  {
    category: 'safety',
    roles: ['parent'],
    target: 'school',
    levels: ['kindergarten'],
    title: '幼儿园保安经常不在岗',
    content: '幼儿园门口的保安经常不在岗，接孩子时陌生人也能进院子。',
    reply: '您好！经{unit}核实，已对保安值守情况进行整改，接送时段安排两名保安在岗，实行接送卡核验，陌生人一律不得进入园区。',
  },
  // 政务服务
  {
    category: 'service',
    roles: ['teacher', 'other'],
    target: 'D07',
    itemCode: 'ZG-2026-10',
    title: '教师资格认定长时间待审核',
    content: '办理教师资格认定，网上提交后一直显示“待审核”，已经过了{n}个工作日，打电话也没人接。我的手机号{phone}，请工作人员回电。',
    reply:
      '您好！经{unit}核查，您的申请因材料审核人员变动出现积压，现已完成审核，证书将在10个工作日内寄出。我局已调整审核人员并公布咨询电话值守时间，给您带来的不便深表歉意。',
  },
  {
    category: 'service',
    roles: ['teacher', 'other'],
    target: 'D07',
    itemCode: 'ZG-2026-10',
    title: '希望增加教师资格体检点',
    content: '教师资格认定体检的指定医院只有一家，排队要一整天，能否增加体检点或者分时段预约？',
    reply: '您好！{unit}已与县卫生健康部门协调，增加一家体检医院，并实行网上分时段预约。具体安排已在门户网站公布。',
  },
  {
    category: 'service',
    roles: ['other', 'parent'],
    target: 'D01',
    title: '门户网站招生政策文件链接打不开',
    content: '门户网站上找不到去年的招生政策文件，链接打不开。',
    reply: '您好！经核查，因网站改版部分旧链接失效，{unit}已修复相关链接，历年招生政策文件可在“政府信息公开—政策文件”栏目查阅。感谢您的提醒。',
  },
  // 其他
  {
    category: 'other',
    roles: ['other'],
    target: 'school',
    assignTo: 'D01',
    title: '建议学校附近增设自行车停放点',
    content: "<script>alert('xss')</script> 测试一下留言板是否安全。另外建议在{school}附近增设公共自行车停放点。",
    reply: '您好！您关于增设公共自行车停放点的建议已转县城市管理部门研究。本平台对提交的内容均按纯文本处理，感谢您的关注。',
  },
  {
    category: 'other',
    roles: ['parent'],
    target: 'school',
    title: '感谢老师们的用心付出',
    content: '感谢{school}的老师们🌹 孩子这学期进步很大，班主任每天都很用心，点赞👍👍',
    reply: '您好！感谢您对{school}教师工作的肯定，您的留言已转达学校和班主任。我们将继续努力，办好人民满意的教育。',
  },
  {
    category: 'other',
    roles: ['other', 'parent', 'teacher'],
    target: null,
    itemCode: 'ZG-2026-12',
    title: '建议公众号增加意见反馈入口',
    content: '建议教育局的微信公众号增加一个意见反馈入口，现在要在电脑上才方便提交。',
    reply: '您好！感谢您的建议。“作风整改进行时”专栏已适配手机浏览，公众号菜单将增加“意见反馈”入口，预计下月上线。',
  },
  {
    category: 'other',
    roles: ['teacher'],
    target: 'D04',
    itemCode: 'ZG-2026-04',
    title: '希望改善乡村教师周转宿舍',
    content: '乡村学校教师周转宿舍条件差，冬天没有暖气，卫生间也是公用的，希望改善。',
    reply: '您好！{unit}已将乡村学校教师周转宿舍改造列入明年教育资源分配优先保障项目，入冬前先为宿舍配备取暖设备。感谢您的反映。',
  },
];

// Pools for the parts of a synthetic opinion that are not in the templates.

export const SUBJECTS = ['语文', '数学', '英语', '物理', '化学'] as const;
export const MINOR_COURSES = ['音乐', '美术', '体育', '科学', '劳动', '信息科技'] as const;
export const AMOUNTS = [300, 400, 500, 600, 800, 1200] as const;

export const SURNAMES = [
  ['王', 'wang'],
  ['李', 'li'],
  ['张', 'zhang'],
  ['刘', 'liu'],
  ['陈', 'chen'],
  ['杨', 'yang'],
  ['赵', 'zhao'],
  ['黄', 'huang'],
  ['周', 'zhou'],
  ['吴', 'wu'],
  ['徐', 'xu'],
  ['孙', 'sun'],
  ['马', 'ma'],
  ['胡', 'hu'],
  ['郭', 'guo'],
  ['何', 'he'],
] as const;
export const GIVEN_NAMES = ['丽娟', '建华', '志强', '秀英', '海燕', '文博', '子涵', '雨桐', '浩然', '欣怡', '俊杰', '梓萱', '国庆', '晓东', '春梅', '思远'] as const;

export const ACCEPT_NOTES = ['经审核，符合受理条件，予以受理。', '属于教育系统职责范围，予以受理。', '已受理，将按程序转办。'] as const;

/** Reasons for 不予受理: the code from the list and the note the submitter reads. */
export const REJECT_REASONS = [
  ['out_of_scope', '反映事项不属于教育部门职责范围，已告知来信人向有关主管部门反映。'],
  ['unclear', '反映内容不具体，无法核实涉及的学校和事项，请补充具体信息后重新提交。'],
  ['duplicate', '与此前提交的意见内容重复，已合并办理，请通过原查询码查看办理进度。'],
] as const;

/** The 办公室's comments when it sends a draft reply back to the unit. */
export const REVIEW_COMMENTS = [
  '答复未写明整改完成时间，请补充后重新提交。',
  '请补充核实过程和处理结果，避免只作政策解释。',
  '答复语气请更诚恳，并写明后续监督方式。',
] as const;

export const EXTENSION_REASONS = [
  '涉及多个学校，需要现场核查，申请延期。',
  '需与财政部门核对经费使用情况，申请延期。',
  '需调取监控和相关记录核实，申请延期。',
] as const;

export const URGE_NOTES = ['该件即将到期，请抓紧办理并按时答复。', '该件已逾期，请于今日内提交答复。'] as const;

export const FOLLOW_UP_OUTCOMES = {
  explained: ['已电话回访反映人，当面说明了处理依据和后续安排，反映人表示理解。', '回访中进一步解释了政策规定，并告知了后续监督渠道。'],
  reopened: ['回访了解到问题仍未解决，已交承办单位重新办理。', '反映人提供了新的情况，重新交办核实。'],
} as const;

export const WITHHOLD_REASONS = ['内容涉及具体学生个人情况，不宜公开。', '内容与已公开答复重复。'] as const;

/** Demo staff: one account per role, and 经办人 for two schools and a 科室. */
export interface DemoStaff {
  username: string;
  displayName: string;
  roles: readonly ('sysadmin' | 'office' | 'handler' | 'ledger')[];
  unitCode: string | null;
}

export const DEMO_STAFF: readonly DemoStaff[] = [
  { username: 'admin', displayName: '系统管理员', roles: ['sysadmin'], unitCode: null },
  { username: 'office', displayName: '李明（办公室）', roles: ['office'], unitCode: 'D01' },
  { username: 'ledger', displayName: '周敏（台账管理员）', roles: ['ledger'], unitCode: 'D01' },
  { username: 'yizhong', displayName: '王建华（第一中学）', roles: ['handler'], unitCode: 'S01' },
  { username: 'shiyan', displayName: '陈秀英（实验小学）', roles: ['handler'], unitCode: 'S03' },
  { username: 'jijiao', displayName: '赵志强（基础教育科）', roles: ['handler'], unitCode: 'D03' },
];

export const PUBLISH_NOTES = ['答复已审核，隐去个人信息后公开。', '经审核同意公开。'] as const;

export const RATING_COMMENTS = {
  satisfied: ['问题解决得很快，谢谢！', '答复很详细，满意。', '学校很快就联系了我，点赞👍', '态度很好，办事效率高。'],
  basically_satisfied: ['答复了，但还要看后续落实情况。', '基本解决，希望长期坚持。', '回复有点慢。'],
  dissatisfied: ['只是解释政策，实际问题没有解决。', '答复太笼统，没有说明具体处理结果。', '问题依旧存在。'],
} as const;

/**
 * Reply templates the 办公室 keeps: a category's own and general ones (category null), shared by
 * every unit (unitCode null) or a unit's own. Shared ones speak neutrally through {单位}, so a
 * school's reply speaks as the school; placeholders are filled when a template is inserted.
 */
export const DEMO_REPLY_TEMPLATES: ReadonlyArray<{ category: string | null; unitCode: string | null; title: string; body: string }> = [
  {
    category: null,
    unitCode: null,
    title: '通用答复',
    body: '尊敬的{反映人称呼}：您好！您于{提交日期}反映的问题（查询码 {查询码}）已收悉，{单位}于{受理日期}受理。经核实，现答复如下：\n\n……\n\n感谢您对教育工作的关心和监督。如对答复不满意，可通过查询码进行评价。',
  },
  {
    category: 'fees',
    unitCode: null,
    title: '收费问题（已核实并清退）',
    body: '尊敬的{反映人称呼}：您好！经{单位}核实，您反映的收费问题属实。{单位}已立即停止相关收费，并于____前将费用全额清退；同时对相关责任人进行了约谈。欢迎继续监督。',
  },
  {
    category: 'burden',
    unitCode: null,
    title: '违规补课（已查处）',
    body: '尊敬的{反映人称呼}：您好！接到反映后，{单位}进行了调查，现已停止违规补课行为，并对相关教师进行了批评教育。{单位}将严格执行减负规定，欢迎继续监督。',
  },
  {
    category: 'work_style',
    unitCode: 'D01',
    title: '机关作风（已整改）',
    body: '您好！感谢您的监督。经核查，您反映的情况属实，已对当事工作人员进行批评教育，并在机关内部通报。我局将严格落实首问负责制和一次性告知制。',
  },
  {
    category: 'burden',
    unitCode: 'D03',
    title: '违规补课（局督查）',
    body: '您好！接到反映后，{单位}会同学校进行了调查，现已责令停止违规补课行为，并将该校纳入减负重点督查名单。我局将持续开展专项检查，欢迎继续监督。',
  },
  {
    category: null,
    unitCode: 'S01',
    title: '第一中学：已与家长沟通',
    body: '尊敬的{反映人称呼}：您好！我校已收到您于{提交日期}反映的问题。学校高度重视，已由分管副校长牵头核实处理，并将于{答复期限}前把处理结果告知您。如有疑问，可拨打学校办公室电话。',
  },
  {
    category: null,
    unitCode: 'S03',
    title: '实验小学：已整改',
    body: '尊敬的{反映人称呼}：您好！感谢您对我校工作的关心。经学校核实，您反映的问题已整改，学校将在家长会上通报整改情况，欢迎继续监督。',
  },
];
