-- Compensations order-service still owes customer-service: a ReserveCredit that failed after the request may have
-- reached customer-service (deadline passed, cancelled, UNAVAILABLE/UNKNOWN/INTERNAL) may have committed there, for an
-- order that was never stored. A row is written in the request that gave up, and creditrelease.CreditReleaseRelay calls
-- ReleaseCredit for the order until customer-service answers (idempotent; a release that comes first leaves a tombstone
-- that refuses the late reservation), then deletes the row. attempts counts the calls made; next_attempt_at is when
-- the next may start (claimed rows are pushed forward by the backoff before the call, so a crash retries them later).
create table pending_credit_release (
    order_id        uuid        primary key,
    customer_id     uuid        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null,
    created_at      timestamptz not null,
    last_error      text
);

create index pending_credit_release_due_idx on pending_credit_release (next_attempt_at);
