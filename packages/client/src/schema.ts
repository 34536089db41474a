// Generated from packages/client/openapi.json by `npm run client:generate`: do not edit.

export interface paths {
  '/v1/orders': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List orders, newest first */
    get: operations['listOrders'];
    put?: never;
    /** Place a verification order (idempotent by external_id) */
    post: operations['placeOrder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read an order */
    get: operations['getOrder'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    /** Set, move or clear (null) the closing date, which the re-verification before closing counts from */
    patch: operations['patchOrder'];
    trace?: never;
  };
  '/v1/orders/{id}/reverify': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Run the re-verification before closing now */
    post: operations['reverifyOrder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}/report': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The report of a completed order */
    get: operations['getOrderReport'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}/report.pdf': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The provider's PDF of a completed order's report, read on demand and streamed */
    get: operations['getOrderReportPdf'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel an order at the provider */
    post: operations['cancelOrder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Every attempt at delivering the order's result events to the LOS, redeliveries included */
    get: operations['getOrderDeliveries'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/orders/{id}/redeliver': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the order's latest result event again, with its original webhook-id, on the retry schedule */
    post: operations['redeliverOrder'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The process serves HTTP */
    get: operations['health'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The API reaches Temporal */
    get: operations['readiness'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This document */
    get: operations['openApiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/webhooks/{provider}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** A provider's webhook, verified by the provider's own signature or token */
    post: operations['receiveWebhook'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v1/loans/{loan_id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read the loan file: its orders, their re-verifications, whether the loan is ready to close */
    get: operations['getLoan'];
    /** Set, move or clear (null) the closing date of every order of the loan, and of every order placed later with its loan_id */
    put: operations['putLoan'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export interface webhooks {
  'order.created': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.created: sent once the provider order exists (with applicant_action.share_url where the applicant must act) */
    post: operations['orderCreatedEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.provider_changed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.provider_changed: sent at each move of a waterfall to its next provider, with the new step's provider */
    post: operations['orderProviderChangedEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.action_required': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.action_required: sent when the order needs the applicant or the lender to act and is not canceled by policy */
    post: operations['orderActionRequiredEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.completed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.completed: sent when the order ends verified; data.report carries the report of every verified employer */
    post: operations['orderCompletedEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.canceled': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.canceled: sent when the order ends canceled (by the LOS, by policy or by the provider) */
    post: operations['orderCanceledEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.expired': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.expired: sent when the order ends at its deadline */
    post: operations['orderExpiredEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.failed': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.failed: sent when the order ends otherwise; order.result.error.reason says why */
    post: operations['orderFailedEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  'order.reverified': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** order.reverified: sent when a re-verification before closing ends; data.reverification is its result and report */
    post: operations['orderReverifiedEvent'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export interface components {
  schemas: {
    OrderRequest: {
      external_id: string;
      /** @enum {string} */
      provider?: 'truework' | 'truv' | 'truework-instant';
      providers?: ('truework' | 'truv' | 'truework-instant')[];
      /** @description a named waterfall of VOIE_WATERFALLS, instead of provider or providers */
      waterfall?: string;
      /**
       * @default employment-income
       * @enum {string}
       */
      type?: 'employment-income' | 'employment';
      permissible_purpose?: string;
      /** @default mortgage */
      use_case?: string;
      loan_id?: string & (unknown & unknown);
      applicant: {
        first_name: string;
        last_name: string;
        ssn: string;
        /** Format: date */
        date_of_birth?: string;
        /** Format: email */
        email?: string;
        phone?: string;
      };
      employer?: {
        name: string;
        address?: {
          line1?: string;
          line2?: string;
          city?: string;
          state?: string;
          postal_code?: string;
          country?: string;
        };
      };
      employers?: {
        name: string;
        address?: {
          line1?: string;
          line2?: string;
          city?: string;
          state?: string;
          postal_code?: string;
          country?: string;
        };
      }[];
      /** Format: uri */
      callback_url?: string;
      /**
       * Format: date
       * @description at most a year after today (the lender's calendar day, VOIE_TIMEZONE); further is 400
       */
      closing_date?: string;
      /** @default {} */
      options?: {
        cancel_on_action_required?: boolean;
        /** @description first silence after which the provider is polled; default VOIE_POLL_INTERVAL; 1s to 24h */
        poll_interval?: string;
        /** @description time from the start after which an open order is canceled and ends expired; default VOIE_ORDER_DEADLINE; 1m to 90d */
        deadline?: string;
        /** @description how long each step of a waterfall may take; default 72h; 10s to the order's deadline */
        step_deadline?: string;
        /** @description with closing_date: US federal business days before it; default 5 */
        reverify_business_days_before_closing?: number;
        /** @description re-verify this tenant's verification of the same borrower and employer at the step's provider, within the provider's free window (Truework 90 days, Truv 90 days), instead of creating a provider order; default VOIE_REUSE (off) */
        reuse?: boolean;
      };
    } & ((unknown | unknown) & (unknown | unknown | unknown) & unknown & unknown & unknown & unknown);
    OrderPatch: {
      closing_date: string | null;
    };
    OrderCancel: {
      reason?: string;
    };
    LoanClosing: {
      closing_date: string | null;
      /** @description US federal business days before the closing date; absent: the loan's, else VOIE_REVERIFY_BUSINESS_DAYS */
      reverify_business_days_before_closing?: number;
    };
    Order: {
      id: string;
      external_id: string;
      /** @enum {string} */
      provider: 'truework' | 'truv' | 'truework-instant';
      provider_order_id: string | null;
      /** @description The named waterfall (VOIE_WATERFALLS) the order asked for; null otherwise */
      waterfall: string | null;
      /** @enum {string} */
      status:
        'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
      /** @enum {string} */
      type: 'employment-income' | 'employment';
      loan_id: string | null;
      applicant: {
        first_name: string;
        last_name: string;
        ssn_last4: string;
      };
      /** @description The first employer's name */
      employer: {
        name: string;
      };
      /** @description One per employer, in the order they were sent */
      employments: {
        employer: {
          name: string;
        };
        provider_order_id: string | null;
        /** @enum {string} */
        status:
          'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
        /** @description Null while the provider is still at work on this employer */
        outcome: ('verified' | 'not_found' | 'canceled' | 'failed') | null;
      }[];
      /** @description Every provider step so far, in order: one per provider a waterfall tried (an order of one provider has one). `provider` and `provider_order_id` above are the current step’s */
      attempts: {
        /** @enum {string} */
        provider: 'truework' | 'truv' | 'truework-instant';
        provider_order_id: string | null;
        /** @enum {string} */
        status:
          'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
        /** @description Null while the step runs */
        outcome:
          | ('verified' | 'no_data' | 'not_found' | 'expired' | 'applicant_inactive' | 'provider_error' | 'canceled')
          | null;
        /** Format: date-time */
        started_at: string;
        ended_at: string | null;
        reason: string | null;
        /** @description What the step's completed provider orders cost at the prices of the order's placement (VOIE_PROVIDER_PRICES), in US dollars; 0 when nothing completed. Null without prices, or when something bought has no price */
        estimated_cost: number | null;
        /** @description The order (vo_…) whose verification this step re-verified instead of creating a provider order (options.reuse); null when the step created its own */
        reused: string | null;
      }[];
      /** Format: date-time */
      created_at: string;
      /** Format: date-time */
      updated_at: string;
      events: {
        /** Format: date-time */
        at: string;
        /** @enum {string} */
        source: 'webhook' | 'poll' | 'api' | 'system';
        type: string;
        /** @enum {string} */
        status?:
          'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
        detail?: string;
        tenant?: string;
      }[];
      applicant_action: {
        /** Format: uri */
        share_url: string;
      } | null;
      result: {
        error?: {
          reason: string;
          provider_status?: string;
        };
        delivery: {
          /** @enum {string} */
          state: 'none' | 'pending' | 'delivered' | 'failed' | 'stopped';
          last_event?: string;
          /** @description The attempts at delivering last_event so far (1 when it landed at its first try) */
          attempts: number;
          last_status?: number | null;
          last_error?: string;
          next_attempt_at?: string | null;
        };
      } | null;
      /** @description The loan's closing date, or the order's own */
      closing_date: string | null;
      completed_at: string | null;
      /** @description Until when the completed order can be re-verified (VOIE_REVERIFY_WINDOW after it completed) */
      reverifiable_until: string | null;
      /** @description The current re-verification (scheduled, running or last run); null when there is none */
      reverification: {
        /** @description The closing date it is due for; null for one the LOS ran without a closing date */
        closing_date: string | null;
        /** Format: date-time */
        due_at: string;
        /** @enum {string} */
        status: 'scheduled' | 'running' | 'verified' | 'changed' | 'failed' | 'canceled';
        checked_at: string | null;
        changes: string[];
        reason: string | null;
      } | null;
      /** @description Every re-verification, oldest first, the current one last */
      reverifications: {
        /** @description The closing date it is due for; null for one the LOS ran without a closing date */
        closing_date: string | null;
        /** Format: date-time */
        due_at: string;
        /** @enum {string} */
        status: 'scheduled' | 'running' | 'verified' | 'changed' | 'failed' | 'canceled';
        checked_at: string | null;
        changes: string[];
        reason: string | null;
      }[];
      /** @description What the order's completed provider orders cost (every step's, and the re-checks of its re-verifications) at the prices of its placement (VOIE_PROVIDER_PRICES), in US dollars; 0 when nothing completed. Null without prices, or when something bought has no price */
      estimated_cost: number | null;
    };
    Report: {
      normalized: {
        /** @enum {string} */
        provider: 'truework' | 'truv' | 'truework-instant';
        report_ids: string[];
        /** @description The reference ids a lender submits to Fannie Mae and Freddie Mac; empty when none */
        gse: {
          /** @enum {string} */
          agency: 'fannie_mae' | 'freddie_mac';
          /** @enum {string} */
          program: 'd1c' | 'aim' | 'other';
          reference_id: string;
        }[];
        as_of: string | null;
        employee: {
          first_name: string | null;
          last_name: string | null;
        };
        employments: {
          employer: {
            name: string;
            address?: {
              line1?: string;
              line2?: string;
              city?: string;
              state?: string;
              postal_code?: string;
              country?: string;
            };
            ein?: string;
          };
          /** @enum {string} */
          status: 'active' | 'inactive' | 'unknown';
          start_date: string | null;
          end_date: string | null;
          position: {
            title: string | null;
            employment_type: ('full-time' | 'part-time' | 'contract' | 'other') | null;
          };
          /** @description Null in an employment-only (VOE) report */
          pay: {
            rate: number | null;
            unit: ('annual' | 'monthly' | 'semimonthly' | 'biweekly' | 'weekly' | 'daily' | 'hourly' | 'other') | null;
            frequency:
              ('annual' | 'monthly' | 'semimonthly' | 'biweekly' | 'weekly' | 'daily' | 'hourly' | 'other') | null;
            hours_per_week: number | null;
          } | null;
          income: {
            year: number;
            base: number | null;
            overtime: number | null;
            commission: number | null;
            bonus: number | null;
            other: number | null;
            total: number | null;
          }[];
        }[];
      };
      provider_report: unknown;
    };
    Problem: {
      type: string;
      title: string;
      status: number;
      detail: string;
      errors?: {
        field: string;
        message: string;
      }[];
      /** @description The request's correlation id, also in the `X-Request-Id` header and in voie's logs */
      correlation_id?: string;
    };
    InternalProblem: {
      type: string;
      title: string;
      status: number;
      detail: string;
      errors?: {
        field: string;
        message: string;
      }[];
      /** @description The request's correlation id, also in the `X-Request-Id` header and in voie's logs */
      correlation_id: string;
    };
    OrderList: {
      data: {
        id: string;
        external_id: string | null;
        provider: ('truework' | 'truv' | 'truework-instant') | null;
        provider_order_id: string | null;
        status:
          | (
              | 'creating'
              | 'pending'
              | 'processing'
              | 'action_required'
              | 'completed'
              | 'canceled'
              | 'expired'
              | 'failed'
            )
          | null;
        loan_id: string | null;
        created_at: string | null;
        closed_at: string | null;
      }[];
      next_cursor: string | null;
    };
    DeliveryLog: {
      data: components['schemas']['DeliveryAttempt'][];
    };
    DeliveryAttempt: {
      webhook_id: string;
      /** @enum {string} */
      type:
        | 'order.created'
        | 'order.provider_changed'
        | 'order.action_required'
        | 'order.completed'
        | 'order.canceled'
        | 'order.expired'
        | 'order.failed'
        | 'order.reverified';
      attempt: number;
      /** Format: date-time */
      at: string;
      /** @description The LOS's HTTP status; null when it never answered */
      status: number | null;
      /** @enum {string} */
      outcome: 'delivered' | 'failed' | 'gone';
      error: string | null;
      /** @description Whether POST /v1/orders/{id}/redeliver asked for it */
      redelivery: boolean;
    };
    RedeliveryAccepted: {
      webhook_id: string;
      /** @enum {string} */
      type:
        | 'order.created'
        | 'order.provider_changed'
        | 'order.action_required'
        | 'order.completed'
        | 'order.canceled'
        | 'order.expired'
        | 'order.failed'
        | 'order.reverified';
    };
    Health: {
      /** @constant */
      status: 'ok';
    };
    Readiness:
      | {
          /** @constant */
          status: 'ready';
        }
      | {
          /** @constant */
          status: 'unavailable';
          detail: string;
        };
    WebhookReceipt: {
      /** @constant */
      received: true;
    };
    LoanFile: {
      loan_id: string;
      /**
       * Format: date
       * @description Null until the LOS sets one
       */
      closing_date: string | null;
      /** @description The start of the re-verification's due day (UTC); null without a closing date */
      reverification_due_at: string | null;
      orders: {
        id: string;
        external_id: string;
        /** @enum {string} */
        status:
          'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
        /** @enum {string} */
        type: 'employment-income' | 'employment';
        applicant: {
          first_name: string;
          last_name: string;
          ssn_last4: string;
        };
        /** @description One per employer, in the order they were sent */
        employments: {
          employer: {
            name: string;
          };
          provider_order_id: string | null;
          /** @enum {string} */
          status:
            'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
          /** @description Null while the provider is still at work on this employer */
          outcome: ('verified' | 'not_found' | 'canceled' | 'failed') | null;
        }[];
        /** @description The current re-verification (scheduled, running or last run); null when there is none */
        reverification: {
          /** @description The closing date it is due for; null for one the LOS ran without a closing date */
          closing_date: string | null;
          /** Format: date-time */
          due_at: string;
          /** @enum {string} */
          status: 'scheduled' | 'running' | 'verified' | 'changed' | 'failed' | 'canceled';
          checked_at: string | null;
          changes: string[];
          reason: string | null;
        } | null;
        /** @description What the order's completed provider orders cost (every step's, and the re-checks of its re-verifications) at the prices of its placement (VOIE_PROVIDER_PRICES), in US dollars; 0 when nothing completed. Null without prices, or when something bought has no price */
        estimated_cost: number | null;
      }[];
      /** @description The agency reference ids of every order of the loan */
      gse: {
        /** @enum {string} */
        agency: 'fannie_mae' | 'freddie_mac';
        /** @enum {string} */
        program: 'd1c' | 'aim' | 'other';
        reference_id: string;
      }[];
      /** @description The sum of the loan's orders' estimated costs (null when one of them is null), in US dollars; 0 when nothing completed. Null without prices, or when something bought has no price */
      estimated_cost: number | null;
      /** @description A closing date is set, at least one order the LOS did not cancel, and every such order completed with a verified employment and a verified re-verification checked on or after the start of the due day */
      ready_to_close: boolean;
      /** @description Why the loan is not ready, one line per order (or for the loan); empty when ready */
      blocking: string[];
    };
    DeliveryEvent: {
      /** @enum {string} */
      type:
        | 'order.created'
        | 'order.provider_changed'
        | 'order.action_required'
        | 'order.completed'
        | 'order.canceled'
        | 'order.expired'
        | 'order.failed'
        | 'order.reverified';
      /** Format: date-time */
      timestamp: string;
      data: {
        order: components['schemas']['Order'];
        report?: components['schemas']['Report'];
        reverification?: {
          /** @description The closing date it is due for; null for one the LOS ran without a closing date */
          closing_date: string | null;
          /** Format: date-time */
          due_at: string;
          /** @enum {string} */
          status: 'scheduled' | 'running' | 'verified' | 'changed' | 'failed' | 'canceled';
          checked_at: string | null;
          changes: string[];
          reason: string | null;
          report: {
            /** @enum {string} */
            provider: 'truework' | 'truv' | 'truework-instant';
            report_ids: string[];
            /** @description The reference ids a lender submits to Fannie Mae and Freddie Mac; empty when none */
            gse: {
              /** @enum {string} */
              agency: 'fannie_mae' | 'freddie_mac';
              /** @enum {string} */
              program: 'd1c' | 'aim' | 'other';
              reference_id: string;
            }[];
            as_of: string | null;
            employee: {
              first_name: string | null;
              last_name: string | null;
            };
            employments: {
              employer: {
                name: string;
                address?: {
                  line1?: string;
                  line2?: string;
                  city?: string;
                  state?: string;
                  postal_code?: string;
                  country?: string;
                };
                ein?: string;
              };
              /** @enum {string} */
              status: 'active' | 'inactive' | 'unknown';
              start_date: string | null;
              end_date: string | null;
              position: {
                title: string | null;
                employment_type: ('full-time' | 'part-time' | 'contract' | 'other') | null;
              };
              /** @description Null in an employment-only (VOE) report */
              pay: {
                rate: number | null;
                unit:
                  ('annual' | 'monthly' | 'semimonthly' | 'biweekly' | 'weekly' | 'daily' | 'hourly' | 'other') | null;
                frequency:
                  ('annual' | 'monthly' | 'semimonthly' | 'biweekly' | 'weekly' | 'daily' | 'hourly' | 'other') | null;
                hours_per_week: number | null;
              } | null;
              income: {
                year: number;
                base: number | null;
                overtime: number | null;
                commission: number | null;
                bonus: number | null;
                other: number | null;
                total: number | null;
              }[];
            }[];
          } | null;
        };
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: {
    /** @description The request's correlation id: the caller's own when sane, else a new UUID; in voie's logs too */
    'X-Request-Id': string;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listOrders: {
    parameters: {
      query?: {
        status?:
          'creating' | 'pending' | 'processing' | 'action_required' | 'completed' | 'canceled' | 'expired' | 'failed';
        provider?: 'truework' | 'truv' | 'truework-instant';
        external_id?: string;
        loan_id?: string & (unknown & unknown);
        limit?: number;
        cursor?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description a page of orders */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrderList'];
        };
      };
      /** @description invalid parameters, each named in errors, or a cursor voie did not hand out */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  placeOrder: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "external_id": "los-loan-1042-voie-1",
         *       "provider": "truework",
         *       "permissible_purpose": "credit-application",
         *       "loan_id": "LN-1042",
         *       "applicant": {
         *         "first_name": "Jane",
         *         "last_name": "Doe",
         *         "ssn": "000-00-0000",
         *         "date_of_birth": "1985-04-12"
         *       },
         *       "employer": {
         *         "name": "Acme Corp"
         *       }
         *     }
         */
        'application/json': components['schemas']['OrderRequest'];
      };
    };
    responses: {
      /** @description the same order again (same external_id and body) */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "vo_3f9a1c2b7d4e5f6a7b8c9d0e",
           *       "external_id": "los-loan-1042-voie-1",
           *       "provider": "truework",
           *       "provider_order_id": "vr_8c1d2e3f",
           *       "waterfall": null,
           *       "status": "pending",
           *       "type": "employment-income",
           *       "loan_id": "LN-1042",
           *       "applicant": {
           *         "first_name": "Jane",
           *         "last_name": "Doe",
           *         "ssn_last4": "0000"
           *       },
           *       "employer": {
           *         "name": "Acme Corp"
           *       },
           *       "employments": [
           *         {
           *           "employer": {
           *             "name": "Acme Corp"
           *           },
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null
           *         }
           *       ],
           *       "attempts": [
           *         {
           *           "provider": "truework",
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null,
           *           "started_at": "2026-03-02T14:05:00.000Z",
           *           "ended_at": null,
           *           "reason": null,
           *           "estimated_cost": 0,
           *           "reused": null
           *         }
           *       ],
           *       "created_at": "2026-03-02T14:05:00.000Z",
           *       "updated_at": "2026-03-02T14:05:02.000Z",
           *       "events": [
           *         {
           *           "at": "2026-03-02T14:05:02.000Z",
           *           "source": "system",
           *           "type": "provider_order_created",
           *           "status": "pending"
           *         }
           *       ],
           *       "applicant_action": null,
           *       "result": null,
           *       "closing_date": null,
           *       "completed_at": null,
           *       "reverifiable_until": null,
           *       "reverification": null,
           *       "reverifications": [],
           *       "estimated_cost": 0
           *     }
           */
          'application/json': components['schemas']['Order'];
        };
      };
      /** @description a new order */
      201: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "vo_3f9a1c2b7d4e5f6a7b8c9d0e",
           *       "external_id": "los-loan-1042-voie-1",
           *       "provider": "truework",
           *       "provider_order_id": "vr_8c1d2e3f",
           *       "waterfall": null,
           *       "status": "pending",
           *       "type": "employment-income",
           *       "loan_id": "LN-1042",
           *       "applicant": {
           *         "first_name": "Jane",
           *         "last_name": "Doe",
           *         "ssn_last4": "0000"
           *       },
           *       "employer": {
           *         "name": "Acme Corp"
           *       },
           *       "employments": [
           *         {
           *           "employer": {
           *             "name": "Acme Corp"
           *           },
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null
           *         }
           *       ],
           *       "attempts": [
           *         {
           *           "provider": "truework",
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null,
           *           "started_at": "2026-03-02T14:05:00.000Z",
           *           "ended_at": null,
           *           "reason": null,
           *           "estimated_cost": 0,
           *           "reused": null
           *         }
           *       ],
           *       "created_at": "2026-03-02T14:05:00.000Z",
           *       "updated_at": "2026-03-02T14:05:02.000Z",
           *       "events": [
           *         {
           *           "at": "2026-03-02T14:05:02.000Z",
           *           "source": "system",
           *           "type": "provider_order_created",
           *           "status": "pending"
           *         }
           *       ],
           *       "applicant_action": null,
           *       "result": null,
           *       "closing_date": null,
           *       "completed_at": null,
           *       "reverifiable_until": null,
           *       "reverification": null,
           *       "reverifications": [],
           *       "estimated_cost": 0
           *     }
           */
          'application/json': components['schemas']['Order'];
        };
      };
      /** @description invalid fields, each named in errors */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description an order with this external_id exists with a different body */
      409: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body over 1 MiB */
      413: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body is not JSON */
      415: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the order */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "vo_3f9a1c2b7d4e5f6a7b8c9d0e",
           *       "external_id": "los-loan-1042-voie-1",
           *       "provider": "truework",
           *       "provider_order_id": "vr_8c1d2e3f",
           *       "waterfall": null,
           *       "status": "pending",
           *       "type": "employment-income",
           *       "loan_id": "LN-1042",
           *       "applicant": {
           *         "first_name": "Jane",
           *         "last_name": "Doe",
           *         "ssn_last4": "0000"
           *       },
           *       "employer": {
           *         "name": "Acme Corp"
           *       },
           *       "employments": [
           *         {
           *           "employer": {
           *             "name": "Acme Corp"
           *           },
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null
           *         }
           *       ],
           *       "attempts": [
           *         {
           *           "provider": "truework",
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null,
           *           "started_at": "2026-03-02T14:05:00.000Z",
           *           "ended_at": null,
           *           "reason": null,
           *           "estimated_cost": 0,
           *           "reused": null
           *         }
           *       ],
           *       "created_at": "2026-03-02T14:05:00.000Z",
           *       "updated_at": "2026-03-02T14:05:02.000Z",
           *       "events": [
           *         {
           *           "at": "2026-03-02T14:05:02.000Z",
           *           "source": "system",
           *           "type": "provider_order_created",
           *           "status": "pending"
           *         }
           *       ],
           *       "applicant_action": null,
           *       "result": null,
           *       "closing_date": null,
           *       "completed_at": null,
           *       "reverifiable_until": null,
           *       "reverification": null,
           *       "reverifications": [],
           *       "estimated_cost": 0
           *     }
           */
          'application/json': components['schemas']['Order'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  patchOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['OrderPatch'];
      };
    };
    responses: {
      /** @description the order */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "vo_3f9a1c2b7d4e5f6a7b8c9d0e",
           *       "external_id": "los-loan-1042-voie-1",
           *       "provider": "truework",
           *       "provider_order_id": "vr_8c1d2e3f",
           *       "waterfall": null,
           *       "status": "pending",
           *       "type": "employment-income",
           *       "loan_id": "LN-1042",
           *       "applicant": {
           *         "first_name": "Jane",
           *         "last_name": "Doe",
           *         "ssn_last4": "0000"
           *       },
           *       "employer": {
           *         "name": "Acme Corp"
           *       },
           *       "employments": [
           *         {
           *           "employer": {
           *             "name": "Acme Corp"
           *           },
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null
           *         }
           *       ],
           *       "attempts": [
           *         {
           *           "provider": "truework",
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null,
           *           "started_at": "2026-03-02T14:05:00.000Z",
           *           "ended_at": null,
           *           "reason": null,
           *           "estimated_cost": 0,
           *           "reused": null
           *         }
           *       ],
           *       "created_at": "2026-03-02T14:05:00.000Z",
           *       "updated_at": "2026-03-02T14:05:02.000Z",
           *       "events": [
           *         {
           *           "at": "2026-03-02T14:05:02.000Z",
           *           "source": "system",
           *           "type": "provider_order_created",
           *           "status": "pending"
           *         }
           *       ],
           *       "applicant_action": null,
           *       "result": null,
           *       "closing_date": null,
           *       "completed_at": null,
           *       "reverifiable_until": null,
           *       "reverification": null,
           *       "reverifications": [],
           *       "estimated_cost": 0
           *     }
           */
          'application/json': components['schemas']['Order'];
        };
      };
      /** @description invalid fields, each named in errors */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description the re-verification already ran, or the order ended otherwise than completed */
      409: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body over 1 MiB */
      413: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body is not JSON */
      415: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  reverifyOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the re-verification starts now */
      202: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "vo_3f9a1c2b7d4e5f6a7b8c9d0e",
           *       "external_id": "los-loan-1042-voie-1",
           *       "provider": "truework",
           *       "provider_order_id": "vr_8c1d2e3f",
           *       "waterfall": null,
           *       "status": "pending",
           *       "type": "employment-income",
           *       "loan_id": "LN-1042",
           *       "applicant": {
           *         "first_name": "Jane",
           *         "last_name": "Doe",
           *         "ssn_last4": "0000"
           *       },
           *       "employer": {
           *         "name": "Acme Corp"
           *       },
           *       "employments": [
           *         {
           *           "employer": {
           *             "name": "Acme Corp"
           *           },
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null
           *         }
           *       ],
           *       "attempts": [
           *         {
           *           "provider": "truework",
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null,
           *           "started_at": "2026-03-02T14:05:00.000Z",
           *           "ended_at": null,
           *           "reason": null,
           *           "estimated_cost": 0,
           *           "reused": null
           *         }
           *       ],
           *       "created_at": "2026-03-02T14:05:00.000Z",
           *       "updated_at": "2026-03-02T14:05:02.000Z",
           *       "events": [
           *         {
           *           "at": "2026-03-02T14:05:02.000Z",
           *           "source": "system",
           *           "type": "provider_order_created",
           *           "status": "pending"
           *         }
           *       ],
           *       "applicant_action": null,
           *       "result": null,
           *       "closing_date": null,
           *       "completed_at": null,
           *       "reverifiable_until": null,
           *       "reverification": null,
           *       "reverifications": [],
           *       "estimated_cost": 0
           *     }
           */
          'application/json': components['schemas']['Order'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description the order is not completed, or no re-verification is scheduled */
      409: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getOrderReport: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description normalized and provider report */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Report'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order, or no report yet */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getOrderReportPdf: {
    parameters: {
      query?: {
        /** @description The employer's index in the order's `employments` (0-based); default the first verified */
        employer?: string;
      };
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the provider's PDF (with one report for every employer, as Truv, each index answers it) */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description when the provider gave it */
          'Content-Length'?: number;
          [name: string]: unknown;
        };
        content: {
          'application/pdf': string;
        };
      };
      /** @description employer is not an index of the order, each named in errors */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order, the order is not completed, or the chosen employer was not verified */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description the provider did not give the PDF */
      502: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Temporal is unreachable, or the provider's rate limit gave no slot within a few seconds; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  cancelOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['OrderCancel'];
      };
    };
    responses: {
      /** @description cancel accepted (repeating it is harmless) */
      202: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "vo_3f9a1c2b7d4e5f6a7b8c9d0e",
           *       "external_id": "los-loan-1042-voie-1",
           *       "provider": "truework",
           *       "provider_order_id": "vr_8c1d2e3f",
           *       "waterfall": null,
           *       "status": "pending",
           *       "type": "employment-income",
           *       "loan_id": "LN-1042",
           *       "applicant": {
           *         "first_name": "Jane",
           *         "last_name": "Doe",
           *         "ssn_last4": "0000"
           *       },
           *       "employer": {
           *         "name": "Acme Corp"
           *       },
           *       "employments": [
           *         {
           *           "employer": {
           *             "name": "Acme Corp"
           *           },
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null
           *         }
           *       ],
           *       "attempts": [
           *         {
           *           "provider": "truework",
           *           "provider_order_id": "vr_8c1d2e3f",
           *           "status": "pending",
           *           "outcome": null,
           *           "started_at": "2026-03-02T14:05:00.000Z",
           *           "ended_at": null,
           *           "reason": null,
           *           "estimated_cost": 0,
           *           "reused": null
           *         }
           *       ],
           *       "created_at": "2026-03-02T14:05:00.000Z",
           *       "updated_at": "2026-03-02T14:05:02.000Z",
           *       "events": [
           *         {
           *           "at": "2026-03-02T14:05:02.000Z",
           *           "source": "system",
           *           "type": "provider_order_created",
           *           "status": "pending"
           *         }
           *       ],
           *       "applicant_action": null,
           *       "result": null,
           *       "closing_date": null,
           *       "completed_at": null,
           *       "reverifiable_until": null,
           *       "reverification": null,
           *       "reverifications": [],
           *       "estimated_cost": 0
           *     }
           */
          'application/json': components['schemas']['Order'];
        };
      };
      /** @description invalid fields, each named in errors */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description the order already ended (and no re-verification is scheduled) */
      409: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body over 1 MiB */
      413: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getOrderDeliveries: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the attempts, oldest first */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DeliveryLog'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  redeliverOrder: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description redelivery under way */
      202: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RedeliveryAccepted'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no such order */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description the order never had a result event to deliver */
      409: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  health: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description alive */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
    };
  };
  readiness: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description ready */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is not reachable */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Readiness'];
        };
      };
    };
  };
  openApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OpenAPI 3.1 */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': Record<string, never>;
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
    };
  };
  receiveWebhook: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        provider: 'truework' | 'truv' | 'truework-instant';
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': unknown;
      };
    };
    responses: {
      /** @description received (handed to its order, or concerning none) */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['WebhookReceipt'];
        };
      };
      /** @description body is not JSON, or an id, event or status in it is over 256 characters */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong webhook credentials */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no webhook ingress for this provider */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body over 256 KiB */
      413: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description unsupported body encoding */
      415: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description over VOIE_WEBHOOK_RATE_LIMIT from this address; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getLoan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        loan_id: string & (unknown & unknown);
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description the loan file */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoanFile'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no order with this loan_id */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  putLoan: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        loan_id: string & (unknown & unknown);
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['LoanClosing'];
      };
    };
    responses: {
      /** @description the loan file */
      200: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['LoanFile'];
        };
      };
      /** @description invalid fields, each named in errors */
      400: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description missing or wrong API key */
      401: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description no order with this loan_id */
      404: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body over 1 MiB */
      413: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description body is not JSON */
      415: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description rate limited; see Retry-After */
      429: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description a bug in voie, logged with the correlation id the body and X-Request-Id give */
      500: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['InternalProblem'];
        };
      };
      /** @description Temporal is unreachable; see Retry-After */
      503: {
        headers: {
          'X-Request-Id': components['headers']['X-Request-Id'];
          /** @description seconds to wait before retrying */
          'Retry-After'?: string;
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  orderCreatedEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.created';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderProviderChangedEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.provider_changed';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderActionRequiredEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.action_required';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderCompletedEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.completed';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderCanceledEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.canceled';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderExpiredEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.expired';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderFailedEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.failed';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
  orderReverifiedEvent: {
    parameters: {
      query?: never;
      header: {
        /** @description The same on every retry and redelivery of one event: the LOS drops an id it has seen */
        'webhook-id': string;
        /** @description Seconds since the epoch when this attempt was signed; refuse one too old */
        'webhook-timestamp': string;
        /** @description Space-separated v1,<base64 HMAC-SHA256 of id.timestamp.body> keyed by VOIE_CALLBACK_SECRET (one per secret while a secret rotates) */
        'webhook-signature': string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['DeliveryEvent'] & {
          /** @constant */
          type: 'order.reverified';
        };
      };
    };
    responses: {
      /** @description gone: voie stops delivering this order's events */
      410: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description received: the delivery of this event ends */
      '2XX': {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description retried with backoff for at least 24 hours, under the same webhook-id */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
    };
  };
}
