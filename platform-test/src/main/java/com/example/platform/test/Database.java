package com.example.platform.test;

/** Where a test's own database is and how to log in. */
public record Database(String name, String url, String username, String password) {
}
