// scripts/demo/sample-ledger.xlsx: a ledger as a county bureau keeps it in Excel, for trying the import
// on the demo bureau. A merged title and a line about who filled it in above the header (on row 3),
// the bureau's own header words (存在问题, 牵头单位, 责任人, 完成时限, 整改进展), a 序号 column and no
// 编号 column (the import gives codes by LEDGER_CODE_PATTERN and maps next month's sheet back by
// 序号 and problem text),
// cells with line breaks, dates as Excel dates and as text (2027年6月底前, 2026/12/31, 长期坚持),
// progress as 40%, 0.6 and 100%, one unit cell merged over two rows, note rows at the bottom and a
// hidden sheet. `npm run ledger-sample` writes it again; tests import it into the demo bureau.
import writeExcelFile, { type Cell, type Row } from 'write-excel-file/node';

export const SAMPLE_LEDGER_FILE = 'scripts/demo/sample-ledger.xlsx';
/** The codes the import gives the sample's five rows in the demo ledger (LEDGER_CODE_PATTERN's default in 2026, after the demo's ZG-2026-14). */
export const SAMPLE_LEDGER_CODES = ['ZG-2026-015', 'ZG-2026-016', 'ZG-2026-017', 'ZG-2026-018', 'ZG-2026-019'] as const;

const HEADERS = ['序号', '存在问题', '问题类别', '问题来源', '整改措施', '牵头单位', '责任人', '完成时限', '整改状态', '整改进展', '进度'];
const border = { borderStyle: 'thin', borderColor: '#808080' } as const;
const head = (value: string): Cell => ({ value, fontWeight: 'bold', align: 'center', alignVertical: 'center', wrap: true, backgroundColor: '#D9E1F2', ...border });
const text = (value: string): Cell => ({ value, type: String, wrap: true, alignVertical: 'top', ...border });
const centered = (value: string | number): Cell => (typeof value === 'number' ? { value, type: Number, align: 'center', alignVertical: 'top', ...border } : { value, type: String, align: 'center', alignVertical: 'top', wrap: true, ...border });
const wide = (value: string, height?: number): Row => [{ value, columnSpan: HEADERS.length, wrap: true, alignVertical: 'center', ...(height ? { height } : {}) }, ...HEADERS.slice(1).map(() => null)];

function rows(): Row[] {
  return [
    [{ value: '示例县教育局作风建设问题整改台账（2026年第四季度新增）', columnSpan: HEADERS.length, fontWeight: 'bold', fontSize: 16, align: 'center', height: 30 }, ...HEADERS.slice(1).map(() => null)],
    wide('填报单位：示例县教育局办公室　　　　　　填报日期：2026年11月20日'),
    HEADERS.map(head),
    [
      centered(1),
      text('群众反映部分学校课后服务内容单一，以看管和写作业为主，\n学生参与兴趣活动的机会少。'),
      centered('教学管理'),
      centered('群众点题'),
      text('1. 制定课后服务课程指南，每校至少开设5类兴趣活动。\n2. 引入少年宫、科技馆等校外资源进校园。\n3. 每学期开展一次家长满意度调查。'),
      centered('示例县教育局基础教育科'),
      centered('副局长 李某某'),
      { value: new Date(Date.UTC(2027, 2, 31)), type: Date, format: 'yyyy"年"m"月"d"日"', align: 'center', alignVertical: 'top', ...border },
      centered('推进中'),
      text('已完成全县课后服务现状调查，正在起草课程指南。'),
      centered('40%'),
    ],
    [
      centered(2),
      text('个别学校代收校服费、保险费时未充分告知“自愿”原则，家长有意见。'),
      centered('教育收费'),
      centered('座谈交流'),
      text('1. 全面清理学校代收费项目，坚持“家长自愿、据实收取、及时结算”。\n2. 代收费项目和标准在校内公示。'),
      centered('县实验小学'),
      centered('王某某（校长）'),
      centered('2027年6月底前'),
      centered('未启动'),
      text(''),
      centered(0),
    ],
    [
      centered(3),
      text('部分学校公用经费支出审批“一支笔”，集体研究不够。'),
      centered('经费使用'),
      centered('自查自纠'),
      text('推行学校“三重一大”事项集体决策，公用经费大额支出须经校务会研究并公示。'),
      centered('计划财务科'),
      centered('陈某某'),
      centered('长期坚持'),
      centered('长期坚持'),
      text('已在12所学校试行，2027年全面推开。'),
      { value: 0.6, type: Number, format: '0%', align: 'center', alignVertical: 'top', ...border },
    ],
    [
      centered(4),
      text('新教师入职培训中师德师风内容偏少，形式单一。'),
      centered('师德师风'),
      centered('民主测评'),
      text('将师德师风纳入新教师培训必修模块，开展案例教学和师德宣誓。'),
      { value: '人事科', type: String, rowSpan: 2, align: 'center', alignVertical: 'center', ...border },
      centered('副局长李某某'),
      centered('2026/12/31'),
      centered('整改中'),
      text('培训方案已修订，12月新教师培训中实施。'),
      centered('50%'),
    ],
    [
      centered(5),
      text('教师招聘公告发布渠道少，部分考生未能及时知晓报名信息。'),
      centered('招生入学'),
      centered('走访调研'),
      text('招聘公告同时在门户网站、公众号和县人社局网站发布，报名时间不少于7天。'),
      null,
      centered('副局长 李某某'),
      centered('2026.12.31'),
      centered('已完成'),
      text('2026年下半年招聘公告已按新要求发布。'),
      centered('100%'),
    ],
    HEADERS.map(() => null),
    wide('注：1. 本表由各牵头单位填报，办公室汇总。2. 完成时限为长期坚持的，每季度报送一次进展。', 36),
    wide('填表人：周敏　　　　审核人：李明'),
  ];
}

/** The first sheet is hidden (Excel users hide their working sheets, and the import must skip them). */
const hideFirstSheet = {
  files: {
    transform: {
      'xl/workbook.xml': {
        transformElementAttributes: (tagName: string, attributes: Record<string, string | number>, index: number | undefined) =>
          tagName === 'sheet' && index === 0 ? { ...attributes, state: 'hidden' } : attributes,
      },
    },
  },
};

export async function sampleLedgerXlsx(): Promise<Buffer> {
  const hidden: Row[] = [['原始编号', '备注'], ['15', '待核'], ['16', '待核']];
  return writeExcelFile(
    [
      { data: hidden, sheet: '原始记录' },
      { data: rows(), sheet: '整改台账', columns: [6, 36, 10, 10, 44, 16, 14, 16, 10, 30, 8].map((width) => ({ width })), stickyRowsCount: 3 },
    ],
    { features: [hideFirstSheet] },
  ).toBuffer();
}
