/**
 * Dashboards from the city down to a compound (数据驾驶舱): every module's figures through
 * {@link org.xingfu.shared.NodeStatistics}, never their tables; drill-down by child, monthly trends, the big-screen
 * mode for the command centre, a public page of aggregates for a street or the city, the JSON API and the weekly
 * report of a street as PDF.
 */
@org.springframework.modulith.ApplicationModule(displayName = "数据驾驶舱 Dashboard")
package org.xingfu.dashboard;
