/**
 * 组织架构: the administrative tree from city to household with materialised paths, grids over buildings, the
 * party tree, people and their households, partner units and alliances, property companies, and the roles people
 * hold at nodes. Other modules read it through {@link org.xingfu.organization.OrganizationDirectory}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "组织架构 Organization")
package org.xingfu.organization;
