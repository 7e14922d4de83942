package com.example.platform.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A real Kafka broker (one embedded KRaft broker per JVM, or a container where Docker runs); {@code spring.kafka.bootstrap-servers} points at it.
 * Where it comes from is decided once, by {@link PlatformInfrastructure}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface UseKafka {

}
