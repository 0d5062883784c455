/**
 * Events for other government systems (a city's 12345 hotline, the province's data platform): some module events,
 * stripped of personal data, are externalised to Kafka topics when a broker is configured. Spring Modulith's JDBC
 * event publication registry keeps each one until the broker acknowledged it, so a broker outage delays them and
 * loses none.
 */
@org.springframework.modulith.ApplicationModule(displayName = "对外事件 Integration")
package org.xingfu.integration;
