-- One database per service (docs/architecture.md, Conventions); each service's Flyway migrations create its tables.
CREATE DATABASE customer_service;
CREATE DATABASE order_service;
CREATE DATABASE notification_service;
