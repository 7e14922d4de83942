-- The outbox relay claims a batch in one short statement, then sends it with no transaction, row lock or advisory
-- lock open (DESIGN.md section 6), then marks what Kafka acknowledged. The claim is what keeps other instances off
-- the rows meanwhile: claimed_by is the relay that holds them, claimed_until when its claim lapses (a relay that
-- crashed mid-batch; its rows are claimable again then). Both are cleared when the row is marked or released.
alter table outbox_event add column claimed_by uuid;
alter table outbox_event add column claimed_until timestamptz;

-- A row is claimed only together with every earlier pending row of its key (order per key): the claim looks those up.
create index outbox_event_pending_key_idx on outbox_event (aggregate_id, sequence) where published_at is null;
