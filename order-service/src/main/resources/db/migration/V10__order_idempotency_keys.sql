-- Idempotency-Key of POST /api/orders: the key is claimed (with the order id it will get and a fingerprint of the
-- request) BEFORE customer-service is called, so a retry or a racing duplicate reuses the same order id and the
-- credit reservation, idempotent per order id, happens once.
create table order_idempotency_key (
    idempotency_key varchar(200) primary key,
    fingerprint     char(64)     not null,
    order_id        uuid         not null unique,
    created_at      timestamptz  not null
);
