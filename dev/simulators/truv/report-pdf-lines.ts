import type { ReportJson } from './order-json';

/**
 * What the simulated PDF of a user report says: the report, the employee, and for each connected employer its name,
 * job and dates (and base pay, in a VOIE report). Real Truv PDFs say much more; a lender's eye and a test need this.
 */
export function reportPdfLines(report: ReportJson): string[] {
  const employments = report.links.flatMap((link) => link.employments);
  const profile = employments[0]?.profile;
  const kind = employments.some((employment) => employment.income !== undefined) ? 'VOIE' : 'VOE';
  return [
    `Truv ${kind} report ${report.report_id}`,
    `As of ${report.last_task_at.slice(0, 10)}`,
    ...(profile ? [`Employee: ${profile.full_name}`] : []),
    ...employments.flatMap((employment) => [
      `Employer: ${employment.company.name}`,
      `Position: ${employment.job_title}`,
      `Employed from ${employment.start_date} to ${employment.end_date ?? 'present'}`,
      ...(employment.income !== undefined ? [`Base pay: ${employment.income} ${employment.income_unit ?? ''}`] : []),
    ]),
  ];
}
