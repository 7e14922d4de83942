-- One database per service (CONVENTIONS.md); each service's Flyway migrations create its tables.
CREATE DATABASE customer_service;
CREATE DATABASE order_service;
CREATE DATABASE notification_service;
