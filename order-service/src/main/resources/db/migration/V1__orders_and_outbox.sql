create table orders (
    id          uuid primary key,
    customer_id uuid          not null,
    status      varchar(16)   not null check (status in ('CONFIRMED', 'REJECTED', 'CANCELLED')),
    total       numeric(38, 2) not null,
    reason      text,
    created_at  timestamptz   not null,
    updated_at  timestamptz   not null
);

create index orders_customer_idx on orders (customer_id, created_at);

create table order_line (
    order_id   uuid           not null references orders (id),
    line_no    integer        not null,
    sku        varchar(100)   not null,
    quantity   integer        not null check (quantity >= 1),
    unit_price numeric(38, 2) not null check (unit_price > 0),
    primary key (order_id, line_no)
);

-- Transactional outbox: written in the same transaction as the order, relayed to Kafka by OutboxRelay.
-- id is the event id (ce_id); sequence gives the publication order.
create table outbox_event (
    id           uuid primary key,
    sequence     bigserial    not null unique,
    aggregate_id varchar(64)  not null,
    event_type   varchar(200) not null,
    payload      bytea        not null,
    traceparent  text,
    created_at   timestamptz  not null,
    published_at timestamptz
);

-- The relay only ever looks at what is still pending, in order.
create index outbox_event_pending_idx on outbox_event (sequence) where published_at is null;
