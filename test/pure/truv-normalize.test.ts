import type { TruvOrder, TruvReport } from '../../src/providers/truv/schemas';
import { normalizeReport, redactReport } from '../../src/providers/truv/normalize';
import { snapshotOf } from '../../src/providers/truv/snapshot';

const VOIE = { employmentOnly: false };

const NOW = Date.parse('2026-01-06T12:00:00Z');

function order(statuses: string[], extra: Partial<TruvOrder> = {}): TruvOrder {
  return {
    id: 'o1',
    user_id: 'u1',
    share_url: 'https://cdn.truv.com/employment.html?bridge_token=b&order_group_id=o1',
    short_share_url: 'https://short/abc',
    expired_at: '2026-01-08T15:04:05.123456Z',
    is_expired: false,
    canceled_at: null,
    voie_report_id: null,
    employers: statuses.map((status, index) => ({ id: `e${index}`, status, link_id: index === 0 ? 'l0' : null })),
    ...extra,
  };
}

describe('snapshotOf', () => {
  it.each([
    [['pending'], 'pending', undefined],
    [['sent'], 'processing', undefined],
    [['completed'], 'completed', undefined],
    [['completed', 'no_data'], 'completed', undefined],
    [['completed', 'sent'], 'processing', undefined],
    [['completed', 'pending'], 'processing', undefined],
    [['no_data'], 'failed', 'no_data: the payroll provider returned no data'],
    [
      ['error', 'skipped'],
      'failed',
      'error: the verification attempt failed; skipped: the applicant skipped this employer',
    ],
    [['canceled'], 'canceled', undefined],
    [['canceled', 'no_data'], 'canceled', undefined],
    [['expired'], 'expired', undefined],
    [['some_new_status'], 'pending', undefined],
    [[], 'pending', undefined],
  ])('maps suborders %j to %s', (statuses, status, reason) => {
    const snapshot = snapshotOf(order(statuses), NOW);
    expect(snapshot.status).toBe(status);
    expect(snapshot.reason).toBe(reason);
    expect(snapshot.rawStatus).toBe(statuses.join(', ') || 'no employers');
  });

  it.each([
    [['completed'], 'verified'],
    [['completed', 'no_data'], 'verified'],
    [['completed', 'error'], 'verified'],
    [['no_data'], 'no_data'],
    [['skipped'], 'no_data'],
    [['no_data', 'error'], 'no_data'],
    [['error'], 'provider_error'],
    [['error', 'error'], 'provider_error'],
    [['expired'], 'expired'],
    [['expired', 'no_data'], 'expired'],
    [['canceled'], 'canceled'],
    [['canceled', 'no_data'], 'canceled'],
  ])('ends an order whose suborders are %j with the step outcome %s', (statuses, outcome) => {
    expect(snapshotOf(order(statuses), NOW).outcome).toBe(outcome);
  });

  it('waits on the applicant while no employer still open is connected (has a link)', () => {
    const links = (...ids: (string | null)[]) =>
      ids.map((link, index) => ({ id: `e${index}`, status: 'sent', link_id: link }));
    const awaiting = (employers: TruvOrder['employers']) =>
      snapshotOf(order([], { employers }), NOW).awaitingApplicant ?? false;
    expect(awaiting(links(null))).toBe(true);
    expect(awaiting(links(null, null))).toBe(true);
    expect(awaiting(links('l0'))).toBe(false);
    expect(awaiting(links(null, 'l1'))).toBe(false);
    // One employer done (it has a link), the other invited: the applicant's action is awaited again.
    expect(
      awaiting([{ id: 'e0', status: 'completed', link_id: 'l0' }, ...links(null).map((e) => ({ ...e, id: 'e1' }))]),
    ).toBe(true);
    expect(awaiting([])).toBe(true);
    expect(awaiting([{ id: 'e0', status: 'completed', link_id: 'l0' }])).toBe(false);
  });

  it('ends an order that expired or was canceled with its employers still open as expired or canceled', () => {
    expect(snapshotOf(order(['sent'], { is_expired: true }), NOW).outcome).toBe('expired');
    expect(snapshotOf(order(['pending'], { expired_at: '2026-01-06T11:59:59Z' }), NOW).outcome).toBe('expired');
    expect(snapshotOf(order(['sent'], { canceled_at: '2026-01-05T00:00:00Z' }), NOW).outcome).toBe('canceled');
  });

  it.each([[['pending']], [['sent']], [['completed', 'sent']], [['no_data', 'pending']], [[]]])(
    'gives no step outcome while the order is open (%j)',
    (statuses) => {
      expect(snapshotOf(order(statuses), NOW).outcome).toBeUndefined();
    },
  );

  it('lets the order’s own dates win over open suborders', () => {
    expect(snapshotOf(order(['sent'], { canceled_at: '2026-01-05T00:00:00Z' }), NOW).status).toBe('canceled');
    expect(snapshotOf(order(['sent'], { is_expired: true }), NOW).status).toBe('expired');
    expect(snapshotOf(order(['sent'], { expired_at: '2026-01-06T11:59:59Z' }), NOW)).toMatchObject({
      status: 'expired',
      reason: 'expired at 2026-01-06T11:59:59Z',
    });
    // A completed order keeps its data after its expiry date passes.
    expect(snapshotOf(order(['completed'], { is_expired: true }), NOW).status).toBe('completed');
  });

  it('reads a top-level status when there are no employers', () => {
    expect(snapshotOf(order([], { status: 'completed' }), NOW).status).toBe('completed');
    expect(snapshotOf(order([], { status: 'canceled' }), NOW).status).toBe('canceled');
    expect(snapshotOf(order(['sent'], { status: 'completed' }), NOW).status).toBe('processing');
  });

  it('carries the share URL, report id, where the report lives and correlation ids (user, links, suborders)', () => {
    const snapshot = snapshotOf(
      order(['completed', 'completed'], {
        voie_report_id: 'r9',
        employers: [
          { id: 'e0', status: 'completed', link_id: 'l0' },
          { id: 'e1', status: 'completed', link_id: 'l1' },
          { id: 'e2', status: 'completed', link_id: 'l0' },
        ],
      }),
      NOW,
    );
    expect(snapshot).toEqual({
      providerOrderId: 'o1',
      status: 'completed',
      rawStatus: 'completed, completed, completed',
      shareUrl: 'https://cdn.truv.com/employment.html?bridge_token=b&order_group_id=o1',
      reportIds: ['r9'],
      correlationIds: ['u1', 'l0', 'l1', 'e0', 'e1', 'e2'],
      // No suborder carries a voie number: every suborder counts, in Truv's order.
      employers: [0, 1, 2].map(() => ({ status: 'completed', outcome: 'verified', rawStatus: 'completed' })),
      outcome: 'verified',
      // A report fetch reads it under the user at once, without reading the order again.
      reportLocator: { userId: 'u1', employmentOnly: false },
    });
    expect(snapshotOf(order(['sent'], { share_url: null }), NOW).shareUrl).toBe('https://short/abc');
    // Only a completed order names where its report lives; a VOE's report is made employment-only.
    expect(snapshotOf(order(['sent']), NOW).reportLocator).toBeUndefined();
    expect(snapshotOf(order(['completed'], { products: ['employment'] }), NOW).reportLocator).toEqual({
      userId: 'u1',
      employmentOnly: true,
    });
    expect(snapshotOf({ id: 'bare' }, NOW)).toEqual({
      providerOrderId: 'bare',
      status: 'pending',
      rawStatus: 'no employers',
      reportIds: [],
      correlationIds: [],
      employers: [],
      awaitingApplicant: true,
    });
  });
});

describe('normalizeReport', () => {
  // The composed VOIE report of shared/reference/truv-api.md §5.
  const report: TruvReport = {
    report_id: '7a6b5c4d3e2f10011223344556677889',
    created_at: '2026-01-05T16:12:00Z',
    completed_at: '2026-01-05T16:12:30Z',
    last_task_at: '2026-01-05T16:10:00Z',
    links: [
      {
        link_id: '11112222333344445555666677778888',
        data_source: 'payroll',
        provider: 'adp',
        provider_name: 'ADP',
        tracking_info: '9a8b7c6d5e4f30211203f4e5d6c7b8a9',
        employments: [
          {
            is_active: true,
            job_title: 'Associate',
            job_type: 'F',
            start_date: '2021-03-01',
            income: '52000.00',
            income_unit: 'YEARLY',
            pay_rate: '2000.00',
            pay_frequency: 'BW',
            company: { name: 'Home Depot', ein: '00-0000000' },
            annual_income_summary: [{ year: 2025, gross_pay: '52000.00', net_pay: '40043.12' }],
          },
        ],
      },
    ],
  };

  it('maps the reference example', () => {
    expect(normalizeReport(report, VOIE)).toEqual({
      provider: 'truv',
      report_ids: ['7a6b5c4d3e2f10011223344556677889'],
      gse: [
        { agency: 'fannie_mae', program: 'd1c', reference_id: '7a6b5c4d3e2f10011223344556677889' },
        { agency: 'freddie_mac', program: 'aim', reference_id: '7a6b5c4d3e2f10011223344556677889' },
      ],
      as_of: '2026-01-05T16:10:00Z',
      employee: { first_name: null, last_name: null },
      employments: [
        {
          employer: { name: 'Home Depot', ein: '00-0000000' },
          status: 'active',
          start_date: '2021-03-01',
          end_date: null,
          position: { title: 'Associate', employment_type: 'full-time' },
          pay: { rate: 52000, unit: 'annual', frequency: 'biweekly', hours_per_week: null },
          income: [
            { year: 2025, base: null, overtime: null, commission: null, bonus: null, other: null, total: 52000 },
          ],
        },
      ],
    });
  });

  it('maps every job type, unit and frequency code', () => {
    const one = (fields: object) =>
      normalizeReport({ links: [{ employments: [{ profile: { first_name: 'A', last_name: 'B' }, ...fields }] }] }, VOIE)
        .employments[0];
    expect(['F', 'P', 'C', 'S', 'D', 'V'].map((job_type) => one({ job_type })?.position.employment_type)).toEqual([
      'full-time',
      'part-time',
      'contract',
      'other',
      'other',
      'other',
    ]);
    expect(
      ['YEARLY', 'MONTHLY', 'WEEKLY', 'DAILY', 'HOURLY', 'FORTNIGHTLY'].map(
        (income_unit) => one({ income: '10', income_unit })?.pay?.unit,
      ),
    ).toEqual(['annual', 'monthly', 'weekly', 'daily', 'hourly', 'other']);
    expect(['M', 'SM', 'W', 'BW', 'A', 'C'].map((pay_frequency) => one({ pay_frequency })?.pay?.frequency)).toEqual([
      'monthly',
      'semimonthly',
      'weekly',
      'biweekly',
      'annual',
      'other',
    ]);
    // pay_rate stands in for a missing income; a non-numeric amount is no amount.
    expect(one({ pay_rate: '25.50', income_unit: 'HOURLY' })?.pay).toMatchObject({ rate: 25.5, unit: 'hourly' });
    expect(one({ income: 'n/a' })?.pay).toMatchObject({ rate: null, unit: null });
    expect(one({ is_active: false })?.status).toBe('inactive');
    expect(one({})?.status).toBe('unknown');
    expect(one({})?.employer.name).toBe('unknown');
    expect(
      one({
        company: { name: 'X', address: { street: '1 A St', city: 'C', state: 'GA', zip: '30303', country: 'US' } },
      })?.employer,
    ).toEqual({ name: 'X', address: { line1: '1 A St', city: 'C', state: 'GA', postal_code: '30303', country: 'US' } });
    expect(
      normalizeReport({ links: [{ employments: [{ profile: { first_name: 'A', last_name: 'B' } }] }] }, VOIE).employee,
    ).toEqual({
      first_name: 'A',
      last_name: 'B',
    });
    expect(normalizeReport({}, VOIE)).toEqual({
      provider: 'truv',
      report_ids: [],
      gse: [],
      as_of: null,
      employee: { first_name: null, last_name: null },
      employments: [],
    });
  });
});

describe('redactReport', () => {
  it('keeps the last four digits of SSNs and drops access tokens, without touching the input', () => {
    const input = {
      links: [
        { access_token: 't', employments: [{ profile: { ssn: '991-91-9991', social_security_number: '123456789' } }] },
      ],
    };
    expect(redactReport(input)).toEqual({
      links: [{ employments: [{ profile: { ssn: '***-**-9991', social_security_number: '***-**-6789' } }] }],
    });
    expect(input.links[0]?.access_token).toBe('t');
  });
});
