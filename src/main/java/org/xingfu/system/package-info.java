/**
 * The running platform: the embedded PostgreSQL when no external database is configured, web and i18n
 * configuration, the layout, error pages and problem+json answers, and the home pages.
 */
@org.springframework.modulith.ApplicationModule(displayName = "系统 System")
package org.xingfu.system;
