import type { TLocale } from '@baosong/contract';

const MESSAGES = {
  required: { 'zh-CN': '必填', 'zh-TW': '必填', en: 'required' },
  tooLong: { 'zh-CN': '超过 {max} 个字符', 'zh-TW': '超過 {max} 個字元', en: 'longer than {max} characters' },
  tooShort: { 'zh-CN': '至少 {min} 个字符', 'zh-TW': '至少 {min} 個字元', en: 'at least {min} characters' },
  unknownGroup: { 'zh-CN': '没有名为“{v}”的分组', 'zh-TW': '沒有名為「{v}」的分組', en: 'no group named "{v}"' },
  unknownUnit: { 'zh-CN': '没有名为“{v}”的单位', 'zh-TW': '沒有名為「{v}」的單位', en: 'no unit named "{v}"' },
  inactiveUnit: { 'zh-CN': '单位“{v}”已停用', 'zh-TW': '單位「{v}」已停用', en: 'unit "{v}" is deactivated' },
  unknownRole: { 'zh-CN': '不认识的角色“{v}”', 'zh-TW': '不認識的角色「{v}」', en: 'unknown role "{v}"' },
  badEmail: { 'zh-CN': '电子邮箱格式不正确', 'zh-TW': '電子郵件格式不正確', en: 'not a valid e-mail address' },
  badUsername: {
    'zh-CN': '只能使用字母、数字和 _ . -，2 至 64 位',
    'zh-TW': '只能使用字母、數字和 _ . -，2 至 64 位',
    en: '2–64 letters, digits, _ . - only',
  },
  duplicateInFile: { 'zh-CN': '与第 {row} 行重复', 'zh-TW': '與第 {row} 行重複', en: 'repeats row {row}' },
  unitRequired: {
    'zh-CN': '信息员和单位审核人必须填写所属单位',
    'zh-TW': '資訊員和單位審核人必須填寫所屬單位',
    en: 'reporters and unit approvers need a unit',
  },
  weakPassword: {
    'zh-CN': '密码至少 {min} 位，且包含大写、小写、数字、符号中至少三类',
    'zh-TW': '密碼至少 {min} 位，且包含大寫、小寫、數字、符號中至少三類',
    en: 'at least {min} characters from three of: upper, lower, digits, symbols',
  },
  empty: { 'zh-CN': '文件中没有数据行', 'zh-TW': '檔案中沒有資料列', en: 'the file has no data rows' },
} as const;

export type ImportMessage = keyof typeof MESSAGES;

export function importMessage(locale: TLocale, key: ImportMessage, params: Record<string, string | number> = {}): string {
  return MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}
