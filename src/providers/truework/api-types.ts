/** The parts of Truework's 2023-10-30 API voie reads. Enum outputs come wrapped; webhooks use plain strings. */

export type Wrapped = { canonical_value?: string | null; raw_value?: string | null } | string | null | undefined;

export interface TwAddress {
  address?: string | null;
  extended_address?: string | null;
  city?: string | null;
  country_subdivision_code?: string | null;
  postal_code?: string | null;
  country_code?: string | null;
}

export interface TwReport {
  id: string;
  current_as_of?: string | null;
  employer?: {
    name?: string | null;
    address?: TwAddress | null;
    government_ids?: { id?: string; type?: Wrapped }[] | null;
  } | null;
  employee?: {
    first_name?: string | null;
    last_name?: string | null;
    status?: Wrapped;
    hired_date?: string | null;
    termination_date?: string | null;
    positions?:
      | { title?: string | null; start_date?: string | null; end_date?: string | null; employment_type?: Wrapped }[]
      | null;
    salary?: {
      pay_rate?: { amount?: string | null; unit?: Wrapped } | null;
      pay_frequency?: Wrapped;
      hours_per_week?: string | null;
    } | null;
    earnings?:
      | {
          year?: string | number | null;
          base?: string | null;
          overtime?: string | null;
          commission?: string | null;
          bonus?: string | null;
          other?: string | null;
          total?: string | null;
        }[]
      | null;
  } | null;
}

export interface TwVerificationRequest {
  id: string;
  state?: Wrapped;
  cancellation_reason?: Wrapped;
  cancellation_details?: string | null;
  reports?: TwReport[] | null;
}

export interface TwOrder {
  id: string;
  search_key?: string | null;
  target_employer?: { metadata?: Record<string, string> | null } | null;
  verification_requests?: TwVerificationRequest[] | null;
}

export interface TwList<T> {
  count?: number;
  results?: T[];
}

/** The canonical value of a wrapper (or the plain string of older shapes and webhooks). */
export function canonical(value: Wrapped): string | undefined {
  if (value == null) return undefined;
  if (typeof value === 'string') return value;
  return value.canonical_value ?? value.raw_value ?? undefined;
}
