package com.example.platform.test.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The application under test trusts {@link TestIssuer#shared()}: its JWKS URI, issuer and the platform audience
 * replace the configured ones, so the test mints its own tokens and the service validates them for real.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface UseTestIssuer {

}
