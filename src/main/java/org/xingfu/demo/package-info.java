/**
 * 演示城市: generates the Gongzhuling-like demo city deterministically on the first start (domain.md section 15),
 * and at a larger size for benchmarks ({@code --xingfu.demo.households=360000}).
 */
@org.springframework.modulith.ApplicationModule(displayName = "演示城市 Demo city")
package org.xingfu.demo;
