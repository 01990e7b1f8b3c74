import { describe, expect, it } from 'vitest';
import {
  REDACTION_KIND_LABELS,
  REDACTION_KINDS,
  suggestRedaction,
  type RedactionKind,
  type RedactionOptions,
} from '../../server/domain/redaction.ts';

interface Row {
  input: string;
  expected: string;
  /** Kinds of the matches, in text order. */
  kinds: RedactionKind[];
  options?: RedactionOptions;
}

// Each row is a sentence as a parent, student or teacher would write it.
const MASKED: Row[] = [
  // Mobile numbers
  { input: '我的手机是13800138000，请尽快回复。', expected: '我的手机是138****8000，请尽快回复。', kinds: ['mobile'] },
  { input: '联系电话：138 0013 8000（白天都在）', expected: '联系电话：138****8000（白天都在）', kinds: ['mobile'] },
  { input: '家长手机138-0013-8000，晚上也可以打。', expected: '家长手机138****8000，晚上也可以打。', kinds: ['mobile'] },
  { input: '我在外地打工，号码+86 139 1234 5678。', expected: '我在外地打工，号码+86 139****5678。', kinds: ['mobile'] },
  { input: '麻烦回拨+8615912345678，谢谢', expected: '麻烦回拨+86159****5678，谢谢', kinds: ['mobile'] },
  { input: '手机：１５９１２３４５６７８', expected: '手机：159****5678', kinds: ['mobile'] },
  { input: '孩子爸爸电话18812345678，妈妈电话17712345678。', expected: '孩子爸爸电话188****5678，妈妈电话177****5678。', kinds: ['mobile', 'mobile'] },
  // Landlines
  { input: '我家座机0571-87654321，白天有老人在。', expected: '我家座机0571-****，白天有老人在。', kinds: ['landline'] },
  { input: '可以打(010)12345678找我。', expected: '可以打(010)****找我。', kinds: ['landline'] },
  { input: '固话：87654321，手机不方便接。', expected: '固话：****，手机不方便接。', kinds: ['landline'] },
  { input: '单位电话 0571-86001234转8001，找王会计。', expected: '单位电话 0571-****，找王会计。', kinds: ['landline'] },
  { input: '家里电话号码是 6543210。', expected: '家里电话号码是 ****。', kinds: ['landline'] },
  // ID numbers
  { input: '孩子的身份证号是33010620100101123X，学籍信息对不上。', expected: '孩子的身份证号是***，学籍信息对不上。', kinds: ['id_number'] },
  { input: '我儿子的证件 11010519491231002x 已经交给班主任了', expected: '我儿子的证件 *** 已经交给班主任了', kinds: ['id_number'] },
  // Check digit should be X: mistyped, still masked.
  { input: '报名表上填的330106201001011234不对吗？', expected: '报名表上填的***不对吗？', kinds: ['id_number'] },
  { input: '身份证 330106 20150618 0047 ，户口在外省。', expected: '身份证 *** ，户口在外省。', kinds: ['id_number'] },
  { input: '老身份证号码：330106900101123，还能用吗？', expected: '老身份证号码：***，还能用吗？', kinds: ['id_number'] },
  // After 身份证 the label decides, even with an impossible date.
  { input: '身份证号：330106201013451234', expected: '身份证号：***', kinds: ['id_number'] },
  // E-mail
  { input: '请把处理结果发到 wang.xiaoming@example.com ，谢谢！', expected: '请把处理结果发到 *** ，谢谢！', kinds: ['email'] },
  { input: '材料已发到13800138000@163.com邮箱', expected: '材料已发到***邮箱', kinds: ['email'] },
  { input: '邮箱：ｌｉｌｅｉ＠ｑｑ．ｃｏｍ', expected: '邮箱：***', kinds: ['email'] },
  // QQ
  { input: '我QQ：123456789，家长群里也能找到我。', expected: '我QQ：***，家长群里也能找到我。', kinds: ['qq'] },
  { input: 'qq号 87654321，加的时候备注家长', expected: 'qq号 ***，加的时候备注家长', kinds: ['qq'] },
  { input: '有事加我扣扣 10001 聊', expected: '有事加我扣扣 *** 聊', kinds: ['qq'] },
  { input: '我的Q号是2345678901', expected: '我的Q号是***', kinds: ['qq'] },
  { input: '班级QQ群号：765432109，陌生人也在里面。', expected: '班级QQ群号：***，陌生人也在里面。', kinds: ['qq'] },
  // WeChat
  { input: '我的微信号是 wang_xm2026，欢迎联系。', expected: '我的微信号是 ***，欢迎联系。', kinds: ['wechat'] },
  { input: '老师加一下 vx：Zhang-Li88', expected: '老师加一下 vx：***', kinds: ['wechat'] },
  { input: '加VX 13800138000，手机不常看', expected: '加VX ***，手机不常看', kinds: ['wechat'] },
  { input: '可以加wx: mom_of_lele 详聊', expected: '可以加wx: *** 详聊', kinds: ['wechat'] },
  // Student and exam numbers
  { input: '孩子学号20230105，在三年级2班。', expected: '孩子学号***，在三年级2班。', kinds: ['student_number'] },
  { input: '准考证号：3301202600123，成绩一直查不到。', expected: '准考证号：***，成绩一直查不到。', kinds: ['student_number'] },
  { input: '学籍号G33010620150618004X一直显示错误', expected: '学籍号***一直显示错误', kinds: ['student_number'] },
  { input: '中考考号 A2026-0315，座位安排有问题', expected: '中考考号 ***，座位安排有问题', kinds: ['student_number'] },
  // Licence plates
  { input: '校门口那辆浙A12345天天乱停。', expected: '校门口那辆浙A***天天乱停。', kinds: ['plate'] },
  { input: '接送车京A·D12345占用消防通道', expected: '接送车京A***占用消防通道', kinds: ['plate'] },
  { input: '校车粤B12345D超载，请查。', expected: '校车粤B***超载，请查。', kinds: ['plate'] },
  { input: '车牌号 苏E 8K2Q7，每天早上都在。', expected: '车牌号 苏E***，每天早上都在。', kinds: ['plate'] },
  // Names from the contact fields
  { input: '我叫王小明，王老师对孩子很好。', expected: '我叫王**，王老师对孩子很好。', kinds: ['name'], options: { names: ['王小明'] } },
  { input: '李建国反映：王女士说得对。', expected: '李**反映：王女士说得对。', kinds: ['name'], options: { names: ['王女士', '李建国'] } },
  { input: '欧阳娜娜的家长来电咨询。', expected: '欧阳**的家长来电咨询。', kinds: ['name'], options: { names: ['欧阳娜娜'] } },
  { input: '张三丰老师您好，关于课后服务…', expected: '张**老师您好，关于课后服务…', kinds: ['name'], options: { names: ['张三丰老师'] } },
  { input: 'Hi, this is Emily Chen. emily chen的孩子在一班。', expected: 'Hi, this is E***. E***的孩子在一班。', kinds: ['name', 'name'], options: { names: ['Emily Chen'] } },
  // Several at once, emoji, markup, mixed scripts
  {
    input: '王小明，13800138000，QQ 12345678，浙A12345',
    expected: '王**，138****8000，QQ ***，浙A***',
    kinds: ['name', 'mobile', 'qq', 'plate'],
    options: { names: ['王小明'] },
  },
  { input: '👍👍 我的手机13800138000 📱，🙏', expected: '👍👍 我的手机138****8000 📱，🙏', kinds: ['mobile'] },
  { input: '<p>电话：<b>13800138000</b></p>', expected: '<p>电话：<b>138****8000</b></p>', kinds: ['mobile'] },
  {
    input: 'Mom of 小明 here, tel: 13912345678, mail: mom@163.com 😊',
    expected: 'Mom of 小明 here, tel: 139****5678, mail: *** 😊',
    kinds: ['mobile', 'email'],
  },
  {
    input: '教育局电话0571-87654321打不通，我的电话0571-86001234。',
    expected: '教育局电话0571-87654321打不通，我的电话0571-****。',
    kinds: ['landline'],
    options: { keep: ['0571-87654321'] },
  },
  {
    input: '局里号码(0571)87654321没人接，我的13812345678。',
    expected: '局里号码(0571)87654321没人接，我的138****5678。',
    kinds: ['mobile'],
    options: { keep: ['0571-87654321', '12345'] },
  },
];

// Look like personal information to a careless pattern, but are not: they must come back as sent.
const NEAR_MISSES: Array<{ input: string; options?: RedactionOptions }> = [
  { input: '孩子从2026年3月31日开始请病假。' },
  { input: '通知说2026-03-31前交表，系统里写的截止日是20260331。' },
  { input: '放学时间是16:30，可17:45才有人来接，有时到18:05:30。' },
  { input: '学校额外收费 1380 元，合理吗？' },
  { input: '一共交了¥12,345.00，没有收据。' },
  { input: '听说这个工程花了13800138000元，钱去哪了？' },
  { input: '预算13800000元，实际￥13912345678？' },
  { input: '根据教发〔2026〕3号文件，学校不得收费。' },
  { input: '示教办〔2026〕12号要求各校自查，我们学校没动静。' },
  { input: '三年级2班的作业太多了，12点才睡。' },
  { input: '近视率达到52.3%，比去年多了13%。' },
  { input: '我打了12345热线也没人管。' },
  { input: '请拨打局里公布的0000-12345678反映。', options: { keep: ['0000-12345678'] } },
  { input: '我的查询码是FK20261126-7QXM，请问进展如何？' },
  { input: '订单号202603311234567890不是身份证号。' },
  { input: '王老师和王校长都很负责，周末还带我们去王府井。', options: { names: ['王小明'] } },
  { input: '王女士您好，谢谢王老师。', options: { names: ['王女士', '王'] } },
  { input: '<script>alert("13")</script><a href="/feedback?id=42">反馈</a>' },
  { input: '微信公众号发布的通知，用微信支付了 50 元。' },
  { input: '学号和姓名都填了，我是12号。' },
  { input: '浙江省杭州市西湖区，京沪高铁。' },
  { input: 'QQ群里通知的，iPhone 15 Pro 收不到。' },
  { input: '流水号1380013800，共10位。' },
  { input: '电话费每月50元，座机早就停了。' },
  { input: '成绩从135分降到98分，排名第1380名。' },
];

function expectConsistent(input: string, matches: ReturnType<typeof suggestRedaction>['matches']): void {
  let previousEnd = 0;
  for (const match of matches) {
    expect(input.slice(match.start, match.end)).toBe(match.original);
    expect(match.start).toBeGreaterThanOrEqual(previousEnd);
    previousEnd = match.end;
  }
}

describe('suggestRedaction', () => {
  it.each(MASKED)('masks $kinds in "$input"', ({ input, expected, kinds, options }) => {
    const { text, matches } = suggestRedaction(input, options);
    expect(text).toBe(expected);
    expect(matches.map((match) => match.kind)).toEqual(kinds);
    expectConsistent(input, matches);
  });

  it.each(NEAR_MISSES)('leaves "$input" unchanged', ({ input, options }) => {
    expect(suggestRedaction(input, options)).toEqual({ text: input, matches: [] });
  });

  it.each(MASKED)('is idempotent on "$input"', ({ input, options }) => {
    const once = suggestRedaction(input, options);
    expect(suggestRedaction(once.text, options)).toEqual({ text: once.text, matches: [] });
  });

  it('reports offsets in UTF-16 code units of the original text, emoji included', () => {
    const input = '🧒🏻孩子妈妈：王小明 📞 +86 138-0013-8000 ✉️ a.b@school.edu.cn';
    const { matches } = suggestRedaction(input, { names: ['王小明'] });
    expect(matches).toEqual([
      { kind: 'name', start: input.indexOf('王'), end: input.indexOf('王') + 3, original: '王小明', replacement: '王**' },
      {
        kind: 'mobile',
        start: input.indexOf('+86'),
        end: input.indexOf('+86') + '+86 138-0013-8000'.length,
        original: '+86 138-0013-8000',
        replacement: '+86 138****8000',
      },
      {
        kind: 'email',
        start: input.indexOf('a.b@'),
        end: input.length,
        original: 'a.b@school.edu.cn',
        replacement: '***',
      },
    ]);
  });

  it('lets the longest match win where matches overlap', () => {
    // A mobile number inside an e-mail address, an ID number inside a 学籍号.
    expect(suggestRedaction('13800138000@163.com').matches).toMatchObject([{ kind: 'email', start: 0, end: 19 }]);
    expect(suggestRedaction('学籍号：G33010620150618004X').matches).toMatchObject([{ kind: 'student_number', start: 4, end: 23 }]);
  });

  it('keeps a kept string only where the match lies inside it', () => {
    // Keeping the 12345 hotline must not unmask a mobile number that contains 12345.
    expect(suggestRedaction('拨12345或13812345678', { keep: ['12345'] }).text).toBe('拨12345或138****5678');
  });

  it('returns a text with nothing to mask unchanged', () => {
    const input = '老师您好：孩子最近作业负担很重，希望学校能合理安排，谢谢！';
    expect(suggestRedaction(input)).toEqual({ text: input, matches: [] });
    expect(suggestRedaction('')).toEqual({ text: '', matches: [] });
  });

  it('has a Chinese label for every kind', () => {
    expect(Object.keys(REDACTION_KIND_LABELS).sort()).toEqual([...REDACTION_KINDS].sort());
    expect(REDACTION_KIND_LABELS.mobile).toBe('手机号码');
    expect(REDACTION_KIND_LABELS.student_number).toBe('学号/考号');
  });

  it('handles a 5,000-character opinion (runaway backtracking would show as the test timing out; no duration is asserted)', () => {
    const paragraph =
      '王小明家长反映：孩子在三年级2班，2026年3月31日学校收费1380元，电话13800138000，' +
      '座机0571-87654321，QQ：12345678，车牌浙A12345，依据教发〔2026〕3号。😊 ';
    const input = paragraph.repeat(Math.ceil(5000 / paragraph.length)).slice(0, 5000);
    const { text, matches } = suggestRedaction(input, { names: ['王小明'] });
    expect(matches.length).toBeGreaterThan(100);
    expect(text).not.toContain('13800138000');
  });
});
