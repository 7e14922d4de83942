-- One database per service (docs/architecture.md, Conventions); each service's Flyway migrations create its tables.
-- [derived from platform.yaml: databases] (edit platform.yaml, then ./platform generate)
CREATE DATABASE customer_service;
CREATE DATABASE order_service;
CREATE DATABASE notification_service;
-- [end of databases]
