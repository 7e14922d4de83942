-- Object-level authorization (OWASP API1): the token subject of the principal that placed the order. Only it
-- reads, lists or cancels the order. Orders placed before ownership existed keep owner NULL: nobody's.
alter table orders add column owner varchar(255);

create index orders_owner_idx on orders (owner, created_at);

-- Idempotency keys are per principal: another principal's request with the same key is a different request (it
-- neither replays nor blocks the first one's order). Keys claimed before ownership existed belong to owner ''.
alter table order_idempotency_key add column owner varchar(255) not null default '';
alter table order_idempotency_key alter column owner drop default;
alter table order_idempotency_key drop constraint order_idempotency_key_pkey;
alter table order_idempotency_key add primary key (owner, idempotency_key);
