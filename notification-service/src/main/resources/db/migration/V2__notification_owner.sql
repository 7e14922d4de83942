-- Object-level authorization (OWASP API1): the token subject of the principal that placed the order, from the
-- event's owner field. Only that principal reads the notification. Events from before ownership existed carry no
-- owner: their notifications keep owner NULL and nobody reads them through the API.
ALTER TABLE notification ADD COLUMN owner varchar(255);

CREATE INDEX notification_owner_idx ON notification (owner, created_at);
