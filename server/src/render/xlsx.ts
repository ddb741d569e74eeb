import ExcelJS from 'exceljs';

export interface TemplateColumn {
  header: string;
  width: number;
  required?: boolean;
  /** Allowed values offered as a drop-down in the sheet. */
  list?: string[];
  example?: string;
}

/**
 * An import template: a header row (required columns marked ＊), an example row — or, when `rows` are given,
 * those rows pre-filled for the user to complete — and a sheet of instructions.
 */
export async function buildTemplate(sheetName: string, columns: TemplateColumn[], notes: string[], rows?: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Baosong';
  const ws = wb.addWorksheet(sheetName);
  ws.columns = columns.map((c) => ({ header: c.required ? `${c.header}＊` : c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8F0FE' } };
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  // Explicit row numbers: once the drop-downs below format rows 2..1000, addRow would append after them.
  if (rows) rows.forEach((r, i) => (ws.getRow(i + 2).values = r));
  else ws.getRow(2).values = columns.map((c) => c.example ?? '');
  columns.forEach((c, i) => {
    if (!c.list?.length) return;
    const listSheet = wb.getWorksheet('lists') ?? wb.addWorksheet('lists', { state: 'hidden' });
    const col = listSheet.getColumn(i + 1);
    c.list.forEach((v, j) => (listSheet.getCell(j + 1, i + 1).value = v));
    const letter = col.letter;
    for (let r = 2; r <= 1000; r++) {
      ws.getCell(r, i + 1).dataValidation = {
        type: 'list',
        allowBlank: !c.required,
        formulae: [`lists!$${letter}$1:$${letter}$${c.list.length}`],
      };
    }
  });
  const help = wb.addWorksheet('说明');
  help.getColumn(1).width = 100;
  notes.forEach((n) => help.addRow([n]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export interface SheetRow {
  row: number;
  values: Record<string, string>;
}

export class UnreadableWorkbook extends Error {}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v && typeof v.text === 'string') return v.text;
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return String(v);
}

/**
 * Reads the first sheet into rows keyed by header (the ＊ marks stripped). Blank rows are skipped; row numbers are
 * the spreadsheet's own, so errors point at what the user sees. The example row is ignored if left as shipped.
 */
export async function readSheet(buf: Buffer, headers: string[], exampleRow?: string[]): Promise<SheetRow[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(buf as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableWorkbook();
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new UnreadableWorkbook();
  const headerRow = ws.getRow(1);
  const colOf = new Map<string, number>();
  headerRow.eachCell((cell, col) => colOf.set(cellText(cell.value).replace(/[＊*\s]/g, ''), col));
  if (!headers.every((h) => colOf.has(h))) throw new UnreadableWorkbook();
  const out: SheetRow[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const values: Record<string, string> = {};
    for (const h of headers) values[h] = cellText(row.getCell(colOf.get(h)!).value).trim();
    if (Object.values(values).every((v) => v === '')) return;
    if (exampleRow && headers.every((h, i) => values[h] === (exampleRow[i] ?? ''))) return;
    out.push({ row: n, values });
  });
  return out;
}

/** One column of a sheet: its (Chinese) header and its width in characters. */
export interface XlsxColumn {
  header: string;
  width: number;
}

export type XlsxCell = string | number | null | undefined;

/**
 * One worksheet: columns and rows. A sheet with a header (the default) gets a bold header row frozen at the top; a
 * sheet without one (an explanatory 说明 sheet) has its rows from the first line and only uses the columns' widths.
 */
export interface XlsxSheet {
  name: string;
  columns: XlsxColumn[];
  rows: XlsxCell[][];
  header?: boolean;
}

/** Every data export (assessment, solicitation compliance, audit trail, dashboards) is written by this one helper. */
export async function xlsxWorkbook(sheets: XlsxSheet[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Baosong';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    const withHeader = s.header !== false;
    if (withHeader) ws.columns = s.columns.map((c) => ({ header: c.header, width: c.width }));
    else s.columns.forEach((c, i) => (ws.getColumn(i + 1).width = c.width));
    const first = withHeader ? 2 : 1;
    s.rows.forEach((r, i) => (ws.getRow(first + i).values = r.map((v) => (v === null || v === undefined ? '' : v))));
    if (withHeader) {
      ws.getRow(1).font = { bold: true };
      ws.views = [{ state: 'frozen', ySplit: 1 }];
    }
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A 说明 sheet: one wide column of sentences. */
export const notesSheet = (lines: string[], name = '说明'): XlsxSheet => ({ name, columns: [{ header: '', width: 80 }], rows: lines.map((l) => [l]), header: false });
