package io.jcacheredis;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class whose tests and lifecycle methods are given their Redis servers as parameters
 * ({@link RedisServerExtension}) instead of starting and stopping them in set-up code of their own.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RedisServerExtension.class)
public @interface WithRedis {
}
