package com.example.platform.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A real Redis server (the local one, or a container where Docker runs); {@code spring.data.redis.*} point at it.
 * Where it comes from is decided once, by {@link PlatformInfrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface UseRedis {

}
