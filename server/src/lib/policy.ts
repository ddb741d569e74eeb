import { PERMISSIONS, rolesAllow, UNIT_ROLES, type TPermission, type TRole } from '@baosong/contract';

/** The authenticated user as every permission check sees it. */
export interface Actor {
  id: number;
  username: string;
  roles: TRole[];
  unitId: number | null;
}

/**
 * The one policy module. Routes name a permission in their config and the auth hook asks `can`; resource-level
 * questions (which unit's data) are asked here too, never decided ad hoc in a route or service.
 */
export const policy = {
  can(actor: Actor, permission: TPermission): boolean {
    return rolesAllow(actor.roles, permission);
  },
  /** A unit's own people see their unit; office roles with units.read see all. */
  canViewUnit(actor: Actor, unitId: number): boolean {
    if (rolesAllow(actor.roles, 'units.read')) return true;
    return actor.unitId === unitId && actor.roles.some((r) => UNIT_ROLES.includes(r));
  },
  permissions: PERMISSIONS,
};
