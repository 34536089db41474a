import { Command } from 'commander';
import type { ApiClient } from './api-client';
import { API_ENVIRONMENT_HELP, EXIT_CODES_HELP, closingDate, type ApiCommandOptions } from './api-command';
import { loanText } from './order-text';
import { outputOption, print } from './output';

/** `voie loans …`: the loan routes from a terminal, against a running voie. */
export function loansCommand(connect: (options: ApiCommandOptions) => ApiClient): Command {
  const loans = new Command('loans').description('a loan of a running voie: the one closing date of all its orders');
  const leaf = (name: string, description: string): Command =>
    loans
      .command(name)
      .description(description)
      .argument('<loan-id>', "the LOS's loan id (the orders' loan_id)")
      .option('--url <url>', 'the voie API to call (default: VOIE_URL, else http://127.0.0.1:$PORT)')
      .addOption(outputOption())
      .addHelpText('after', API_ENVIRONMENT_HELP);

  leaf('get', 'the loan file: its orders, their re-verifications, whether it is ready to close').action(
    async (loanId: string, options: ApiCommandOptions) => {
      print(options.output, await connect(options).getLoan(loanId), loanText);
    },
  );

  leaf('set', 'set, move or clear the closing date of every order of the loan')
    .requiredOption('--closing-date <date>', 'YYYY-MM-DD, or null to clear it')
    .option('--business-days <n>', 'US federal business days before the closing date to re-verify at (1–30)')
    .action(async (loanId: string, options: ApiCommandOptions & { closingDate: string; businessDays?: string }) => {
      const days = options.businessDays;
      const loan = await connect(options).setLoan(loanId, {
        closing_date: closingDate(options.closingDate),
        // As a number when it is one, else as written: the API judges it.
        ...(days === undefined
          ? {}
          : { reverify_business_days_before_closing: /^\d+$/.test(days) ? Number(days) : days }),
      });
      print(options.output, loan, loanText);
    });

  return loans.addHelpText('after', `${API_ENVIRONMENT_HELP}${EXIT_CODES_HELP}`);
}
