-- Order statistics per customer, kept by the order events consumer (package orderstats).
-- No foreign key to customers: an event is a fact from order-service and is counted as it comes.
create table order_statistics (
    customer_id      uuid           primary key,
    orders_placed    bigint         not null default 0,
    orders_rejected  bigint         not null default 0,
    orders_cancelled bigint         not null default 0,
    placed_total     numeric(19, 2) not null default 0,
    cancelled_total  numeric(19, 2) not null default 0,
    updated_at       timestamptz    not null default now()
);

-- Processed order events (CloudEvents ce_id), written in the same transaction as the statistics:
-- a redelivered or duplicated event finds its id here and changes nothing.
create table processed_order_event (
    event_id     varchar(200) primary key,
    event_type   varchar(200) not null,
    processed_at timestamptz  not null default now()
);
