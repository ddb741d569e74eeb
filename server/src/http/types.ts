import type { TPermission, TLocale } from '@baosong/contract';
import type { Actor } from '../lib/policy.js';

export interface SessionInfo {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  mustChangePassword: boolean;
  passwordChangeEnforced: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** No session needed (health, login, OpenAPI, static files). */
    public?: boolean;
    /** Permission from the policy table the caller must hold; omitted = any signed-in user. */
    permission?: TPermission;
    /** Reachable while a password change is still required (me, logout, password change). */
    allowPendingPasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    locale: TLocale;
    /** Set once a refusal of this request has been written to the audit trail (so it is recorded once). */
    refusalAudited?: boolean;
  }
}
