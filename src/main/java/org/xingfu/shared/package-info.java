/**
 * Shared kernel: the few types every capability speaks (the acting user and their scope, roles, node types,
 * masking of personal data, the audit event, the standard exceptions). Deliberately small.
 */
@org.springframework.modulith.ApplicationModule(displayName = "共享内核 Shared kernel", type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.xingfu.shared;
