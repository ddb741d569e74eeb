import { describe, expect, it } from 'vitest';
import { findClassificationMarkings, findPersonalData, isValidResidentId, luhnValid, quotaFindings } from './guards.js';

// ---------- helpers computing check digits independently of the code under test ----------

/** GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written X. */
function withIdCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  const check = (12 - (sum % 11)) % 11;
  return first17 + (check === 10 ? 'X' : String(check));
}

/** Appends the Luhn check digit. */
function withLuhn(payload: string): string {
  for (let d = 0; d <= 9; d++) {
    const candidate = payload + d;
    let sum = 0;
    [...candidate].reverse().forEach((ch, i) => {
      let v = Number(ch);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    });
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable');
}

/** Finds a 17-digit ID body (fixed region and birth date, varying sequence) whose check character is X. */
function idEndingInX(): string {
  for (let seq = 0; seq < 1000; seq++) {
    const id = withIdCheck(`44030619850315${String(seq).padStart(3, '0')}`);
    if (id.endsWith('X')) return id;
  }
  throw new Error('no X check found');
}

const VALID_ID = withIdCheck('11010519491231002'); // Beijing, born 1949-12-31
const VALID_ID_X = idEndingInX();
const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');

const kinds = (findings: { kind: string }[]) => findings.map((f) => f.kind);

describe('resident ID numbers', () => {
  it('computes check digits the test way and the code agrees', () => {
    expect(isValidResidentId(VALID_ID)).toBe(true);
    expect(isValidResidentId(VALID_ID_X)).toBe(true);
    expect(VALID_ID_X.endsWith('X')).toBe(true);
    expect(isValidResidentId(VALID_ID_X.toLowerCase())).toBe(true);
    // The standard's published example.
    expect(isValidResidentId('11010519491231002X')).toBe(true);
  });

  it('rejects a wrong check character, an impossible date, a future birth and an unknown region', () => {
    expect(isValidResidentId(wrongCheck(VALID_ID))).toBe(false);
    expect(isValidResidentId(withIdCheck('11010519490231002'))).toBe(false); // 31 Feb
    expect(isValidResidentId(withIdCheck('11010518991231002'))).toBe(false); // before 1900
    expect(isValidResidentId(withIdCheck('11010520991231002'), new Date('2025-01-01'))).toBe(false);
    expect(isValidResidentId(withIdCheck('99010519491231002'))).toBe(false); // no province 99
  });

  it('flags a valid ID in text with its raw match and offset', () => {
    const text = `联系人张三，身份证号${VALID_ID}，电话另附。`;
    const findings = findPersonalData(text, 'zh-CN');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind: 'id_number', severity: 'confirm', match: VALID_ID, offset: text.indexOf(VALID_ID) });
    expect(findings[0]!.message).toBe(`疑似身份证号 110…${VALID_ID.slice(-4)}：请确认确需报送`);
  });

  it('flags an ID ending in X', () => {
    const findings = findPersonalData(`身份证：${VALID_ID_X}`, 'zh-CN');
    expect(findings).toMatchObject([{ kind: 'id_number', match: VALID_ID_X, offset: 4 }]);
  });

  it('does not flag an ID with a wrong check character or inside a longer digit run', () => {
    expect(kinds(findPersonalData(`证件号${wrongCheck(VALID_ID)}`, 'zh-CN'))).not.toContain('id_number');
    expect(kinds(findPersonalData(`编号9${VALID_ID}`, 'zh-CN'))).not.toContain('id_number');
    expect(kinds(findPersonalData(`编号${VALID_ID.slice(0, 17)}${VALID_ID[17]}7`, 'zh-CN'))).not.toContain('id_number');
  });

  it('reads full-width digits and reports the text as written', () => {
    const wide = [...VALID_ID].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    expect(findPersonalData(`号码${wide}`, 'zh-CN')).toMatchObject([{ kind: 'id_number', match: wide, offset: 2 }]);
  });
});

describe('mobile numbers', () => {
  it('flags a plain 11-digit mobile', () => {
    const text = '请联系13812345678咨询';
    expect(findPersonalData(text, 'zh-CN')).toMatchObject([{ kind: 'mobile', severity: 'confirm', match: '13812345678', offset: 3 }]);
  });

  it('flags mobiles written 3-4-4 with spaces or hyphens, and with +86', () => {
    expect(findPersonalData('电话：139 1234 5678。', 'zh-CN')).toMatchObject([{ kind: 'mobile', match: '139 1234 5678', offset: 3 }]);
    expect(findPersonalData('电话：150-1234-5678', 'zh-CN')).toMatchObject([{ kind: 'mobile', match: '150-1234-5678', offset: 3 }]);
    expect(findPersonalData('Tel +86 18612345678', 'en')).toMatchObject([{ kind: 'mobile', match: '+86 18612345678', offset: 4 }]);
  });

  it('does not flag numbers that are not mobiles', () => {
    expect(findPersonalData('12812345678', 'zh-CN')).toEqual([]); // second digit 2
    expect(findPersonalData('1381234567', 'zh-CN')).toEqual([]); // 10 digits
    expect(findPersonalData('流水号 2138123456780', 'zh-CN')).toEqual([]); // inside a longer run
    expect(findPersonalData('编号 13812345678901', 'zh-CN')).toEqual([]);
    expect(findPersonalData('号段 138 1234 5678 9012', 'zh-CN')).toEqual([]); // a longer grouped run
  });

  it('gives the message in each language', () => {
    expect(findPersonalData('13812345678', 'zh-CN')[0]!.message).toBe('疑似手机号码 138…5678：请确认确需报送');
    expect(findPersonalData('13812345678', 'zh-TW')[0]!.message).toBe('疑似手機號碼 138…5678：請確認確需報送');
    expect(findPersonalData('13812345678', 'en')[0]!.message).toBe('Possible mobile number 138…5678: confirm it really needs to be submitted');
  });
});

describe('bank card numbers', () => {
  const card = withLuhn('622202123456789'); // 16 digits, UnionPay prefix
  const grouped = card.replace(/(\d{4})(?=\d)/g, '$1 ');

  it('the sample numbers are Luhn-valid', () => {
    expect(luhnValid(card)).toBe(true);
    expect(luhnValid('6222021234567894')).toBe(true);
    expect(luhnValid('6222021234567895')).toBe(false);
  });

  it('flags a Luhn-valid card, plain or grouped in fours', () => {
    expect(findPersonalData(`账号${card}`, 'zh-CN')).toMatchObject([{ kind: 'bank_card', match: card, offset: 2 }]);
    expect(findPersonalData(`账号 ${grouped}。`, 'zh-CN')).toMatchObject([{ kind: 'bank_card', match: grouped, offset: 3 }]);
    expect(findPersonalData('卡号6222-0212-3456-7894', 'zh-CN')).toMatchObject([{ kind: 'bank_card', match: '6222-0212-3456-7894', offset: 2 }]);
    const nineteen = withLuhn('621700123456789012');
    expect(findPersonalData(`卡号${nineteen}`, 'zh-CN')).toMatchObject([{ kind: 'bank_card', match: nineteen }]);
  });

  it('does not flag a Luhn-invalid number, a number inside a longer run, or mixed separators', () => {
    const invalid = card.slice(0, 15) + String((Number(card[15]) + 1) % 10);
    expect(findPersonalData(`账号${invalid}`, 'zh-CN')).toEqual([]);
    expect(findPersonalData(`编号12${card}`, 'zh-CN')).toEqual([]);
    expect(findPersonalData('6222 0212-3456 7894', 'zh-CN')).toEqual([]);
  });

  it('does not report an ID number again as a card', () => {
    // An ID from Guangdong (44…) may also pass Luhn; it must appear once, as an ID.
    let id = '';
    for (let seq = 0; seq < 1000 && !id; seq++) {
      const candidate = withIdCheck(`44030619850315${String(seq).padStart(3, '0')}`);
      if (/^\d{18}$/.test(candidate) && luhnValid(candidate)) id = candidate;
    }
    expect(id).not.toBe('');
    expect(kinds(findPersonalData(`身份证${id}`, 'zh-CN'))).toEqual(['id_number']);
  });
});

describe('ordinary numbers are not personal data', () => {
  it.each([
    '2014年全市共报送信息1260篇，采用率达到35.6%。',
    '会议于2024年3月15日召开，投入资金12,345,678.90元。',
    '文号：市政办发〔2024〕15号，邮编100000，电话010-12345678。',
    '统计时间 20240315123045，共 3 个单位。',
    '项目编号 20241234567890123',
  ])('%s', (text) => {
    expect(findPersonalData(text, 'zh-CN')).toEqual([]);
  });

  it('reports several findings in text order', () => {
    const text = `甲：13812345678；乙：${VALID_ID}；丙：6222021234567894`;
    const found = findPersonalData(text, 'zh-CN');
    expect(kinds(found)).toEqual(['mobile', 'id_number', 'bank_card']);
    for (const f of found) expect(text.slice(f.offset!, f.offset! + f.match!.length)).toBe(f.match);
  });
});

describe('classification markings', () => {
  const matches = (text: string, extra: string[] = []) => findClassificationMarkings(text, extra, 'zh-CN').map((f) => f.match);

  it.each([
    ['秘密★1年\n关于全市安全生产情况的报告', '秘密★1年'],
    ['机密★\n正文', '机密★'],
    ['绝密★长期', '绝密★长期'],
    ['附件中标有“秘密★6个月”字样', '秘密★6个月'],
    ['機密★10年', '機密★10年'],
    ['机密\n关于xx的情况通报', '机密'],
    ['正文\n\n  秘密  \n正文', '秘密'],
    ['秘密级\n正文', '秘密级'],
    ['秘  密\n正文', '秘  密'],
    ['密级：秘密\n正文', '密级：秘密'],
    ['材料一份（密级：机密）', '密级：机密'],
    ['【秘密】关于加强某项工作的意见', '【秘密】'],
    ['（机密）\n正文', '（机密）'],
    ['机密　关于某项工作的情况报告', '机密'],
    ['秘密 特急\n正文', '秘密 特急'],
  ])('flags %j', (text, expected) => {
    const findings = findClassificationMarkings(text, [], 'zh-CN');
    expect(findings.map((f) => f.match)).toEqual([expected]);
    expect(findings[0]).toMatchObject({ kind: 'classification', severity: 'block', offset: text.indexOf(expected) });
  });

  it.each([
    '全体干部要增强保守国家秘密的意识。',
    '加强商业秘密保护，优化营商环境。',
    '这是一部揭开机密面纱的纪录片。',
    '村民委员会选举实行秘密投票。',
    '机密文件管理办法出台',
    '绝密行动是一部电影',
    '秘密投票\n正文',
    '第一段\n第二段\n第三段\n第四段\n机密 事项已移交有关部门',
    '密级管理工作',
    '做好定密工作，严格区分绝密级、机密级、秘密级事项。',
  ])('does not flag prose %j', (text) => {
    expect(matches(text)).toEqual([]);
  });

  it('gives the marking and the reason in the message', () => {
    const [zh] = findClassificationMarkings('秘密★1年', [], 'zh-CN');
    expect(zh!.message).toBe('疑似密级标识“秘密★1年”：涉密信息严禁在本系统报送');
    expect(findClassificationMarkings('秘密★1年', [], 'zh-TW')[0]!.message).toBe('疑似密級標識「秘密★1年」：涉密資訊嚴禁在本系統報送');
    expect(findClassificationMarkings('秘密★1年', [], 'en')[0]!.message).toContain('classified information must never be submitted');
  });

  it('reports a line matched by several rules once', () => {
    expect(matches('【秘密★1年】\n正文')).toEqual(['【秘密★1年】']);
  });

  it('applies administrator patterns such as 内部资料, and only through them', () => {
    expect(matches('内部资料 注意保存')).toEqual([]);
    const findings = findClassificationMarkings('内部资料 注意保存\n另见内部文件第3号', ['内部资料', '内部文件'], 'zh-CN');
    expect(findings.map((f) => [f.match, f.offset])).toEqual([
      ['内部资料', 0],
      ['内部文件', 12],
    ]);
    expect(findings[0]!.message).toBe('含有管理员设定的禁止报送标识“内部资料”：此类材料不得在本系统报送');
    expect(matches('仅供内部参考', ['内部\\s*参考'])).toEqual(['内部参考']);
  });

  it('ignores invalid or empty patterns without throwing', () => {
    expect(() => findClassificationMarkings('内部资料', ['(', '[a-', '', '内部资料'], 'zh-CN')).not.toThrow();
    expect(matches('内部资料', ['(', '[a-', '', '内部资料'])).toEqual(['内部资料']);
    expect(matches('正文', ['(?:)', 'x*'])).toEqual([]);
  });

  it('does not double-report a marking that an extra pattern also matches', () => {
    expect(matches('秘密★1年', ['秘密'])).toEqual(['秘密★1年']);
  });
});

describe('quotaFindings', () => {
  it('blocks when the cap is reached or passed', () => {
    expect(quotaFindings({ submittedThisMonth: 12, cap: 12, target: null, locale: 'zh-CN' })).toEqual([
      { kind: 'quota_cap', severity: 'block', message: '本月已报送 12 篇，已达上限 12 篇', match: null, offset: null },
    ]);
    expect(quotaFindings({ submittedThisMonth: 13, cap: 12, target: 20, locale: 'zh-CN' })).toMatchObject([{ kind: 'quota_cap', severity: 'block' }]);
    expect(quotaFindings({ submittedThisMonth: 0, cap: 0, target: null, locale: 'en' })).toMatchObject([{ severity: 'block' }]);
    expect(quotaFindings({ submittedThisMonth: 12, cap: 12, target: null, locale: 'zh-TW' })[0]!.message).toBe('本月已報送 12 篇，已達上限 12 篇');
  });

  it('informs about the count against the cap and the target', () => {
    expect(quotaFindings({ submittedThisMonth: 5, cap: 12, target: 8, locale: 'zh-CN' })).toEqual([
      { kind: 'quota_cap', severity: 'info', message: '本月已报送 5 篇（上限 12 篇，还可报送 7 篇）', match: null, offset: null },
      { kind: 'quota_target', severity: 'info', message: '本月已报送 5 篇，目标 8 篇，还差 3 篇', match: null, offset: null },
    ]);
    expect(quotaFindings({ submittedThisMonth: 9, cap: null, target: 8, locale: 'zh-CN' })).toEqual([
      { kind: 'quota_target', severity: 'info', message: '本月已报送 9 篇，已完成目标 8 篇', match: null, offset: null },
    ]);
    expect(quotaFindings({ submittedThisMonth: 3, cap: 12, target: null, locale: 'en' })[0]!.message).toBe('3 submitted this month (cap 12; 9 more allowed)');
  });

  it('says nothing when neither cap nor target is set', () => {
    expect(quotaFindings({ submittedThisMonth: 40, cap: null, target: null, locale: 'zh-CN' })).toEqual([]);
  });
});
