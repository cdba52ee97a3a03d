// Wire types of the Takt HTTP API (/api/v1). Copied from the server's model on purpose:
// web/ never imports src/ (DESIGN.md), so these are the contract as the client sees it.

export type Role = "admin" | "planner" | "engineer" | "operator" | "quality" | "service" | "customer" | "device";

export const ROLES: readonly Role[] = ["admin", "planner", "engineer", "operator", "quality", "service", "customer", "device"];

export interface Me {
  readonly tokenId: string;
  readonly role: Role;
  readonly customerId: string | null;
  readonly name: string;
}

/** ISA-95 equipment hierarchy, as served by GET /api/v1/plant. */
export type StationType = "manual" | "automated" | "inspection" | "marriage" | "test" | "buffer";

export interface Station {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly type: StationType;
  /** 1-based position along the line. */
  readonly position: number;
  readonly zone: string;
  /** Capacity of the buffer after this station, in units (0 = none). */
  readonly bufferAfter: number;
  readonly work: readonly string[];
}

export interface Line {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  /** Takt time in seconds. */
  readonly takt: number;
  readonly mixedModel: boolean;
  readonly stations: readonly Station[];
}

export interface Area {
  readonly id: string;
  readonly name: string;
  readonly lines: readonly Line[];
}

export interface Site {
  readonly id: string;
  readonly name: string;
  readonly enterprise: string;
  readonly timezone: string;
  readonly areas: readonly Area[];
}

export interface PlantResponse {
  readonly site: Site;
}

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/** The one error body of the API. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
}
