/**
 * 账户与权限: accounts with hashed passwords, login with lockout, bearer tokens for the JSON API, and the
 * security configuration that turns an account's role grants into an {@link org.xingfu.shared.Actor}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "账户与权限 Identity")
package org.xingfu.identity;
