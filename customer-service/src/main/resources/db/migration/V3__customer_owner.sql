-- Object-level authorization (OWASP API1): the token subject of the principal that created the customer.
-- Customers created before ownership existed keep owner NULL: they belong to nobody, so no principal reads them
-- or reserves their credit; only a machine caller with scope customers.read.all (notification-service) reads them.
alter table customers add column owner varchar(255);

create index customers_owner_idx on customers (owner, created_at);
