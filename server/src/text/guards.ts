import type { TGuardFinding, TLocale } from '@baosong/contract';

/**
 * Submission guards over an article's plain text (see htmlToPlainText): classification markings (refused),
 * personal data (the user must confirm) and the unit's monthly quota. Pure functions; the caller decides what a
 * 'block' or 'confirm' finding does to the submission.
 */

type Messages = Record<TLocale, string>;
const pick = (locale: TLocale, messages: Messages): string => messages[locale] ?? messages['zh-CN'];

// ---------- classification markings ----------

/** 绝密 / 机密 / 秘密, Simplified or Traditional, possibly spaced out as in a document head ("秘  密"). */
const LEVEL = '(?:[绝絕]\\s*密|[机機]\\s*密|秘\\s*密)';
/** The secrecy period after the star: 长期, 10年, 6个月, 三年 … */
const PERIOD = '(?:[长長]期|\\d{1,3}\\s*(?:年|[个個]月|月|天|日)|[一二三四五六七八九十]{1,3}\\s*(?:年|[个個]月))';
const STAR = '[★☆]';
const OPEN = '[【\\[［(（〔《「『<]';
const CLOSE = '[】\\]］)）〕》」』>]';
const URGENCY = '(?:特急|加急|特提|平急|急件)';

/** A level followed by the star, anywhere: "秘密★1年", "机密★", "绝密★长期". */
const STARRED = new RegExp(`${LEVEL}\\s*${STAR}(?:\\s*${PERIOD})?`, 'g');
/** An explicit label, anywhere: "密级：秘密". */
const LABELLED = new RegExp(`密\\s*[级級]\\s*[：:]\\s*${LEVEL}(?:\\s*[级級])?(?:\\s*${STAR}(?:\\s*${PERIOD})?)?`, 'g');
/** A line that is nothing but a marking: "机密", "秘密级", "【秘密】", "密级 机密", "秘密 特急". */
const WHOLE_LINE = new RegExp(
  `^${OPEN}?\\s*(?:密\\s*[级級]\\s*[：:]?\\s*)?${LEVEL}\\s*[级級]?\\s*${CLOSE}?` +
    `(?:\\s*${STAR}(?:\\s*${PERIOD})?)?(?:\\s*(?:保密期限|期限)\\s*[：:]?\\s*${PERIOD})?(?:\\s*${URGENCY})?\\s*$`,
);
/** A bracketed marking opening a line, whatever follows: "【秘密】关于……", "（机密）". */
const BRACKETED_AT_LINE_START = new RegExp(`^${OPEN}\\s*${LEVEL}\\s*[级級]?(?:\\s*${STAR}(?:\\s*${PERIOD})?)?\\s*${CLOSE}`);
/** In the head of the text only: a level set apart from what follows by white space ("机密　关于……"). */
const LEVEL_THEN_SPACE = new RegExp(`^${LEVEL}\\s*[级級]?(?=\\s)`);
const HEAD_LINES = 3;

interface Span {
  match: string;
  offset: number;
}

interface Line {
  text: string;
  start: number;
}

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), start });
    start = m.index + m[0].length;
  }
  lines.push({ text: text.slice(start), start });
  return lines;
}

function allMatches(re: RegExp, text: string, limit = 50): Span[] {
  const spans: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null && spans.length < limit; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    spans.push({ match: m[0], offset: m.index });
  }
  return spans;
}

function overlaps(a: Span, b: Span): boolean {
  return a.offset < b.offset + b.match.length && b.offset < a.offset + a.match.length;
}

/** Sorts by position and drops spans overlapping one already kept (the earlier, then longer, one wins). */
function dedupe(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.offset - b.offset || b.match.length - a.match.length);
  const kept: Span[] = [];
  for (const s of sorted) {
    const last = kept.at(-1);
    if (last && s.offset < last.offset + last.match.length) continue;
    kept.push(s);
  }
  return kept;
}

/** Compiles administrator-configured patterns; an invalid one is skipped, never thrown. */
function compilePatterns(sources: string[]): RegExp[] {
  const compiled: RegExp[] = [];
  for (const source of sources) {
    if (typeof source !== 'string' || source.trim() === '') continue;
    for (const flags of ['giu', 'gi']) {
      try {
        compiled.push(new RegExp(source, flags));
        break;
      } catch {
        // try the next flag set, then give up on this pattern
      }
    }
  }
  return compiled;
}

function markingSpans(text: string): Span[] {
  const spans: Span[] = [...allMatches(STARRED, text), ...allMatches(LABELLED, text)];
  let nonEmptySeen = 0;
  for (const line of splitLines(text)) {
    const lead = /^\s*/.exec(line.text)![0].length;
    const body = line.text.slice(lead).trimEnd();
    if (body === '') continue;
    nonEmptySeen++;
    const at = line.start + lead;
    if (WHOLE_LINE.test(body)) {
      spans.push({ match: body, offset: at });
      continue;
    }
    const bracketed = BRACKETED_AT_LINE_START.exec(body);
    if (bracketed) {
      spans.push({ match: bracketed[0], offset: at });
      continue;
    }
    const spaced = nonEmptySeen <= HEAD_LINES ? LEVEL_THEN_SPACE.exec(body) : null;
    if (spaced) spans.push({ match: spaced[0], offset: at });
  }
  return spans;
}

/**
 * Classification markings (密级标识) and administrator-configured barred patterns (e.g. 内部资料). The words 秘密,
 * 机密 and 绝密 alone are ordinary prose ("保守国家秘密", "秘密投票"); they count only with the star, after a
 * 密级 label, or standing in a marking position (a line of their own, a bracketed line opening, the head of the
 * text set apart by a space).
 */
export function findClassificationMarkings(text: string, extraPatterns: string[], locale: TLocale): TGuardFinding[] {
  const builtIn = dedupe(markingSpans(text));
  // A configured pattern that hits a marking already reported adds nothing.
  const extra = dedupe(compilePatterns(extraPatterns).flatMap((re) => allMatches(re, text, 20))).filter(
    (s) => !builtIn.some((b) => overlaps(b, s)),
  );
  const all = [...builtIn.map((s) => ({ ...s, extra: false })), ...extra.map((s) => ({ ...s, extra: true }))];
  all.sort((a, b) => a.offset - b.offset);
  return all.map((s) => ({
    kind: 'classification',
    severity: 'block',
    message: s.extra
      ? pick(locale, {
          'zh-CN': `含有管理员设定的禁止报送标识“${s.match}”：此类材料不得在本系统报送`,
          'zh-TW': `含有管理員設定的禁止報送標識「${s.match}」：此類材料不得在本系統報送`,
          en: `Contains "${s.match}", a marking the administrator has barred: such material must not be submitted through this system`,
        })
      : pick(locale, {
          'zh-CN': `疑似密级标识“${s.match}”：涉密信息严禁在本系统报送`,
          'zh-TW': `疑似密級標識「${s.match}」：涉密資訊嚴禁在本系統報送`,
          en: `Possible classification marking "${s.match}": classified information must never be submitted through this system`,
        }),
    match: s.match,
    offset: s.offset,
  }));
}

// ---------- personal data ----------

/** Province-level codes that open a resident ID number (GB/T 2260), plus 83 (Taiwan residents) and 91 (foreigners). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83, 91,
]);
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of the first 17 digits of a resident ID number. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK_CHARS[sum % 11]!;
}

/** An 18-character resident ID number with a known province, a real birth date not in the future and a valid check character. */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  if (!PROVINCE_CODES.has(Number(id.slice(0, 2)))) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900) return false;
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) return false;
  if (birth.getTime() > today.getTime()) return false;
  return residentIdCheckChar(id.slice(0, 17)) === id[17]!.toUpperCase();
}

/** The Luhn (mod 10) check used by bank card numbers. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const ID_NUMBER = /(?<!\d)[1-9]\d{16}[\dXx](?!\d)/g;
/** 13800138000, +86 13800138000, 8613800138000. */
const MOBILE_PLAIN = /(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d{9}(?!\d)/g;
/** 138 0013 8000, 138-0013-8000 (one separator kind throughout). */
const MOBILE_GROUPED = /(?<!\d[ -]?)(?:(?:\+|00)?86[ -]?)?1[3-9]\d([ -])\d{4}\1\d{4}(?![ -]?\d)/g;
/**
 * Card numbers open with 3–6 (banking and finance: UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3) or 9 (national
 * debit cards such as 9558). Leaving out 1, 2, 7, 8 and 0 keeps dates, timestamps and serial numbers out.
 */
const CARD_PLAIN = /(?<!\d)[3-69]\d{12,18}(?!\d)/g;
const CARD_GROUPED = /(?<!\d[ -]?)[3-69]\d{3}([ -])\d{4}(?:\1\d{4}){1,3}(?:\1\d{1,4})?(?![ -]?\d)/g;

function masked(match: string, kind: 'id_number' | 'mobile' | 'bank_card'): string {
  let digits = foldWidth(match).replace(/[^\dXx]/g, '');
  if (kind === 'mobile') digits = digits.slice(-11); // without the +86 prefix
  return digits.length <= 7 ? digits : `${digits.slice(0, 3)}…${digits.slice(-4)}`;
}

/** Full-width digits, X and hyphen to ASCII. One UTF-16 unit each way, so offsets stay valid. */
function foldWidth(text: string): string {
  return text.replace(/[０-９Ｘｘ－]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

/**
 * Resident ID numbers, mainland mobile numbers and bank card numbers. Each finding carries the raw match and its
 * offset in `text`; the message shows a shortened form so the user can find it.
 */
export function findPersonalData(text: string, locale: TLocale): TGuardFinding[] {
  const folded = foldWidth(text);
  const findings: (Span & { kind: 'id_number' | 'mobile' | 'bank_card' })[] = [];
  const taken: Span[] = [];

  for (const s of allMatches(ID_NUMBER, folded, 100)) {
    if (!isValidResidentId(s.match)) continue;
    findings.push({ ...s, kind: 'id_number' });
    taken.push(s);
  }
  for (const s of dedupe([...allMatches(MOBILE_PLAIN, folded, 100), ...allMatches(MOBILE_GROUPED, folded, 100)])) {
    if (taken.some((t) => overlaps(t, s))) continue;
    findings.push({ ...s, kind: 'mobile' });
    taken.push(s);
  }
  for (const s of dedupe([...allMatches(CARD_PLAIN, folded, 100), ...allMatches(CARD_GROUPED, folded, 100)])) {
    const digits = s.match.replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) continue;
    if (taken.some((t) => overlaps(t, s))) continue;
    findings.push({ ...s, kind: 'bank_card' });
    taken.push(s);
  }

  findings.sort((a, b) => a.offset - b.offset);
  return findings.map((f) => {
    const shown = masked(f.match, f.kind);
    const message =
      f.kind === 'id_number'
        ? pick(locale, {
            'zh-CN': `疑似身份证号 ${shown}：请确认确需报送`,
            'zh-TW': `疑似身分證號 ${shown}：請確認確需報送`,
            en: `Possible resident ID number ${shown}: confirm it really needs to be submitted`,
          })
        : f.kind === 'mobile'
          ? pick(locale, {
              'zh-CN': `疑似手机号码 ${shown}：请确认确需报送`,
              'zh-TW': `疑似手機號碼 ${shown}：請確認確需報送`,
              en: `Possible mobile number ${shown}: confirm it really needs to be submitted`,
            })
          : pick(locale, {
              'zh-CN': `疑似银行卡号 ${shown}：请确认确需报送`,
              'zh-TW': `疑似銀行卡號 ${shown}：請確認確需報送`,
              en: `Possible bank card number ${shown}: confirm it really needs to be submitted`,
            });
    // The match as written in the input (full-width digits included).
    const match = text.slice(f.offset, f.offset + f.match.length);
    return { kind: f.kind, severity: 'confirm', message, match, offset: f.offset } satisfies TGuardFinding;
  });
}

// ---------- quota ----------

const setLimit = (n: number | null): number | null => (n !== null && Number.isFinite(n) && n >= 0 ? Math.floor(n) : null);

/**
 * The unit's monthly cap and target. `submittedThisMonth` counts the unit's submissions before this one: reaching
 * the cap blocks; otherwise the count against the cap and/or target is shown as information.
 */
export function quotaFindings(args: { submittedThisMonth: number; cap: number | null; target: number | null; locale: TLocale }): TGuardFinding[] {
  const { locale } = args;
  const n = Math.max(0, Math.floor(args.submittedThisMonth));
  const cap = setLimit(args.cap);
  const target = setLimit(args.target);
  const finding = (kind: 'quota_cap' | 'quota_target', severity: 'block' | 'info', message: string): TGuardFinding => ({
    kind,
    severity,
    message,
    match: null,
    offset: null,
  });

  if (cap !== null && n >= cap) {
    return [
      finding(
        'quota_cap',
        'block',
        pick(locale, {
          'zh-CN': `本月已报送 ${n} 篇，已达上限 ${cap} 篇`,
          'zh-TW': `本月已報送 ${n} 篇，已達上限 ${cap} 篇`,
          en: `${n} submitted this month: the monthly cap of ${cap} is reached`,
        }),
      ),
    ];
  }
  const findings: TGuardFinding[] = [];
  if (cap !== null) {
    const left = cap - n;
    findings.push(
      finding(
        'quota_cap',
        'info',
        pick(locale, {
          'zh-CN': `本月已报送 ${n} 篇（上限 ${cap} 篇，还可报送 ${left} 篇）`,
          'zh-TW': `本月已報送 ${n} 篇（上限 ${cap} 篇，尚可報送 ${left} 篇）`,
          en: `${n} submitted this month (cap ${cap}; ${left} more allowed)`,
        }),
      ),
    );
  }
  if (target !== null) {
    const missing = target - n;
    findings.push(
      finding(
        'quota_target',
        'info',
        missing > 0
          ? pick(locale, {
              'zh-CN': `本月已报送 ${n} 篇，目标 ${target} 篇，还差 ${missing} 篇`,
              'zh-TW': `本月已報送 ${n} 篇，目標 ${target} 篇，尚差 ${missing} 篇`,
              en: `${n} submitted this month; target ${target}, ${missing} to go`,
            })
          : pick(locale, {
              'zh-CN': `本月已报送 ${n} 篇，已完成目标 ${target} 篇`,
              'zh-TW': `本月已報送 ${n} 篇，已達成目標 ${target} 篇`,
              en: `${n} submitted this month; the target of ${target} is met`,
            }),
      ),
    );
  }
  return findings;
}

/** A piece without a title or a body cannot leave the unit. */
export function emptyFindings(title: string, bodyText: string, locale: TLocale): TGuardFinding[] {
  if (title.trim() && bodyText.trim()) return [];
  return [
    {
      kind: 'empty',
      severity: 'block',
      message: pick(locale, { 'zh-CN': '标题和正文不能为空', 'zh-TW': '標題和正文不能為空', en: 'The title and the body must not be empty' }),
      match: null,
      offset: null,
    },
  ];
}
