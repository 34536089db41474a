/**
 * The people behind Truework's sandbox test SSNs 000-00-0000..0007 (and voie's own 0008 and 0009): who they are and the jobs
 * their reports show.
 */
import type { SandboxAddress } from './sandbox-fixtures';
import type { OutputWrapper } from './output-wrapper';
import { wrap } from './output-wrapper';

export type PayFrequency = 'weekly' | 'biweekly' | 'semimonthly';

export interface Employment {
  title: string;
  active: boolean;
  statusDetail: OutputWrapper;
  partTime: boolean;
  start: string;
  end: string | null;
  /** Set for the on-leave profile: earnings and paystubs stop at this date. */
  onLeave?: boolean;
  pay: { unit: 'annually'; amountCents: number } | { unit: 'hourly'; amountCents: number };
  hoursPerWeek: number;
  frequency: PayFrequency;
  /** Yearly variable pay as a fraction of base pay. */
  bonusRate: number;
  commissionRate: number;
  overtimeRate: number;
}

export interface Profile {
  firstName: string;
  lastName: string;
  address: SandboxAddress;
  /** Newest first; each employment is one report. */
  employments: Employment[];
  /** The reports are eligible for Fannie Mae Day 1 Certainty and carry a D1C reference id. */
  d1cEligible?: boolean;
  /**
   * The borrower leaves their jobs once verified: a later verification at the same employer (a reverification, or a
   * new order) reports them inactive.
   */
  departsOnceVerified?: boolean;
}

const FULL_TIME = wrap('full-time', 'Full Time');
const PART_TIME = wrap('part-time', 'Part Time');

const home = (address: string, city: string, state: string, postalCode: string): SandboxAddress => ({
  address,
  extended_address: null,
  city,
  country_subdivision_code: state,
  country_code: 'US',
  postal_code: postalCode,
});

const salaried = (dollars: number) => ({ unit: 'annually' as const, amountCents: dollars * 100 });
const hourly = (cents: number) => ({ unit: 'hourly' as const, amountCents: cents });

// Names and employment facts for 000-00-0000..0005 come from Truework's sandbox table; 0006 and 0007 only document
// the job and dates there, so their names are made up. 0008 is voie's own: Truework's sandbox returns no D1C
// reference id, so this profile is how tests see one. 0009 is voie's too: no sandbox SSN covers reverification, so
// this profile is how tests see a re-check find the borrower gone. Pay figures are invented but plausible.
export const PROFILES: readonly Profile[] = [
  {
    firstName: 'Taylor',
    lastName: 'Curtis',
    address: home('742 Evergreen Terrace', 'Austin', 'TX', '78701'),
    employments: [
      {
        title: 'Software Engineer',
        active: true,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2019-01-01',
        end: null,
        pay: salaried(120_000),
        hoursPerWeek: 40,
        frequency: 'biweekly',
        bonusRate: 0.05,
        commissionRate: 0,
        overtimeRate: 0,
      },
    ],
  },
  {
    firstName: 'Sarah',
    lastName: 'Cortez',
    address: home('18 Harbor View Rd', 'Seattle', 'WA', '98101'),
    employments: [
      {
        title: 'Program Manager',
        active: false,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2015-05-01',
        end: '2022-01-01',
        pay: salaried(105_000),
        hoursPerWeek: 40,
        frequency: 'semimonthly',
        bonusRate: 0.08,
        commissionRate: 0,
        overtimeRate: 0,
      },
    ],
  },
  {
    firstName: 'Jerome',
    lastName: 'Fischer',
    address: home('55 Maple Ave', 'Columbus', 'OH', '43004'),
    employments: [
      {
        title: 'Accountant',
        active: true,
        statusDetail: wrap('on-leave', 'On Leave'),
        partTime: true,
        start: '2017-02-03',
        end: null,
        onLeave: true,
        pay: hourly(3_200),
        hoursPerWeek: 20,
        frequency: 'biweekly',
        bonusRate: 0,
        commissionRate: 0,
        overtimeRate: 0.02,
      },
    ],
  },
  {
    firstName: 'Kyle',
    lastName: 'Baker',
    address: home('9 Orchard Lane', 'Denver', 'CO', '80202'),
    employments: [
      {
        title: 'Product Manager',
        active: true,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2022-01-01',
        end: null,
        pay: salaried(135_000),
        hoursPerWeek: 40,
        frequency: 'biweekly',
        bonusRate: 0.1,
        commissionRate: 0,
        overtimeRate: 0,
      },
    ],
  },
  {
    firstName: 'Brianna',
    lastName: 'Hernandez',
    address: home('310 Palm St', 'Phoenix', 'AZ', '85004'),
    employments: [
      {
        title: 'Customer Service Representative',
        active: true,
        statusDetail: PART_TIME,
        partTime: true,
        start: '2021-05-19',
        end: null,
        pay: hourly(1_850),
        hoursPerWeek: 25,
        frequency: 'weekly',
        bonusRate: 0,
        commissionRate: 0,
        overtimeRate: 0.04,
      },
    ],
  },
  {
    firstName: 'Diane',
    lastName: 'Parker',
    address: home('2200 Lakeshore Dr', 'Chicago', 'IL', '60601'),
    employments: [
      {
        title: 'Account Executive',
        active: false,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2019-03-01',
        end: '2020-12-28',
        pay: salaried(70_000),
        hoursPerWeek: 40,
        frequency: 'semimonthly',
        bonusRate: 0,
        commissionRate: 0.35,
        overtimeRate: 0,
      },
    ],
  },
  {
    firstName: 'Morgan',
    lastName: 'Ellis',
    address: home('77 Pine Ridge Ct', 'Raleigh', 'NC', '27601'),
    employments: [
      {
        title: 'Recruiter',
        active: false,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2018-03-01',
        end: '2021-03-10',
        pay: salaried(68_000),
        hoursPerWeek: 40,
        frequency: 'biweekly',
        bonusRate: 0.03,
        commissionRate: 0,
        overtimeRate: 0,
      },
    ],
  },
  {
    firstName: 'Alex',
    lastName: 'Nguyen',
    address: home('4 Bayside Pl', 'San Jose', 'CA', '95113'),
    employments: [
      {
        title: 'Engineering Manager',
        active: true,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2022-01-01',
        end: null,
        pay: salaried(165_000),
        hoursPerWeek: 40,
        frequency: 'semimonthly',
        bonusRate: 0.12,
        commissionRate: 0,
        overtimeRate: 0,
      },
      {
        title: 'Senior Software Engineer',
        active: false,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2018-03-01',
        end: '2021-12-01',
        pay: salaried(142_000),
        hoursPerWeek: 40,
        frequency: 'biweekly',
        bonusRate: 0.08,
        commissionRate: 0,
        overtimeRate: 0,
      },
    ],
  },
  {
    firstName: 'Robin',
    lastName: 'Okafor',
    address: home('12 Juniper Way', 'Atlanta', 'GA', '30303'),
    d1cEligible: true,
    employments: [
      {
        title: 'Registered Nurse',
        active: true,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2020-06-15',
        end: null,
        pay: hourly(4_650),
        hoursPerWeek: 36,
        frequency: 'biweekly',
        bonusRate: 0,
        commissionRate: 0,
        overtimeRate: 0.06,
      },
    ],
  },
  {
    firstName: 'Jordan',
    lastName: 'Reyes',
    address: home('81 Canal St', 'Boston', 'MA', '02114'),
    departsOnceVerified: true,
    employments: [
      {
        title: 'Operations Analyst',
        active: true,
        statusDetail: FULL_TIME,
        partTime: false,
        start: '2020-09-14',
        end: null,
        pay: salaried(88_000),
        hoursPerWeek: 40,
        frequency: 'biweekly',
        bonusRate: 0.04,
        commissionRate: 0,
        overtimeRate: 0,
      },
    ],
  },
];
