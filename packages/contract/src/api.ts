import { z } from 'zod';
import { ZRole } from './roles.js';

export const ZProblem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type TProblem = z.infer<typeof ZProblem>;

export const ZHealth = z.object({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

// ---------- auth ----------
export const ZLoginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export const ZPasswordChangeBody = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const ZUnitRef = z.object({ id: z.number().int(), name: z.string(), shortName: z.string().nullable() });

export const ZMe = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  unit: ZUnitRef.nullable(),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  sessionExpiresAt: z.string(),
  secondFactorEnabled: z.boolean(),
});
export type TMe = z.infer<typeof ZMe>;

// ---------- second factor (TOTP) and sessions ----------
/** The password was right; a second step is owed: enter a code ('verify') or set the factor up first ('enrol'). */
export const ZLoginStep = z.object({ secondFactor: z.enum(['verify', 'enrol']), expiresAt: z.string() });
export type TLoginStep = z.infer<typeof ZLoginStep>;
export const ZLoginResult = z.union([ZMe, ZLoginStep]);
export type TLoginResult = z.infer<typeof ZLoginResult>;
/** A 6-digit TOTP code, or a recovery code (xxxx-xxxx-xxxx). */
export const ZSecondFactorCodeBody = z.object({ code: z.string().trim().min(1).max(40) });
export const ZTotpEnrolment = z.object({
  secret: z.string(),
  otpauthUri: z.string(),
  issuer: z.string(),
  account: z.string(),
});
export type TTotpEnrolment = z.infer<typeof ZTotpEnrolment>;
export const ZRecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const ZEnrolledLogin = z.object({ me: ZMe, recoveryCodes: z.array(z.string()) });
export type TEnrolledLogin = z.infer<typeof ZEnrolledLogin>;
export const ZSecondFactorStatus = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
  /** One of the user's roles requires a second factor: it cannot be turned off. */
  requiredByRole: z.boolean(),
});
export type TSecondFactorStatus = z.infer<typeof ZSecondFactorStatus>;
export const ZSecondFactorDisableBody = z.object({ password: z.string().min(1).max(256), code: z.string().trim().min(1).max(40) });
export const ZSecondFactorSettings = z.object({ requiredRoles: z.array(ZRole).max(7) });
export type TSecondFactorSettings = z.infer<typeof ZSecondFactorSettings>;
export const ZSessionView = z.object({
  id: z.string(),
  current: z.boolean(),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
});
export type TSessionView = z.infer<typeof ZSessionView>;
export const ZSessionIdParam = z.object({ id: z.uuid() });
export const ZReady = z.object({
  status: z.literal('ready'),
  database: z.enum(['pglite', 'postgres']),
  migrations: z.number().int(),
});

// ---------- unit groups ----------
export const ZUnitGroup = z.object({
  id: z.number().int(),
  name: z.string(),
  sortOrder: z.number().int(),
  unitCount: z.number().int(),
});
export type TUnitGroup = z.infer<typeof ZUnitGroup>;
export const ZUnitGroupInput = z.object({
  name: z.string().trim().min(1).max(50),
  sortOrder: z.number().int().min(0).max(10000).default(100),
});

// ---------- units ----------
const phone = z.string().trim().max(40);
export const ZUnit = z.object({
  id: z.number().int(),
  name: z.string(),
  shortName: z.string().nullable(),
  groupId: z.number().int(),
  groupName: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  contactEmail: z.string().nullable(),
  active: z.boolean(),
  requiresApproval: z.boolean(),
  monthlyCap: z.number().int().nullable(),
  monthlyTarget: z.number().int().nullable(),
  userCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TUnit = z.infer<typeof ZUnit>;

const optText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

export const ZUnitInput = z.object({
  name: z.string().trim().min(2).max(100),
  shortName: optText(30),
  groupId: z.number().int().positive(),
  contactName: optText(50),
  contactPhone: phone.nullish().transform((v) => (v ? v : null)),
  contactEmail: z
    .union([z.email().max(200), z.literal('')])
    .nullish()
    .transform((v) => (v ? v : null)),
  requiresApproval: z.boolean().optional(),
  monthlyCap: z.number().int().min(1).max(10000).nullish(),
  monthlyTarget: z.number().int().min(1).max(10000).nullish(),
});
export type TUnitInput = z.input<typeof ZUnitInput>;
export const ZUnitPatch = ZUnitInput.partial().extend({ active: z.boolean().optional() });

export const ZUnitListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  groupId: z.coerce.number().int().optional(),
  active: z.enum(['true', 'false', 'all']).default('all'),
});

// ---------- users ----------
export const ZUser = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(ZRole),
  unit: ZUnitRef.nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  lockedUntil: z.string().nullable(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  secondFactorEnabled: z.boolean(),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUsername = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.\-]+$/, 'letters, digits, _ . - only');

export const ZUserInput = z.object({
  username: ZUsername,
  displayName: z.string().trim().min(1).max(50),
  roles: z.array(ZRole).min(1).max(7),
  unitId: z.number().int().positive().nullable().default(null),
  email: z
    .union([z.email().max(200), z.literal('')])
    .nullish()
    .transform((v) => (v ? v : null)),
  phone: phone.nullish().transform((v) => (v ? v : null)),
  password: z.string().min(1).max(256),
});
export type TUserInput = z.input<typeof ZUserInput>;
export const ZUserPatch = ZUserInput.omit({ username: true, password: true })
  .partial()
  .extend({ active: z.boolean().optional() });
export const ZPasswordResetBody = z.object({ password: z.string().min(1).max(256) });

export const ZUserListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  unitId: z.coerce.number().int().optional(),
  role: ZRole.optional(),
  active: z.enum(['true', 'false', 'all']).default('all'),
});

// ---------- imports ----------
export const ZImportRowError = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  message: z.string(),
});
export type TImportRowError = z.infer<typeof ZImportRowError>;
export const ZImportResult = z.object({ created: z.number().int(), updated: z.number().int() });
export type TImportResult = z.infer<typeof ZImportResult>;

export const ZIdParam = z.object({ id: z.coerce.number().int().positive() });
