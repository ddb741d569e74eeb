/**
 * Stable error codes. The server answers application/problem+json with `code`, and a `message` in the user's
 * language taken from ERROR_MESSAGES; the web app shows `message` as given.
 */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: {
    'zh-CN': '提交的数据不符合要求',
    'zh-TW': '提交的資料不符合要求',
    en: 'The submitted data is not valid',
  },
  UNAUTHENTICATED: { 'zh-CN': '请先登录', 'zh-TW': '請先登入', en: 'Please sign in first' },
  SESSION_EXPIRED: {
    'zh-CN': '会话已过期，请重新登录',
    'zh-TW': '工作階段已逾時，請重新登入',
    en: 'Your session has expired; please sign in again',
  },
  FORBIDDEN: { 'zh-CN': '没有执行此操作的权限', 'zh-TW': '沒有執行此操作的權限', en: 'You are not allowed to do this' },
  CSRF_INVALID: {
    'zh-CN': '安全令牌无效，请刷新页面后重试',
    'zh-TW': '安全權杖無效，請重新整理頁面後重試',
    en: 'Security token missing or invalid; reload the page and try again',
  },
  PASSWORD_CHANGE_REQUIRED: {
    'zh-CN': '首次登录须先修改密码',
    'zh-TW': '首次登入須先修改密碼',
    en: 'Password change required before continuing',
  },
  INVALID_CREDENTIALS: {
    'zh-CN': '用户名或密码错误',
    'zh-TW': '使用者名稱或密碼錯誤',
    en: 'Wrong user name or password',
  },
  ACCOUNT_LOCKED: {
    'zh-CN': '连续登录失败次数过多，账户已锁定至 {until}',
    'zh-TW': '連續登入失敗次數過多，帳戶已鎖定至 {until}',
    en: 'Too many failed sign-ins; the account is locked until {until}',
  },
  ACCOUNT_INACTIVE: {
    'zh-CN': '该账户已停用，请联系管理员',
    'zh-TW': '該帳戶已停用，請聯絡管理員',
    en: 'This account has been deactivated; contact the administrator',
  },
  LOGIN_RATE_LIMITED: {
    'zh-CN': '该地址登录失败次数过多，请 {minutes} 分钟后再试',
    'zh-TW': '該位址登入失敗次數過多，請 {minutes} 分鐘後再試',
    en: 'Too many failed sign-ins from this address; try again in {minutes} min',
  },
  SECOND_FACTOR_INVALID: {
    'zh-CN': '验证码或恢复码不正确',
    'zh-TW': '驗證碼或復原碼不正確',
    en: 'The code is not valid',
  },
  SECOND_FACTOR_CHALLENGE_EXPIRED: {
    'zh-CN': '登录验证已失效，请重新输入用户名和密码',
    'zh-TW': '登入驗證已失效，請重新輸入使用者名稱和密碼',
    en: 'This sign-in has expired; enter your user name and password again',
  },
  SECOND_FACTOR_ALREADY_ENABLED: {
    'zh-CN': '已启用双因素认证',
    'zh-TW': '已啟用雙因素認證',
    en: 'Two-factor authentication is already on',
  },
  SECOND_FACTOR_NOT_ENABLED: {
    'zh-CN': '尚未启用双因素认证',
    'zh-TW': '尚未啟用雙因素認證',
    en: 'Two-factor authentication is not on',
  },
  SECOND_FACTOR_NO_ENROLMENT: {
    'zh-CN': '请先生成密钥并用验证器应用扫描二维码',
    'zh-TW': '請先產生金鑰並用驗證器應用程式掃描 QR 碼',
    en: 'Start the set-up first and scan the QR code with an authenticator app',
  },
  SECOND_FACTOR_REQUIRED_BY_ROLE: {
    'zh-CN': '您的角色要求使用双因素认证，不能停用',
    'zh-TW': '您的角色要求使用雙因素認證，不能停用',
    en: 'Your role requires two-factor authentication; it cannot be turned off',
  },
  SECOND_FACTOR_KEY_MISSING: {
    'zh-CN': '服务器缺少密钥配置（BAOSONG_SECRET_KEY），无法校验验证码，请联系管理员',
    'zh-TW': '伺服器缺少金鑰設定（BAOSONG_SECRET_KEY），無法校驗驗證碼，請聯絡管理員',
    en: 'The server lacks its key (BAOSONG_SECRET_KEY) and cannot check codes; contact the administrator',
  },
  SESSION_NOT_FOUND: {
    'zh-CN': '该会话不存在或已结束',
    'zh-TW': '該工作階段不存在或已結束',
    en: 'No such session, or it has ended',
  },
  MIGRATIONS_PENDING: {
    'zh-CN': '数据库结构尚未升级到当前版本',
    'zh-TW': '資料庫結構尚未升級到目前版本',
    en: 'The database schema has not been migrated to this version',
  },
  PASSWORD_WEAK: {
    'zh-CN': '密码至少 {min} 位，且须包含大写字母、小写字母、数字、符号中的至少三类',
    'zh-TW': '密碼至少 {min} 位，且須包含大寫字母、小寫字母、數字、符號中的至少三類',
    en: 'The password needs at least {min} characters from at least three of: upper case, lower case, digits, symbols',
  },
  PASSWORD_WRONG: { 'zh-CN': '当前密码不正确', 'zh-TW': '目前密碼不正確', en: 'The current password is wrong' },
  PASSWORD_REUSED: {
    'zh-CN': '新密码不能与当前密码相同',
    'zh-TW': '新密碼不能與目前密碼相同',
    en: 'The new password must differ from the current one',
  },
  NOT_FOUND: { 'zh-CN': '记录不存在', 'zh-TW': '記錄不存在', en: 'Not found' },
  UNIT_NAME_TAKEN: {
    'zh-CN': '已有同名单位：{name}',
    'zh-TW': '已有同名單位：{name}',
    en: 'A unit with this name already exists: {name}',
  },
  GROUP_NAME_TAKEN: {
    'zh-CN': '已有同名分组：{name}',
    'zh-TW': '已有同名分組：{name}',
    en: 'A group with this name already exists: {name}',
  },
  USERNAME_TAKEN: {
    'zh-CN': '用户名已被使用：{username}',
    'zh-TW': '使用者名稱已被使用：{username}',
    en: 'This user name is taken: {username}',
  },
  UNIT_REQUIRED: {
    'zh-CN': '信息员和单位审核人必须属于一个报送单位',
    'zh-TW': '資訊員和單位審核人必須屬於一個報送單位',
    en: 'Reporters and unit approvers must belong to a reporting unit',
  },
  UNIT_INACTIVE: {
    'zh-CN': '所选单位已停用',
    'zh-TW': '所選單位已停用',
    en: 'The chosen unit is deactivated',
  },
  CANNOT_DEACTIVATE_SELF: {
    'zh-CN': '不能停用自己的账户',
    'zh-TW': '不能停用自己的帳戶',
    en: 'You cannot deactivate your own account',
  },
  LAST_ADMINISTRATOR: {
    'zh-CN': '至少须保留一名启用的管理员',
    'zh-TW': '至少須保留一名啟用的管理員',
    en: 'At least one active administrator must remain',
  },
  IMPORT_INVALID: {
    'zh-CN': '导入文件有 {count} 处错误，未导入任何数据',
    'zh-TW': '匯入檔案有 {count} 處錯誤，未匯入任何資料',
    en: 'The import file has {count} errors; nothing was imported',
  },
  IMPORT_UNREADABLE: {
    'zh-CN': '无法读取文件，请上传由模板填写的 .xlsx 文件',
    'zh-TW': '無法讀取檔案，請上傳由範本填寫的 .xlsx 檔案',
    en: 'The file cannot be read; upload an .xlsx file filled in from the template',
  },
  ILLEGAL_TRANSITION: {
    'zh-CN': '稿件当前状态为“{state}”，不能执行“{action}”',
    'zh-TW': '稿件目前狀態為「{state}」，不能執行「{action}」',
    en: 'The article is now "{state}"; "{action}" is not possible',
  },
  ARTICLE_CONFLICT: {
    'zh-CN': '稿件已被他人修改（当前状态：{state}，最后操作人：{by}），请刷新后再操作',
    'zh-TW': '稿件已被他人修改（目前狀態：{state}，最後操作人：{by}），請重新整理後再操作',
    en: 'Someone else changed this article (now "{state}", last by {by}); reload and try again',
  },
  NOT_EDITABLE: {
    'zh-CN': '稿件当前状态为“{state}”，不能修改',
    'zh-TW': '稿件目前狀態為「{state}」，不能修改',
    en: 'The article cannot be edited while "{state}"',
  },
  COMMENT_REQUIRED: { 'zh-CN': '请填写意见或理由', 'zh-TW': '請填寫意見或理由', en: 'A comment or reason is required' },
  GUARD_BLOCKED: {
    'zh-CN': '稿件未通过报送检查，不能报送：{reason}',
    'zh-TW': '稿件未通過報送檢查，不能報送：{reason}',
    en: 'The article failed the submission checks: {reason}',
  },
  CONFIRMATION_REQUIRED: {
    'zh-CN': '稿件中含有疑似个人信息，请确认后再报送',
    'zh-TW': '稿件中含有疑似個人資訊，請確認後再報送',
    en: 'The article seems to contain personal data; confirm before submitting',
  },
  DOCX_INVALID: { 'zh-CN': '{reason}', 'zh-TW': '{reason}', en: '{reason}' },
  ATTACHMENT_TYPE: {
    'zh-CN': '不支持的文件类型：只能上传图片（PNG、JPEG、GIF、WebP）和文档（PDF、Word、Excel、WPS、OFD、TXT）',
    'zh-TW': '不支援的檔案類型：只能上傳圖片（PNG、JPEG、GIF、WebP）和文件（PDF、Word、Excel、WPS、OFD、TXT）',
    en: 'Unsupported file type: pictures (PNG, JPEG, GIF, WebP) and documents (PDF, Word, Excel, WPS, OFD, TXT) only',
  },
  ATTACHMENT_TOO_LARGE: {
    'zh-CN': '文件超过 {max} MB 的上限',
    'zh-TW': '檔案超過 {max} MB 的上限',
    en: 'The file is larger than the {max} MB limit',
  },
  ATTACHMENT_LIMIT: {
    'zh-CN': '每篇稿件最多 {max} 个附件',
    'zh-TW': '每篇稿件最多 {max} 個附件',
    en: 'At most {max} attachments per article',
  },
  PATTERN_INVALID: {
    'zh-CN': '规则“{pattern}”不是有效的正则表达式',
    'zh-TW': '規則「{pattern}」不是有效的正規表示式',
    en: '"{pattern}" is not a valid regular expression',
  },
  TOPIC_NAME_TAKEN: {
    'zh-CN': '{year} 年已有名为“{name}”的重点工作',
    'zh-TW': '{year} 年已有名為「{name}」的重點工作',
    en: 'Topic "{name}" already exists for {year}',
  },
  ISSUE_RELEASED: {
    'zh-CN': '已印发的刊物不能修改；如需更正，请编发更正期',
    'zh-TW': '已印發的刊物不能修改；如需更正，請編發更正期',
    en: 'A released issue cannot change; publish an erratum issue instead',
  },
  ISSUE_NOT_EDITABLE: {
    'zh-CN': '本期当前状态为“{state}”，不能修改',
    'zh-TW': '本期目前狀態為「{state}」，不能修改',
    en: 'The issue cannot be edited while "{state}"',
  },
  ISSUE_EMPTY: { 'zh-CN': '本期还没有稿件，不能送签', 'zh-TW': '本期還沒有稿件，不能送簽', en: 'The issue has no pieces yet' },
  ISSUE_CONFLICT: {
    'zh-CN': '本期已被他人修改（当前状态：{state}），请刷新后再操作',
    'zh-TW': '本期已被他人修改（目前狀態：{state}），請重新整理後再操作',
    en: 'Someone else changed this issue (now "{state}"); reload and try again',
  },
  ARTICLE_NOT_PLACEABLE: {
    'zh-CN': '只能编入已采用或备用的稿件：“{title}”当前为“{state}”',
    'zh-TW': '只能編入已採用或備用的稿件：「{title}」目前為「{state}」',
    en: 'Only adopted or reserved articles can be placed: "{title}" is "{state}"',
  },
  PUBLICATION_INACTIVE: {
    'zh-CN': '刊物“{name}”在 {year} 年未启用',
    'zh-TW': '刊物「{name}」在 {year} 年未啟用',
    en: 'Publication "{name}" is not active in {year}',
  },
  PUBLICATION_NAME_TAKEN: {
    'zh-CN': '已有同名刊物：{name}',
    'zh-TW': '已有同名刊物：{name}',
    en: 'A publication with this name exists: {name}',
  },
  ERRATUM_INVALID: {
    'zh-CN': '只能更正同一刊物已印发的一期',
    'zh-TW': '只能更正同一刊物已印發的一期',
    en: 'An erratum must refer to a released issue of the same publication',
  },
  INSTRUCTION_TARGET: {
    'zh-CN': '只能对已印发的刊物及其中的稿件作批示',
    'zh-TW': '只能對已印發的刊物及其中的稿件作批示',
    en: 'Instructions can only be recorded on released issues and their pieces',
  },
  NOTICE_RELEASED: {
    'zh-CN': '已印发的通报不能修改',
    'zh-TW': '已印發的通報不能修改',
    en: 'A released notice cannot change',
  },
  NOTICE_CONFLICT: {
    'zh-CN': '该通报已被他人修改（当前状态：{state}），请刷新后再操作',
    'zh-TW': '該通報已被他人修改（目前狀態：{state}），請重新整理後再操作',
    en: 'Someone else changed this notice (now "{state}"); reload and try again',
  },
  NOTICE_UNKNOWN_PARAGRAPH: {
    'zh-CN': '通报中没有这一段：{id}',
    'zh-TW': '通報中沒有這一段：{id}',
    en: 'The notice has no paragraph {id}',
  },
  NOTICE_UNKNOWN_FIGURE: {
    'zh-CN': '段落中的数据标记“{name}”不属于这一段，请保留原有标记',
    'zh-TW': '段落中的數據標記「{name}」不屬於這一段，請保留原有標記',
    en: 'The figure placeholder "{name}" does not belong to this paragraph; keep the paragraph\'s own placeholders',
  },
  NOTICE_NUMBER_TAKEN: {
    'zh-CN': '文号 {number} 已被另一份已印发的通报使用',
    'zh-TW': '文號 {number} 已被另一份已印發的通報使用',
    en: 'Document number {number} is used by another released notice',
  },
  CHANNEL_NAME_TAKEN: { 'zh-CN': '已有同名上报渠道：{name}', 'zh-TW': '已有同名上報渠道：{name}', en: 'A channel with this name already exists: {name}' },
  UPSTREAM_PUBLICATION_TAKEN: { 'zh-CN': '该渠道已有同名刊物：{name}', 'zh-TW': '該渠道已有同名刊物：{name}', en: 'This channel already has a publication named {name}' },
  CHANNEL_INACTIVE: { 'zh-CN': '该上报渠道已停用', 'zh-TW': '該上報渠道已停用', en: 'This channel is no longer in use' },
  PIECE_NOT_FORWARDABLE: {
    'zh-CN': '只能上报已采用的稿件或已印发期刊中的稿件：{title}',
    'zh-TW': '只能上報已採用的稿件或已印發期刊中的稿件：{title}',
    en: 'Only adopted articles or pieces of released issues can be forwarded: {title}',
  },
  PIECE_ALREADY_FORWARDED: {
    'zh-CN': '该稿件已通过{channel}上报：{title}',
    'zh-TW': '該稿件已透過{channel}上報：{title}',
    en: 'This piece was already forwarded through {channel}: {title}',
  },
  FORWARDING_STATE: {
    'zh-CN': '该上报记录当前状态不允许此操作',
    'zh-TW': '該上報記錄目前狀態不允許此操作',
    en: 'This forwarding is not in a state that allows this',
  },
  OUTCOME_NOT_SENT: { 'zh-CN': '稿件尚未签发上报，不能登记上级采用情况', 'zh-TW': '稿件尚未簽發上報，不能登記上級採用情況', en: 'The piece has not been sent yet; no outcome can be recorded' },
  OUTCOME_PUBLICATION: {
    'zh-CN': '采用的须注明该渠道的上级刊物',
    'zh-TW': '採用的須註明該渠道的上級刊物',
    en: 'An adoption must name a publication of the channel',
  },
  OUTBOX_NOT_FAILED: { 'zh-CN': '只有发送失败的消息可以重发', 'zh-TW': '只有傳送失敗的訊息可以重發', en: 'Only failed messages can be sent again' },
  SOLICITATION_CLOSED: { 'zh-CN': '该约稿已结束', 'zh-TW': '該約稿已結束', en: 'This solicitation is closed' },
  SOLICITATION_NOT_FOR_UNIT: { 'zh-CN': '该约稿不是发给本单位的', 'zh-TW': '該約稿不是發給本單位的', en: 'This solicitation is not addressed to your unit' },
  SOLICITATION_MANDATORY: { 'zh-CN': '该约稿为必报，不能说明不报', 'zh-TW': '該約稿為必報，不能說明不報', en: 'This solicitation is mandatory and cannot be declined' },
  SOLICITATION_ALREADY_ANSWERED: { 'zh-CN': '本单位已报送稿件，不能再说明不报', 'zh-TW': '本單位已報送稿件，不能再說明不報', en: 'Your unit has already answered; it cannot decline' },
  SOLICITATION_NO_ANSWER: { 'zh-CN': '该单位尚未报送稿件，无法评价', 'zh-TW': '該單位尚未報送稿件，無法評價', en: 'This unit has not answered; there is nothing to rate' },
  FOLLOWUP_CLOSED: { 'zh-CN': '该落实反馈事项已关闭', 'zh-TW': '該落實回饋事項已關閉', en: 'This follow-up is closed' },
  FOLLOWUP_NOT_FOR_UNIT: {
    'zh-CN': '该落实反馈事项不涉及本单位',
    'zh-TW': '該落實回饋事項不涉及本單位',
    en: 'This follow-up is not addressed to your unit',
  },
  ASSESSMENT_FROZEN: {
    'zh-CN': '{period}的考核结果已确定为正式结果，不能再次确定',
    'zh-TW': '{period}的考核結果已確定為正式結果，不能再次確定',
    en: 'The assessment of {period} is already frozen as official',
  },
  RANK_UNKNOWN: {
    'zh-CN': '没有“{rank}”这一领导级别，请由管理员在系统设置中添加',
    'zh-TW': '沒有「{rank}」這一領導級別，請由管理員在系統設定中新增',
    en: 'Unknown leader rank "{rank}"; an administrator can add it in the settings',
  },
  RANK_DUPLICATE: {
    'zh-CN': '领导级别代码重复或与内置级别相同：{rank}',
    'zh-TW': '領導級別代碼重複或與內建級別相同：{rank}',
    en: 'Duplicate leader rank code, or one of the built-in ones: {rank}',
  },
  RATE_LIMITED: { 'zh-CN': '请求过于频繁，请稍后再试', 'zh-TW': '請求過於頻繁，請稍後再試', en: 'Too many requests; try again later' },
  DATABASE_UNAVAILABLE: {
    'zh-CN': '数据库暂时不可用，请稍后重试',
    'zh-TW': '資料庫暫時無法使用，請稍後重試',
    en: 'The database is temporarily unavailable; try again shortly',
  },
  INTERNAL: { 'zh-CN': '服务器内部错误', 'zh-TW': '伺服器內部錯誤', en: 'Internal server error' },
} as const;
export type TErrorCode = keyof typeof ERROR_MESSAGES;
export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type TLocale = (typeof LOCALES)[number];

export function pickLocale(acceptLanguage: string | undefined): TLocale {
  const h = (acceptLanguage ?? '').toLowerCase();
  for (const part of h.split(',')) {
    const tag = part.split(';')[0]!.trim();
    if (tag.startsWith('zh-tw') || tag.startsWith('zh-hk') || tag.startsWith('zh-hant')) return 'zh-TW';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export function formatError(code: TErrorCode, locale: TLocale, params: Record<string, string | number> = {}): string {
  const template: string = ERROR_MESSAGES[code][locale];
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
