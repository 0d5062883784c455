/**
 * 老旧小区改造: renovation projects over plots (compounds), buildings and floor area, with scope items and their
 * quantities (metres of pipe, square metres of roof), residents' opinions gathered before the scope is fixed and
 * published, milestones with progress, and the completion acceptance (竣工验收): document review, self-assessment,
 * on-site inspection with its list of defects, re-check, then accepted or not, all kept on record. City and street
 * totals as the seed reports them.
 */
@org.springframework.modulith.ApplicationModule(displayName = "老旧小区改造 Renovation")
package org.xingfu.renovation;
