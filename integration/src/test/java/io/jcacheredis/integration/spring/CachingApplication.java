package io.jcacheredis.integration.spring;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;

/** The application under test: Spring Boot's cache auto-configuration with application.properties. */
@SpringBootApplication
@EnableCaching
public class CachingApplication {
}
