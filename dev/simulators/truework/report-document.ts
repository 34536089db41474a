import type { SandboxReport } from './sandbox-fixtures';

/**
 * The lines of a report's PDF, as `GET /reports/{id}` with `Accept: application/pdf` shows them: who, where, since
 * when, and for a VOIE the pay. Truework's own PDF is richer; this one names what a lender reads first.
 */
export function reportDocumentLines(report: SandboxReport): string[] {
  const { employee, employer } = report;
  const position = employee.positions[0];
  const lines = [
    'Truework Verification Report',
    '',
    `Report: ${report.id}`,
    `Type: ${report.verification_request.type}`,
    `Completed: ${report.completed.slice(0, 10)}`,
    `Current as of: ${report.current_as_of}`,
    '',
    `Employer: ${employer.name}`,
    `Employee: ${employee.first_name} ${employee.last_name} (SSN ${employee.social_security_number})`,
    `Status: ${employee.status.raw_value}`,
    `Position: ${position?.title ?? 'not stated'}`,
    `Dates of employment: ${employee.hired_date} to ${employee.termination_date ?? 'present'}`,
  ];
  const salary = employee.salary;
  if (salary) {
    lines.push('', `Pay rate: ${salary.pay_rate.amount} ${salary.pay_rate.unit.raw_value}`);
    for (const year of employee.earnings ?? []) lines.push(`Earnings ${year.year}: ${year.total}`);
  }
  for (const eligibility of report.eligibilities) {
    lines.push('', `Fannie Mae Day 1 Certainty reference id: ${eligibility.reference_id}`);
  }
  return lines;
}
