-- Run once by the postgres image when its data directory is empty (mounted into /docker-entrypoint-initdb.d).
-- One database per service (docs/architecture.md, Conventions); the services create no database themselves, their
-- Flyway migrations create the tables inside it.
-- [derived from platform.yaml: databases] (edit platform.yaml, then ./platform generate)
CREATE DATABASE customer_service;
CREATE DATABASE order_service;
CREATE DATABASE notification_service;
-- [end of databases]
