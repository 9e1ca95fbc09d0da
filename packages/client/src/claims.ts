import type { JWTPayload } from 'jose';

export type SubjectType = 'customer' | 'agent' | 'anonymous' | 'client';

/** A permission of the company user's role; `configuration` is whatever JSON the role stores for it. */
export type Permission = { key: string; configuration?: unknown };

/** The agent acting for the customer (RFC 8693 §4.1). */
export type Actor = { sub: string; subType: 'agent' };

/** A Latchkey access token's payload as it is on the wire (RFC 9068 plus Latchkey's claims). */
export type LatchkeyJwtPayload = JWTPayload & {
  sub: string;
  client_id: string;
  exp: number;
  sub_type: SubjectType;
  scope?: string;
  sid?: string;
  customer_reference?: string;
  id_company_user?: string;
  company_id?: string;
  company_role?: string;
  permissions?: Permission[];
  act?: { sub: string; sub_type: 'agent' };
  company_user_locked?: boolean;
  roles?: string[];
};

const SUBJECT_TYPES: ReadonlySet<unknown> = new Set<SubjectType>(['customer', 'agent', 'anonymous', 'client']);

/** Thrown for a payload that lacks what every Latchkey access token carries. */
export class MalformedClaimsError extends TypeError {
  override readonly name = 'MalformedClaimsError';
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * The claims of a Latchkey access token under readable names. Built once
 * per token: its methods live on the prototype, so verifying a token
 * allocates this object, its scope list and its expiry date, nothing more.
 */
export class AccessTokenClaims {
  readonly subject: string;
  readonly subjectType: SubjectType;
  readonly clientId: string;
  readonly scopes: string[];
  readonly customerReference?: string;
  readonly companyUserId?: string;
  readonly companyId?: string;
  readonly companyRole?: string;
  readonly permissions: Permission[];
  readonly actor?: Actor;
  /** Business on Behalf: this session may not switch company user (hide the switcher). */
  readonly companyUserLocked: boolean;
  /** A staff member's roles (`viewer`, `editor`, `impersonator`); empty for anyone else. */
  readonly roles: string[];
  readonly expiresAt: Date;
  readonly raw: LatchkeyJwtPayload;

  constructor(payload: JWTPayload) {
    const raw = payload as Partial<LatchkeyJwtPayload>;
    if (typeof raw.sub !== 'string' || typeof raw.client_id !== 'string' || typeof raw.exp !== 'number') {
      throw new MalformedClaimsError('an access token needs string sub and client_id and a numeric exp');
    }
    if (!SUBJECT_TYPES.has(raw.sub_type)) throw new MalformedClaimsError(`unknown sub_type ${String(raw.sub_type)}`);
    if (raw.permissions !== undefined && !Array.isArray(raw.permissions)) throw new MalformedClaimsError('permissions must be an array');
    if (raw.act !== undefined && (typeof raw.act?.sub !== 'string' || raw.act.sub_type !== 'agent'))
      throw new MalformedClaimsError('act must name an agent');
    this.subject = raw.sub;
    this.subjectType = raw.sub_type!;
    this.clientId = raw.client_id;
    this.scopes = raw.scope ? raw.scope.split(' ') : [];
    this.customerReference = optionalString(raw.customer_reference);
    this.companyUserId = optionalString(raw.id_company_user);
    this.companyId = optionalString(raw.company_id);
    this.companyRole = optionalString(raw.company_role);
    this.permissions = raw.permissions ?? [];
    this.actor = raw.act ? { sub: raw.act.sub, subType: raw.act.sub_type } : undefined;
    this.companyUserLocked = raw.company_user_locked === true;
    this.roles = Array.isArray(raw.roles) ? raw.roles.filter((role): role is string => typeof role === 'string') : [];
    this.expiresAt = new Date(raw.exp * 1000);
    this.raw = raw as LatchkeyJwtPayload;
  }

  hasScope(scope: string): boolean {
    return this.scopes.includes(scope);
  }

  /** The role's permission with this key, with its configuration, if the company user has it. */
  permission(key: string): Permission | undefined {
    for (const permission of this.permissions) if (permission.key === key) return permission;
    return undefined;
  }

  hasPermission(key: string): boolean {
    return this.permission(key) !== undefined;
  }
}
