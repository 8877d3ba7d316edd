"""The settlement engine: how a month's visits become each provider's draft
settlement (approved and exported in vouchers.services.settlement_review).

Only time the customer approved is paid, for each part of it in a time band
of the tariff valid on the visit's start day. From visit to stored draft:

- timeline.py: for one tariff and intervention category, which band every
  instant belongs to (band windows, public holidays, major holidays), gaps
  included: time no band pays.
- pricing.py: the rule. A visit's part in one band pays rate x seconds /
  3600, rounded half up to the öre (a per-visit band pays its rate once);
  one visit priced in Python, for the tariff page's preview.
- index.py: every timeline the month needs, with its rates in öre, as
  arrays the SQL reads by subscript.
- segments.py: one SQL scan cuts each of the month's visits at its
  timeline's pieces and sums the parts per provider, service and band;
  time paid back in the month counts negatively.
- run.py: settlement_run turns the sums into lines (bands, corrections,
  supplements, per-month bands by the days of the customers' choices) and
  keeps the time no band pays or not approved.
- store.py: writes only the drafts whose figures changed; approved and
  exported settlements are never touched, so a second run changes nothing.
- jobs.py: the month as a background job, its providers in parts, one
  Celery task (vouchers.tasks) each.
- selectors.py: what the settlement pages read of it."""
