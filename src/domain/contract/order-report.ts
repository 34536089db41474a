import { z } from 'zod';
import { EMPLOYMENT_STATUSES, EMPLOYMENT_TYPES, GSE_AGENCIES, GSE_PROGRAMS, PAY_UNITS } from '../normalized-report';
import { providerNameSchema } from './provider-name';

const address = z.strictObject({
  line1: z.string().optional(),
  line2: z.string().optional(),
  city: z.string().optional(),
  state: z.string().optional(),
  postal_code: z.string().optional(),
  country: z.string().optional(),
});

const money = z.number().nullable();

export const normalizedIncomeYearSchema = z.strictObject({
  year: z.number().int(),
  base: money,
  overtime: money,
  commission: money,
  bonus: money,
  other: money,
  total: money,
});

/** One year of a job's income, by kind. */
export type NormalizedIncomeYear = z.infer<typeof normalizedIncomeYearSchema>;

export const normalizedPaySchema = z.strictObject({
  rate: money,
  unit: z.enum(PAY_UNITS).nullable(),
  frequency: z.enum(PAY_UNITS).nullable(),
  hours_per_week: money,
});

/** The pay of a job; null in an employment-only (VOE) report. */
export type NormalizedPay = z.infer<typeof normalizedPaySchema>;

export const normalizedEmploymentSchema = z.strictObject({
  employer: z.strictObject({ name: z.string(), address: address.optional(), ein: z.string().optional() }),
  status: z.enum(EMPLOYMENT_STATUSES),
  start_date: z.string().nullable(),
  end_date: z.string().nullable(),
  position: z.strictObject({
    title: z.string().nullable(),
    employment_type: z.enum(EMPLOYMENT_TYPES).nullable(),
  }),
  pay: normalizedPaySchema.nullable().meta({ description: 'Null in an employment-only (VOE) report' }),
  income: z.array(normalizedIncomeYearSchema),
});

/** One job of the applicant, in a shape every provider maps into; `income` is empty in a VOE report. */
export type NormalizedEmployment = z.infer<typeof normalizedEmploymentSchema>;

export const gseReferenceSchema = z.strictObject({
  agency: z.enum(GSE_AGENCIES),
  program: z.enum(GSE_PROGRAMS),
  reference_id: z.string(),
});

/** A reference id a lender submits to an agency (Fannie Mae DU, Freddie Mac LPA) so it can validate the report. */
export type GseReference = z.infer<typeof gseReferenceSchema>;

export const normalizedReportSchema = z.strictObject({
  provider: providerNameSchema,
  report_ids: z.array(z.string()),
  gse: z
    .array(gseReferenceSchema)
    .meta({ description: 'The reference ids a lender submits to Fannie Mae and Freddie Mac; empty when none' }),
  as_of: z.string().nullable(),
  employee: z.strictObject({ first_name: z.string().nullable(), last_name: z.string().nullable() }),
  employments: z.array(normalizedEmploymentSchema),
});

/** The provider-neutral report of the contract. */
export type NormalizedReport = z.infer<typeof normalizedReportSchema>;

export const orderReportSchema = z
  .strictObject({ normalized: normalizedReportSchema, provider_report: z.unknown() })
  .meta({ id: 'Report' });

/** The normalized report beside the provider's own (with personal data masked): `GET /v1/orders/{id}/report`. */
export type OrderReport = z.infer<typeof orderReportSchema>;
