package org.xingfu.system;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The {@code @Scheduled} jobs run in the server, not while a console command ({@link Commands}) runs. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "xingfu.scheduling.enabled", havingValue = "true", matchIfMissing = true)
class Scheduling {
}
