-- Customers and the credit they have left. The checks are the last line of defence against an overdraft.
create table customers (
    id               uuid primary key,
    name             varchar(200)   not null,
    email            varchar(320)   not null,
    credit_limit     numeric(19, 2) not null check (credit_limit >= 0),
    available_credit numeric(19, 2) not null check (available_credit >= 0 and available_credit <= credit_limit),
    created_at       timestamptz    not null default now()
);

-- One customer per e-mail address, whatever its case.
create unique index customers_email_key on customers (lower(email));

-- One credit decision per order: the order id is the idempotency key of ReserveCredit and ReleaseCredit.
-- REFUSED rows keep the answer for a retry; RELEASED rows with amount 0 are tombstones of a release that
-- came before any reservation, so a late reservation for that order is refused instead of holding credit.
create table credit_reservations (
    order_id    varchar(100)   primary key,
    customer_id uuid           not null references customers (id),
    amount      numeric(19, 2) not null check (amount >= 0),
    status      varchar(16)    not null check (status in ('RESERVED', 'REFUSED', 'RELEASED')),
    reason      varchar(500),
    created_at  timestamptz    not null default now(),
    updated_at  timestamptz    not null default now()
);

create index credit_reservations_customer_id_idx on credit_reservations (customer_id);
