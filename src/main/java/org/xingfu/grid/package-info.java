/**
 * 网格: grid workers' field logs of the six duties (民情信息, 政策宣传, 矛盾调处, 便民服务, 疫情防控, 突发事件) with
 * photos, tied to a household or place; special-care residents with a visit interval and the overdue list (seen only
 * by the grid's workers and the community's staff, every view audited); disputes with their mediation sessions,
 * agreement, outcome and follow-up; a hazard found in the field filed as a request in one step, the two records
 * linked; environment inspections (毁绿种菜, 楼道堆放, …) from finding to re-inspection.
 */
@org.springframework.modulith.ApplicationModule(displayName = "网格 Grid work")
package org.xingfu.grid;
