-- One row per order event notified. The unique event_id (CloudEvents ce_id) doubles as the
-- processed-event record: the notification and its deduplication commit in one statement.
CREATE TABLE notification (
    id          uuid         PRIMARY KEY,
    event_id    varchar(200) NOT NULL,
    order_id    uuid         NOT NULL,
    customer_id uuid         NOT NULL,
    type        varchar(32)  NOT NULL CHECK (type IN ('ORDER_PLACED', 'ORDER_REJECTED', 'ORDER_CANCELLED')),
    recipient   varchar(320) NOT NULL,
    message     text         NOT NULL,
    -- clock_timestamp, not now(): distinct times for rows written in one transaction keep "oldest first" meaningful
    created_at  timestamptz  NOT NULL DEFAULT clock_timestamp(),
    CONSTRAINT notification_event_id_key UNIQUE (event_id)
);

CREATE INDEX notification_order_id_idx ON notification (order_id, created_at);
CREATE INDEX notification_customer_id_idx ON notification (customer_id, created_at);
