/**
 * 审计: the append-only, tamper-evident log of every state-changing action. It listens to
 * {@link org.xingfu.shared.ActionRecorded}; nobody depends on it.
 */
@org.springframework.modulith.ApplicationModule(displayName = "审计 Audit")
package org.xingfu.audit;
