import { randomBytes, randomInt } from 'node:crypto';
import type { OutputWrapper } from './output-wrapper';
import { wrap } from './output-wrapper';
import type { CreateBody, SearchBody } from './requests';
import type { SandboxAddress, SandboxReport } from './sandbox-fixtures';
import { maskSsn } from './sandbox-fixtures';

// Orders as Truework's 2023-10-30 API shows them, and how a create body becomes one.

type Metadata = Record<string, string>;

interface TargetCompanyEcho {
  id: number;
  name: string;
  address: string | null;
  city: string | null;
  state: string | null;
  zip_code: string | null;
  phone_number: string | null;
}

/** One verification request of an order: Truework's unit of work, with its state and, once completed, reports. */
/** The applicant as Truework echoes them, SSN masked. */
interface ApplicantEcho {
  first_name: string;
  last_name: string;
  social_security_number: string;
  date_of_birth: string | null;
  contact_email: string | null;
  phone_number: string | null;
}

export interface VerificationRequestJson {
  id: string;
  created: string;
  type: string;
  state: OutputWrapper;
  permissible_purpose: OutputWrapper;
  use_case: OutputWrapper;
  target: ApplicantEcho & { company: TargetCompanyEcho };
  turnaround_time: { best_estimate: string; lower_bound: string; upper_bound: string };
  date_of_completion: string | null;
  cancellation_reason: OutputWrapper | null;
  cancellation_details: string | null;
  reports: SandboxReport[];
  loan_id: string | null;
  metadata: Metadata | null;
  additional_information: string | null;
  reseller_originating_party: unknown;
  documents: { filename: string }[];
  applicant_documents: unknown[];
  unverified_information: null;
}

/** A target-employer order as `GET /orders/{id}` returns it. */
export interface OrderJson {
  id: string;
  loan_id: string | null;
  search_key: string | null;
  branch_id: null;
  /** Null on a reverification order, which has no request body of its own. */
  target_employer: {
    type: string;
    permissible_purpose: OutputWrapper;
    use_case: OutputWrapper;
    request_config: { allowed_verification_methods: string[] };
    metadata: Metadata | null;
    loan_id: string | null;
    search_key: string | null;
    additional_information: string | null;
    authorization_forms: { filename: string }[] | null;
    reseller_originating_party: unknown;
    tenant_property_id: string | null;
    target: ApplicantEcho & { company: TargetCompany };
  } | null;
  /** Set on an employer-search order: the request's echo (no company). */
  employer_search: EmployerSearchJson | null;
  truework_direct: null;
  /** Set on an order `POST /orders/reverification` made. */
  reverification: ReverificationJson | null;
  truework_direct_session_link: null;
  verification_requests: VerificationRequestJson[];
}

/** The employer-search mode of an order: its request as Truework echoes it. */
export interface EmployerSearchJson {
  type: string;
  permissible_purpose: OutputWrapper;
  use_case: OutputWrapper;
  metadata: Metadata | null;
  loan_id: string | null;
  search_key: string | null;
  target: ApplicantEcho;
}

/** The employer an order verifies, as the create body named it. */
export interface TargetCompany {
  name: string;
  address: SandboxAddress | null;
}

/** The reverification mode of an order: the order whose report it re-verifies, and who it is about. */
export interface ReverificationJson {
  parent_order_id: string;
  targets: { first_name: string; last_name: string; truework_direct_session_token: null }[];
}

/** Truework ids are long opaque URL-safe strings that start with a run of `A`s. */
export function newId(): string {
  return `AAAAAAAA${randomBytes(36).toString('base64url')}`;
}

/** A new order for a valid create body, with one verification request in `pending-approval`. */
export function newOrderJson(body: CreateBody): OrderJson {
  const now = new Date().toISOString();
  const permissiblePurpose = wrap(body.permissible_purpose);
  const useCase = wrap(body.use_case);
  const { company } = body.target;
  const target = {
    first_name: body.target.first_name,
    last_name: body.target.last_name,
    social_security_number: maskSsn(body.target.social_security_number.digits),
    date_of_birth: body.target.date_of_birth,
    contact_email: body.target.contact_email,
    phone_number: body.target.phone_number,
  };
  const address = company.address;
  const forms = () => body.authorization_forms?.map((filename) => ({ filename }));
  return {
    id: newId(),
    loan_id: body.loan_id,
    search_key: body.search_key,
    branch_id: null,
    target_employer: {
      type: body.type,
      permissible_purpose: permissiblePurpose,
      use_case: useCase,
      request_config: { allowed_verification_methods: [...body.request_config.allowed_verification_methods] },
      metadata: body.metadata,
      loan_id: body.loan_id,
      search_key: body.search_key,
      additional_information: body.additional_information,
      authorization_forms: forms() ?? null,
      reseller_originating_party: body.reseller_originating_party,
      tenant_property_id: body.tenant_property_id,
      target: { ...target, company: { name: company.name, address } },
    },
    employer_search: null,
    truework_direct: null,
    reverification: null,
    truework_direct_session_link: null,
    verification_requests: [
      {
        id: newId(),
        created: now,
        type: body.type,
        state: wrap('pending-approval'),
        permissible_purpose: { ...permissiblePurpose },
        use_case: { ...useCase },
        target: {
          ...target,
          company: {
            id: randomInt(10_000, 10_000_000),
            name: company.name,
            address: address?.address ?? null,
            city: address?.city ?? null,
            state: address?.country_subdivision_code ?? null,
            zip_code: address?.postal_code ?? null,
            phone_number: null,
          },
        },
        turnaround_time: { best_estimate: '1', lower_bound: '0', upper_bound: '4' },
        date_of_completion: null,
        cancellation_reason: null,
        cancellation_details: null,
        reports: [],
        loan_id: body.loan_id,
        metadata: body.metadata === null ? null : { ...body.metadata },
        additional_information: body.additional_information,
        reseller_originating_party: body.reseller_originating_party,
        documents: forms() ?? [],
        applicant_documents: [],
        unverified_information: null,
      },
    ],
  };
}

/**
 * The order `POST /orders/employer-search` makes: one verification request, already at its end (the search is
 * synchronous), for the employer the search found (`employerName`, the sandbox's; its reports are added by the caller)
 * or none (canceled, `no-match`).
 */
export function newEmployerSearchOrderJson(body: SearchBody, found: boolean, employerName: string): OrderJson {
  const now = new Date().toISOString();
  const permissiblePurpose = wrap(body.permissible_purpose);
  const useCase = wrap(body.use_case);
  const target = {
    first_name: body.target.first_name,
    last_name: body.target.last_name,
    social_security_number: maskSsn(body.target.social_security_number),
    date_of_birth: body.target.date_of_birth,
    contact_email: body.target.contact_email,
    phone_number: body.target.phone_number,
  };
  return {
    id: newId(),
    loan_id: body.loan_id,
    search_key: body.search_key,
    branch_id: null,
    target_employer: null,
    employer_search: {
      type: body.type,
      permissible_purpose: permissiblePurpose,
      use_case: useCase,
      metadata: body.metadata,
      loan_id: body.loan_id,
      search_key: body.search_key,
      target,
    },
    truework_direct: null,
    reverification: null,
    truework_direct_session_link: null,
    verification_requests: [
      {
        id: newId(),
        created: now,
        type: body.type,
        state: wrap(found ? 'completed' : 'canceled'),
        permissible_purpose: { ...permissiblePurpose },
        use_case: { ...useCase },
        target: {
          ...target,
          company: {
            id: randomInt(10_000, 10_000_000),
            name: found ? employerName : '',
            address: null,
            city: null,
            state: null,
            zip_code: null,
            phone_number: null,
          },
        },
        turnaround_time: { best_estimate: '0', lower_bound: '0', upper_bound: '0' },
        date_of_completion: now,
        cancellation_reason: found ? null : wrap('no-match'),
        cancellation_details: found ? null : 'No record found for the target',
        reports: [],
        loan_id: body.loan_id,
        metadata: body.metadata === null ? null : { ...body.metadata },
        additional_information: body.additional_information,
        reseller_originating_party: body.reseller_originating_party,
        documents: [],
        applicant_documents: [],
        unverified_information: null,
      },
    ],
  };
}

/**
 * The order `POST /orders/reverification` makes of `parent`'s verification request `vr`: a new order and verification
 * request for the same target, employer and type, in `pending-approval`. What Truework copies from the parent is
 * undocumented; the simulator copies `loan_id`, `search_key` and the verification request's `metadata`.
 */
export function newReverificationOrderJson(parent: OrderJson, vr: VerificationRequestJson): OrderJson {
  const { target } = vr;
  return {
    id: newId(),
    loan_id: parent.loan_id,
    search_key: parent.search_key,
    branch_id: null,
    target_employer: null,
    employer_search: null,
    truework_direct: null,
    reverification: {
      parent_order_id: parent.id,
      targets: [{ first_name: target.first_name, last_name: target.last_name, truework_direct_session_token: null }],
    },
    truework_direct_session_link: null,
    verification_requests: [
      {
        ...structuredClone(vr),
        id: newId(),
        created: new Date().toISOString(),
        state: wrap('pending-approval'),
        date_of_completion: null,
        cancellation_reason: null,
        cancellation_details: null,
        reports: [],
        documents: [],
        applicant_documents: [],
      },
    ],
  };
}

/** The employer an order verifies: its request's, or for a reverification the one its verification request echoes. */
export function employerOf(order: OrderJson): TargetCompany {
  if (order.target_employer) return order.target_employer.target.company;
  const company = order.verification_requests[0]?.target.company;
  const { address = null, city = null, state = null, zip_code: zip = null } = company ?? {};
  return {
    name: company?.name ?? '',
    address:
      (address ?? city ?? state ?? zip)
        ? {
            address,
            extended_address: null,
            city,
            country_subdivision_code: state,
            country_code: null,
            postal_code: zip,
          }
        : null,
  };
}

/** The metadata an order's webhooks carry: its request's, or for a reverification its verification request's. */
export function metadataOf(order: OrderJson): Metadata | null {
  return (
    order.target_employer?.metadata ??
    order.employer_search?.metadata ??
    order.verification_requests[0]?.metadata ??
    null
  );
}

/** What `PUT /orders/{id}/cancel` answers: the order's ids and, per verification request, where it stands. */
export function cancelAnswer(order: OrderJson): unknown {
  return {
    id: order.id,
    loan_id: order.loan_id,
    verification_requests: order.verification_requests.map((vr) => ({
      id: vr.id,
      created: vr.created,
      state: vr.state,
      cancellation_reason: vr.cancellation_reason,
      cancellation_details: vr.cancellation_details,
      date_of_completion: vr.date_of_completion,
      loan_id: vr.loan_id,
      turnaround_time: vr.turnaround_time,
    })),
  };
}
